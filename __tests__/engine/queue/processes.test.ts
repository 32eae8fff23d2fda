/**
 * The queue across real processes: each child is the stand-in step of harness.ts, bundled with
 * ncc, taking the slot with the real clock against one shared state folder.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findQueuePaths } from '../../../src/engine/queue/store.js';
import type { HarnessConfig } from './harness.js';
import { makeTempDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ADDRESS = 'npipe:////./pipe/buildkitd';

let work: { dir: string; remove: () => Promise<void> };
let harness: string;

beforeAll(async () => {
  work = await makeTempDir('wcow-queue-proc-');
  const out = path.join(work.dir, 'harness');
  // Transpile only: the bundle needs the queue code, not a type check of the whole project.
  await promisify(execFile)(
    path.join(ROOT, 'node_modules/.bin/ncc'),
    ['build', path.join(ROOT, '__tests__/engine/queue/harness.ts'), '-o', out, '-t', '-q'],
    { cwd: ROOT },
  );
  harness = path.join(out, 'index.js');
}, 120_000);

afterAll(async () => {
  await work.remove();
});

interface Step {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; output: string }>;
}

interface Run {
  readonly stateDir: string;
  readonly records: string;
  start(id: string, settings: Partial<HarnessConfig>, detached?: boolean): Step;
  read(): Promise<Record[]>;
}

interface Record {
  readonly kind: 'request' | 'start' | 'end';
  readonly id: string;
  readonly at: number;
}

let runNumber = 0;

async function newRun(spacingMs: number): Promise<Run> {
  runNumber += 1;
  const stateDir = path.join(work.dir, `state-${runNumber}`);
  const records = path.join(work.dir, `records-${runNumber}.txt`);
  await writeFile(records, '');
  return {
    stateDir,
    records,
    start(id, settings, detached = false) {
      const config: HarnessConfig = {
        stateDir,
        address: ADDRESS,
        spacingMs,
        timeoutMs: 60_000,
        id,
        builds: 1,
        buildMs: 200,
        records,
        ...settings,
      };
      const child = spawn(process.execPath, [harness, JSON.stringify(config)], {
        detached,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
        child.on('close', (code) => resolve({ code, output })),
      );
      return { child, exited };
    },
    async read() {
      const text = await readFile(records, 'utf8');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const [kind, id, at] = line.split(' ');
          return { kind: kind as Record['kind'], id, at: Number(at) };
        });
    },
  };
}

/** Polls a condition in real time (these tests run real processes). */
async function waitUntil(condition: () => Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function queuedSteps(stateDir: string): Promise<string[]> {
  try {
    const text = await readFile(findQueuePaths(stateDir, ADDRESS).stateFile, 'utf8');
    return (JSON.parse(text) as { entries: { step: string }[] }).entries.map((entry) => entry.step);
  } catch {
    return [];
  }
}

/** Builds in start order, each with its end; fails when a build has no end or two overlap. */
function pairBuilds(records: Record[]): { id: string; start: number; end: number }[] {
  const builds: { id: string; start: number; end: number }[] = [];
  const open = new Map<string, number>();
  for (const record of [...records].sort((a, b) => a.at - b.at)) {
    if (record.kind === 'start') open.set(record.id, record.at);
    if (record.kind === 'end') {
      const start = open.get(record.id);
      if (start === undefined) throw new Error(`end without start for ${record.id}`);
      open.delete(record.id);
      builds.push({ id: record.id, start, end: record.at });
    }
  }
  return builds.sort((a, b) => a.start - b.start);
}

describe('the build queue across processes', () => {
  it('runs four concurrent steps one at a time, each start at least the spacing after the last end', async () => {
    const spacingMs = 500;
    const run = await newRun(spacingMs);
    const steps = ['s1', 's2', 's3', 's4'].map((id) => run.start(id, { builds: 2 }));
    const results = await Promise.all(steps.map((step) => step.exited));
    for (const result of results) expect(result).toMatchObject({ code: 0 });

    const builds = pairBuilds(await run.read());
    expect(builds).toHaveLength(8);
    for (let index = 1; index < builds.length; index += 1) {
      const gap = builds[index].start - builds[index - 1].end;
      // Never sooner than the spacing (so never overlapping), and the handoff adds little.
      expect(gap).toBeGreaterThanOrEqual(spacingMs);
      expect(gap - spacingMs).toBeLessThan(2000);
    }
  });

  it('serves steps in the order they joined', async () => {
    const run = await newRun(100);
    const first = run.start('first', { buildMs: 1500 });
    await waitUntil(async () => (await run.read()).some((record) => record.kind === 'start'));
    const others = [];
    for (const id of ['second', 'third', 'fourth']) {
      others.push(run.start(id, {}));
      await waitUntil(async () => (await queuedSteps(run.stateDir)).includes(id));
    }
    await Promise.all([first, ...others].map((step) => step.exited));

    const order = pairBuilds(await run.read()).map((build) => build.id);
    expect(order).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('moves on within seconds when the holder is killed with its process group mid-build', async () => {
    if (process.platform === 'win32') throw new Error('this test kills a POSIX process group');
    const spacingMs = 300;
    const run = await newRun(spacingMs);
    const holder = run.start('holder', { buildMs: 60_000 }, true);
    await waitUntil(async () => (await run.read()).some((record) => record.kind === 'start'));
    const waiter = run.start('waiter', {});
    await waitUntil(async () => (await queuedSteps(run.stateDir)).includes('waiter'));

    const killedAt = Date.now();
    process.kill(-(holder.child.pid as number), 'SIGKILL');
    expect((await holder.exited).code).toBeNull();
    const result = await waiter.exited;
    expect(result.output).toMatch(
      /Removed the build slot holder pid \d+ \(step 'holder', cli\).*its process is gone/,
    );
    expect(result.code).toBe(0);

    const started = (await run.read()).find(
      (record) => record.kind === 'start' && record.id === 'waiter',
    );
    expect(started).toBeDefined();
    const delay = (started?.at ?? 0) - killedAt;
    expect(delay).toBeGreaterThanOrEqual(spacingMs);
    expect(delay).toBeLessThan(spacingMs + 3000);
  });

  it('is not blocked by a waiting step that was killed', async () => {
    const run = await newRun(100);
    const holder = run.start('holder', { buildMs: 1000 });
    await waitUntil(async () => (await run.read()).some((record) => record.kind === 'start'));
    const doomed = run.start('doomed', {}, true);
    await waitUntil(async () => (await queuedSteps(run.stateDir)).includes('doomed'));
    const last = run.start('last', {});
    await waitUntil(async () => (await queuedSteps(run.stateDir)).includes('last'));
    process.kill(-(doomed.child.pid as number), 'SIGKILL');

    await Promise.all([holder.exited, doomed.exited, last.exited]);
    const builds = pairBuilds(await run.read());
    expect(builds.map((build) => build.id)).toEqual(['holder', 'last']);
    expect(builds[1].start - builds[0].end).toBeLessThan(100 + 2000);
  });
});
