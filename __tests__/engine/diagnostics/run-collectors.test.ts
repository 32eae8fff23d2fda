import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Clock } from '../../../src/engine/clock.js';
import type { Exec } from '../../../src/engine/exec.js';
import { collectDiagnostics, type Collector } from '../../../src/engine/diagnostics/index.js';
import { makeStandinHost } from './standin-host.js';

/** A clock that moves only when the test says so; sleeps end when their time is reached. */
class ManualClock implements Clock {
  private waiters: Array<{ until: number; resolve: () => void }> = [];
  constructor(public time = Date.UTC(2026, 11, 3, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter = { until: this.time + ms, resolve };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        resolve();
      });
    });
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.waiters.filter((waiter) => waiter.until <= this.time);
    this.waiters = this.waiters.filter((waiter) => waiter.until > this.time);
    due.forEach((waiter) => waiter.resolve());
  }
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const noExec: Exec = async () => ({
  exitCode: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  startError: 'no exec here',
  durationMs: 0,
});

describe('collectDiagnostics with a hanging, a failing and a working collector', () => {
  it('records each by its outcome, at the limit of the injected clock', async () => {
    const host = makeStandinHost();
    const clock = new ManualClock();
    const hangStarted = deferred();
    const release = deferred();
    const lateWrite = deferred<string>();
    const quickDone = deferred();

    const hangs: Collector = {
      id: 'hangs',
      title: 'Hangs',
      async collect(context) {
        await context.files.writeText('hangs-early.txt', 'written before the limit');
        hangStarted.resolve();
        await release.promise;
        await context.files.writeText('hangs-late.txt', 'written after the limit').then(
          () => lateWrite.resolve('written'),
          (error: Error) => lateWrite.resolve(error.name),
        );
        return {};
      },
    };
    const throws: Collector = {
      id: 'throws',
      title: 'Throws',
      async collect() {
        throw new Error('registry key not found');
      },
    };
    const quick: Collector = {
      id: 'quick',
      title: 'Quick',
      async collect(context) {
        await context.files.writeJson('quick.json', { ok: true });
        clock.advance(250);
        quickDone.resolve();
        return {
          facts: [{ kind: 'disk-free', text: 'Disk space: plenty.', weight: 5 }],
          note: 'fine',
        };
      },
    };
    const skipped: Collector = {
      id: 'elsewhere',
      title: 'Elsewhere',
      platforms: ['darwin'],
      collect: async () => ({}),
    };

    const running = collectDiagnostics({
      settings: host.settings,
      attempts: [],
      outDir: host.outDir,
      platform: 'win32',
      env: host.env,
      exec: noExec,
      clock,
      secrets: [],
      jobStartedAt: clock.now(),
      maxBytes: 1024 * 1024,
      collectorTimeoutMs: 1000,
      reason: 'always',
      log: { debug: () => undefined, info: () => undefined, warning: () => undefined },
      collectors: [hangs, throws, quick, skipped],
    });
    await Promise.all([hangStarted.promise, quickDone.promise]);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(750);
    const result = await running;
    release.resolve();

    const records = Object.fromEntries(
      result.manifest.collectors.map((record) => [record.id, record]),
    );
    expect(records.hangs).toMatchObject({
      status: 'timed-out',
      durationMs: 1000,
      limitMs: 1000,
      files: ['hangs-early.txt'],
    });
    expect(records.throws).toMatchObject({
      status: 'failed',
      reason: 'registry key not found',
      files: [],
    });
    expect(records.quick).toMatchObject({
      status: 'ok',
      durationMs: 250,
      note: 'fine',
      files: ['quick.json'],
    });
    expect(records.elsewhere).toMatchObject({
      status: 'skipped',
      reason: 'applies to darwin only; this host is win32',
    });
    expect(records['build-logs']).toMatchObject({ status: 'ok', limitMs: 4000 });
    expect(result.highlights).toEqual(['Disk space: plenty.']);

    expect(await lateWrite.promise).toBe('ScopeClosedError');
    expect(fs.existsSync(path.join(result.folder, 'hangs-late.txt'))).toBe(false);
    expect(fs.readdirSync(result.folder).sort()).toEqual([
      'hangs-early.txt',
      'manifest.json',
      'quick.json',
    ]);
  });

  it('keeps a secret in a collector error out of the log, the manifest and the result', async () => {
    const host = makeStandinHost();
    const clock = new ManualClock();
    const lines: string[] = [];
    const leaky: Collector = {
      id: 'leaky',
      title: 'Leaky',
      async collect() {
        throw new Error('login failed for token s3cr3t-t0ken-value');
      },
    };
    const result = await collectDiagnostics({
      settings: host.settings,
      attempts: [],
      outDir: host.outDir,
      platform: 'linux',
      env: {},
      exec: noExec,
      clock,
      secrets: ['s3cr3t-t0ken-value'],
      jobStartedAt: clock.now(),
      maxBytes: 1024 * 1024,
      reason: 'always',
      log: {
        debug: (m) => lines.push(m),
        info: (m) => lines.push(m),
        warning: (m) => lines.push(m),
      },
      collectors: [leaky],
    });
    expect(result.manifest.collectors[0].reason).toBe('login failed for token ***');
    expect(fs.readFileSync(path.join(result.folder, 'manifest.json'), 'utf8')).toContain(
      'login failed for token ***',
    );
    expect(lines.some((line) => line.includes('login failed for token ***'))).toBe(true);
    expect(lines.join('\n')).not.toContain('s3cr3t-t0ken-value');
  });

  it('makes a fresh folder for every bundle', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-fresh-'));
    const host = makeStandinHost();
    const clock = new ManualClock();
    const input = {
      settings: host.settings,
      attempts: [],
      outDir,
      platform: 'linux' as const,
      env: {},
      exec: noExec,
      clock,
      secrets: [],
      jobStartedAt: clock.now(),
      maxBytes: 1024 * 1024,
      reason: 'always',
      log: { debug: () => undefined, info: () => undefined, warning: () => undefined },
      collectors: [],
    };
    const first = await collectDiagnostics(input);
    const second = await collectDiagnostics(input);
    expect(path.basename(first.folder)).toBe('wcow-diagnostics-20261203T120000Z');
    expect(path.basename(second.folder)).toBe('wcow-diagnostics-20261203T120000Z-2');
  });
});
