import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemClock } from '../../../src/engine/clock.js';
import { execCommand } from '../../../src/engine/exec.js';
import {
  collectDiagnostics,
  standardCollectors,
  type DiagnosticsInput,
  type Manifest,
} from '../../../src/engine/diagnostics/index.js';
import { eventLogsCollector } from '../../../src/engine/diagnostics/collectors/windows.js';
import {
  settingsCollector,
  timelineCollector,
} from '../../../src/engine/diagnostics/collectors/common.js';
import { isAlive } from '../../helpers/standin.js';
import {
  ENV_SECRET,
  JOB_STARTED_AT,
  LISTED_SECRET,
  LOCK_LOG,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  leakForms,
  listBundle,
  makeStandinHost,
  type StandinHost,
} from './standin-host.js';

/** The read size of the log copy: a secret placed across it spans two chunks. */
const CHUNK = 1024 * 1024;

function quietLog() {
  const lines: string[] = [];
  return {
    lines,
    debug: (message: string) => lines.push(`debug: ${message}`),
    info: (message: string) => lines.push(`info: ${message}`),
    warning: (message: string) => lines.push(`warning: ${message}`),
  };
}

function inputFor(host: StandinHost, extra: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  return {
    settings: host.settings,
    attempts: host.attempts,
    outDir: host.outDir,
    platform: 'win32',
    env: host.env,
    exec: execCommand,
    clock: systemClock,
    secrets: [REGISTRY_PASSWORD, LISTED_SECRET],
    jobStartedAt: JOB_STARTED_AT,
    maxBytes: 50 * 1024 * 1024,
    collectorTimeoutMs: 20_000,
    reason: 'failure',
    log: quietLog(),
    cwd: host.dir,
    ...extra,
  };
}

/** A log of a little over 1 MiB whose registry password straddles the first read boundary. */
function logWithSecretAcrossChunk(): string {
  const before = `${LOCK_LOG}\n`;
  const marker = 'auth: password=';
  const splitAt = 6;
  const fillTo = CHUNK - splitAt - marker.length;
  let filler = '';
  for (let line = 0; before.length + filler.length < fillTo - 80; line++) {
    filler += `#5 ${String(line).padStart(6, '0')} extracting layer sha256:${'ab'.repeat(24)}\n`;
  }
  filler += 'x'.repeat(fillTo - before.length - filler.length);
  const text = `${before}${filler}${marker}${REGISTRY_PASSWORD}\n#6 DONE 0.3s\n${LOCK_LOG}`;
  expect(text.indexOf(REGISTRY_PASSWORD)).toBe(CHUNK - splitAt);
  return text;
}

function readManifest(folder: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
}

function bundleBytes(folder: string): number {
  return listBundle(folder).reduce(
    (sum, file) => sum + fs.statSync(path.join(folder, file)).size,
    0,
  );
}

describe('collectDiagnostics on a Windows host after a lock failure', () => {
  let host: StandinHost;
  let result: Awaited<ReturnType<typeof collectDiagnostics>>;

  beforeAll(async () => {
    host = makeStandinHost({ firstLog: logWithSecretAcrossChunk() });
    result = await collectDiagnostics(inputFor(host));
  });

  it('writes every collector, with its duration, into the manifest', () => {
    const manifest = readManifest(result.folder);
    expect(manifest).toEqual(result.manifest);
    const ids = manifest.collectors.map((record) => record.id);
    expect(ids).toEqual([...standardCollectors().map((collector) => collector.id), 'build-logs']);
    for (const record of manifest.collectors) {
      expect({ id: record.id, status: record.status, reason: record.reason }).toEqual({
        id: record.id,
        status: 'ok',
        reason: undefined,
      });
      expect(record.durationMs).toBeGreaterThanOrEqual(0);
      expect(record.limitMs).toBe(record.id === 'build-logs' ? 80_000 : 20_000);
    }
    expect(manifest.reason).toBe('failure');
    expect(manifest.platform).toBe('win32');
    expect(manifest.jobStartedAt).toBe('2026-12-03T11:50:00.000Z');
  });

  it('holds the expected files, and the manifest lists each with its size', () => {
    const files = listBundle(result.folder);
    expect(files).toEqual([
      'attempt-1.log',
      'attempt-2.log',
      'buildkit/disk-usage.txt',
      'buildkit/workers.txt',
      'daemon-logs/buildkitd-panic.log',
      'daemon-logs/buildkitd.log',
      'daemon-logs/containerd.log',
      'defender.json',
      'disk.json',
      'event-logs/application-daemons.json',
      'event-logs/defender.json',
      'event-logs/hyper-v-compute-admin.json',
      'event-logs/hyper-v-compute-operational.json',
      'event-logs/system.json',
      'event-logs/wcifs.json',
      'event-logs/wcnfs.json',
      'filter-drivers.json',
      'filter-drivers.txt',
      'lock-holders.json',
      'manifest.json',
      'services/sc-buildkitd.txt',
      'services/sc-containerd.txt',
      'services/services.json',
      'settings.json',
      'timeline.json',
      'versions.json',
    ]);
    const manifest = readManifest(result.folder);
    for (const file of manifest.files) {
      expect({
        path: file.path,
        bytes: fs.statSync(path.join(result.folder, file.path)).size,
      }).toEqual({
        path: file.path,
        bytes: file.bytes,
      });
    }
    expect(manifest.totalBytes).toBe(bundleBytes(result.folder));
    expect(manifest.cuts).toEqual([]);
  });

  it('writes the attempt timeline', () => {
    const timeline = JSON.parse(fs.readFileSync(path.join(result.folder, 'timeline.json'), 'utf8'));
    expect(timeline).toHaveLength(2);
    expect(timeline[0]).toMatchObject({
      attempt: 1,
      class: 'lock',
      rule: 'sharing-violation',
      exitCode: 1,
      startedAt: '2026-12-03T11:51:00.000Z',
      durationMs: 41_000,
      queueWaitMs: 1200,
      waitAfterMs: 5000,
      waitReason: 'backoff',
      log: 'attempt-1.log',
    });
    expect(timeline[1]).toMatchObject({ attempt: 2, waitReason: '', log: 'attempt-2.log' });
  });

  it('copies each attempt log whole, with secrets replaced', () => {
    const first = fs.readFileSync(path.join(result.folder, 'attempt-1.log'), 'utf8');
    expect(first).toContain('auth: password=***\n#6 DONE 0.3s\n');
    expect(first.endsWith(LOCK_LOG)).toBe(true);
    const second = fs.readFileSync(path.join(result.folder, 'attempt-2.log'), 'utf8');
    expect(second).toBe(`#0 resolve auth: Authorization: Basic ***\n${LOCK_LOG}`);
  });

  it('names who held the locked file first among the highlights', () => {
    expect(result.highlights).toHaveLength(3);
    expect(result.highlights[0]).toBe(
      '`C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\bktest_containerd2597383045\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\4` ' +
        'was held by MsMpEng.exe (pid 3120, service WinDefend) when diagnostics ran.',
    );
    expect(result.highlights[1]).toMatch(
      /^Host is Windows build 20348\.3091 but the Dockerfile's base `mcr\.microsoft\.com\/windows\/servercore:ltsc2019` \(build 17763\)/,
    );
    // A daemon panic during the job outranks Defender and the filter drivers.
    expect(result.highlights[2]).toBe(
      'buildkitd wrote a panic log (202 B): panic: runtime error: invalid memory address or nil pointer dereference',
    );
    expect(result.manifest.highlights).toEqual(result.highlights);
  });

  it('passes the locked path to the Restart Manager script as data, never in its text', () => {
    const calls = host.calls().filter((call) => call.tool === 'powershell');
    expect(calls.map((call) => call.marker).sort()).toEqual([
      'defender',
      'event-logs',
      'lock-holders',
      'os-version',
      'services',
      'volumes',
    ]);
    expect(calls.every((call) => call.noProfile)).toBe(true);
    const lock = calls.find((call) => call.marker === 'lock-holders')!;
    expect(lock.data?.paths).toEqual([
      'C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\bktest_containerd2597383045\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\4',
    ]);
    expect(lock.spliced).toBe(false);
    const holders = JSON.parse(
      fs.readFileSync(path.join(result.folder, 'lock-holders.json'), 'utf8'),
    );
    expect(holders.checks[0].holders[0]).toMatchObject({
      pid: 3120,
      processName: 'MsMpEng',
      service: 'WinDefend',
    });
  });

  it('copies the daemon logs named by the services and the panic log', () => {
    const panic = fs.readFileSync(
      path.join(result.folder, 'daemon-logs/buildkitd-panic.log'),
      'utf8',
    );
    expect(panic).toMatch(/^panic: runtime error: invalid memory address/);
    const containerd = fs.readFileSync(
      path.join(result.folder, 'daemon-logs/containerd.log'),
      'utf8',
    );
    expect(containerd).toContain('host=registry.example.com token=***\n');
    const sc = fs.readFileSync(path.join(result.folder, 'services/sc-buildkitd.txt'), 'utf8');
    expect(sc).toContain('$ sc qc buildkitd\n# exit code 0');
    expect(sc).toContain('STATE              : 4  RUNNING');
  });

  it('writes the settings without the registry password', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(result.folder, 'settings.json'), 'utf8'));
    expect(settings.registryLogin).toEqual({
      server: 'registry.example.com',
      username: REGISTRY_USER,
      password: '***',
    });
    expect(settings.secrets).toEqual([{ id: 'npm', env: 'NPM_TOKEN' }]);
  });

  it('records versions, with the OS build and its revision', () => {
    const versions = JSON.parse(fs.readFileSync(path.join(result.folder, 'versions.json'), 'utf8'));
    expect(versions.os).toMatchObject({
      currentBuild: '20348',
      ubr: 3091,
      version: '10.0.20348.3091',
    });
    expect(versions.tools.containerd.version).toMatch(
      /^containerd github.com\/containerd\/containerd\/v2 v2\.1\.1/,
    );
    expect(versions.tools.buildkitd.version).toMatch(/v0\.21\.1/);
    expect(versions.tools.buildctl.version).toMatch(/v0\.21\.1/);
    expect(versions.tools.buildx.version).toMatch(/^github.com\/docker\/buildx v0\.23\.0/);
    expect(versions.baseImages).toEqual([
      { ref: 'mcr.microsoft.com/windows/servercore:ltsc2019', build: 17763 },
    ]);
  });

  it('lets no secret, in any form, into any file of the bundle', () => {
    const basic = Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64');
    const forms = [REGISTRY_PASSWORD, ENV_SECRET, LISTED_SECRET].flatMap((secret) =>
      leakForms(secret).map((entry) => ({ secret, ...entry })),
    );
    forms.push({
      secret: 'user:password',
      form: 'basic-auth',
      bytes: Buffer.from(basic.replace(/=+$/, '')),
    });
    const leaks: string[] = [];
    for (const file of listBundle(result.folder)) {
      const bytes = fs.readFileSync(path.join(result.folder, file));
      for (const { secret, form, bytes: needle } of forms) {
        if (bytes.includes(needle)) leaks.push(`${file}: ${form} of ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
    // The planted values were there to be found: each file that held one now holds the mask.
    const events = fs.readFileSync(
      path.join(result.folder, 'event-logs/application-daemons.json'),
      'utf8',
    );
    expect(events).toContain('401 Unauthorized (token ***)');
    expect(result.manifest.redaction.replacements).toBe(5);
    expect(result.manifest.redaction.values).toBe(3);
  });
});

describe('collectDiagnostics time limits', () => {
  it('cuts off a collector that hangs, reports it, and finishes promptly', async () => {
    const host = makeStandinHost({ hang: ['event-logs'] });
    const started = Date.now();
    const result = await collectDiagnostics(
      inputFor(host, {
        collectorTimeoutMs: 300,
        collectors: [timelineCollector, eventLogsCollector, settingsCollector],
      }),
    );
    const elapsed = Date.now() - started;

    const records = Object.fromEntries(
      result.manifest.collectors.map((record) => [record.id, record]),
    );
    expect(records['event-logs'].status).toBe('timed-out');
    expect(records['event-logs'].reason).toMatch(/did not finish within its 300 ms limit/);
    expect(records['event-logs'].durationMs).toBeGreaterThanOrEqual(300);
    expect(records['event-logs'].files).toEqual([]);
    expect(records.timeline.status).toBe('ok');
    expect(records.settings.status).toBe('ok');
    expect(records['build-logs'].status).toBe('ok');
    expect(elapsed).toBeLessThan(3000);

    const pid = Number(fs.readFileSync(path.join(host.dir, 'hang-event-logs.pid'), 'utf8'));
    expect(isAlive(pid)).toBe(false);
    expect(listBundle(result.folder)).not.toContain('event-logs/system.json');
  });
});

describe('collectDiagnostics when a query fails', () => {
  it('keeps the rest of the collector work when PowerShell cannot read services or the OS', async () => {
    const host = makeStandinHost({ fail: ['services', 'os-version'] });
    const result = await collectDiagnostics(
      inputFor(host, {
        collectors: standardCollectors().filter((c) => ['services', 'versions'].includes(c.id)),
      }),
    );
    const records = Object.fromEntries(
      result.manifest.collectors.map((record) => [record.id, record]),
    );
    expect(records.services.status).toBe('ok');
    expect(records.services.note).toMatch(
      /^service query failed: powershell exited with code 1: Get-CimInstance : Access denied/,
    );
    expect(records.services.files).toEqual(
      expect.arrayContaining([
        'services/services.json',
        'services/sc-containerd.txt',
        'services/sc-buildkitd.txt',
      ]),
    );
    const versions = JSON.parse(fs.readFileSync(path.join(result.folder, 'versions.json'), 'utf8'));
    expect(versions.os.error).toMatch(/powershell exited with code 1/);
    expect(versions.tools.buildctl.version).toMatch(/v0\.21\.1/);
  });
});

describe('collectDiagnostics size cap', () => {
  it('cuts the largest log, keeps its tail, and says so in the manifest', async () => {
    let big = '';
    for (let line = 0; big.length < 3 * 1024 * 1024; line++) {
      big += `#7 ${String(line).padStart(7, '0')} copying C:\\app\\node_modules\\pkg-${line % 977}\\index.js\n`;
    }
    big += LOCK_LOG;
    const host = makeStandinHost({ firstLog: big });
    const maxBytes = 1024 * 1024;
    const result = await collectDiagnostics(inputFor(host, { maxBytes }));

    expect(bundleBytes(result.folder)).toBeLessThanOrEqual(maxBytes);
    expect(result.manifest.totalBytes).toBe(bundleBytes(result.folder));
    const cut = result.manifest.cuts.find((entry) => entry.path === 'attempt-1.log');
    expect(cut).toMatchObject({
      bytesBefore: Buffer.byteLength(big),
      reason: 'size cap: kept the tail',
    });
    expect(cut!.bytesAfter).toBeLessThan(maxBytes);
    const kept = fs.readFileSync(path.join(result.folder, 'attempt-1.log'), 'utf8');
    expect(kept).toMatch(
      /^\[wcow-build: the first \d+ of \d+ bytes were left out to keep the bundle within its size cap\]\n/,
    );
    expect(kept.endsWith(LOCK_LOG)).toBe(true);
    expect(fs.readFileSync(path.join(result.folder, 'attempt-2.log'), 'utf8')).toContain(LOCK_LOG);
  });
});

describe('collectDiagnostics elsewhere', () => {
  it('collects what applies on Linux and records the Windows collectors as skipped', async () => {
    const host = makeStandinHost();
    const result = await collectDiagnostics(inputFor(host, { platform: 'linux' }));
    const status = Object.fromEntries(
      result.manifest.collectors.map((record) => [record.id, record.status]),
    );
    expect(status).toEqual({
      timeline: 'ok',
      settings: 'ok',
      versions: 'ok',
      buildkit: 'ok',
      disk: 'ok',
      services: 'skipped',
      'event-logs': 'skipped',
      'lock-holders': 'skipped',
      'filter-drivers': 'skipped',
      defender: 'skipped',
      'build-logs': 'ok',
    });
    const skipped = result.manifest.collectors.find((record) => record.id === 'defender')!;
    expect(skipped.reason).toBe('applies to win32 only; this host is linux');
    expect(host.calls().some((call) => call.tool === 'powershell')).toBe(false);
    const disk = JSON.parse(fs.readFileSync(path.join(result.folder, 'disk.json'), 'utf8'));
    expect(disk.volumes.length).toBeGreaterThan(0);
    expect(disk.volumes[0].freeBytes).toBeGreaterThan(0);
  });

  it('never throws when the bundle folder cannot be made', async () => {
    const host = makeStandinHost();
    const blocker = path.join(host.dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const log = quietLog();
    const result = await collectDiagnostics(
      inputFor(host, { outDir: path.join(blocker, 'out'), log }),
    );
    expect(result.folder).toBe('');
    expect(result.manifest.error).toMatch(/ENOTDIR|EEXIST/);
    expect(
      log.lines.some((line) => line.startsWith('warning: Diagnostics could not be collected')),
    ).toBe(true);
  });
});
