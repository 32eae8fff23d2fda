import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { c as createTar } from 'tar';
import type { Clock } from '../../../src/engine/clock.js';
import { execCommand } from '../../../src/engine/exec.js';
import { readSettings, type Settings } from '../../../src/engine/settings.js';
import type { DownloadCache } from '../../../src/hosts/host.js';
import type { PrepareLog, PrepareOptions } from '../../../src/windows/prepare.js';
import { createZip } from './zip-writer.js';
import { startReleaseServer, type ReleaseServer } from './release-server.js';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'windows',
);
const STAND_IN = path.join(FIXTURES, 'stand-in.mjs');

export const CONTAINERD_VERSION = '2.1.4';
export const BUILDKIT_VERSION = '0.23.2';
export const CNI_FILE = 'windows-container-networking-cni-amd64-v0.3.1.zip';
export const CONTAINERD_FILE = `containerd-${CONTAINERD_VERSION}-windows-amd64.tar.gz`;
export const BUILDKIT_FILE = `buildkit-v${BUILDKIT_VERSION}.windows-amd64.tar.gz`;
export const CONTAINERD_PATH = `/containerd/containerd/releases/download/v${CONTAINERD_VERSION}/${CONTAINERD_FILE}`;
export const BUILDKIT_DIR = `/moby/buildkit/releases/download/v${BUILDKIT_VERSION}`;
export const BUILDKIT_PATH = `${BUILDKIT_DIR}/${BUILDKIT_FILE}`;
export const CNI_PATH = `/microsoft/windows-container-networking/releases/download/v0.3.1/${CNI_FILE}`;

export interface FakeService {
  name: string;
  binPath: string;
  state: string;
  startMode: string;
  dependencies: string[];
  processId: number;
  stuckOnStart?: boolean;
  failStart?: boolean;
}

export interface FakeCall {
  tool: string;
  args: string[];
  mutating: boolean;
}

/** The host the stand-ins share, kept in a JSON file. */
export interface FakeState {
  services: Record<string, FakeService>;
  defender: {
    installed: boolean;
    amServiceEnabled: boolean;
    realTimeProtectionEnabled: boolean;
    amRunningMode: string;
    isTamperProtected: boolean;
    exclusionPath: string[];
    exclusionProcess: string[];
    refuse?: 'tamper' | 'access-denied';
    hidden?: boolean;
  };
  hns: Record<string, { subnet: string; gateway: string }>;
  daemon: {
    answerAfter?: number;
    readyProbes?: number;
    hungUntilRestart?: boolean;
    expectedAddress?: string;
  };
  images: string[];
  pullFails?: string[];
  registerDenied?: boolean;
  calls: FakeCall[];
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warning';
  message: string;
  group?: string;
}

export interface RecordingLog extends PrepareLog {
  readonly entries: LogEntry[];
  readonly groups: string[];
  text(level?: LogEntry['level']): string;
}

export function recordingLog(): RecordingLog {
  const entries: LogEntry[] = [];
  const groups: string[] = [];
  let current: string | undefined;
  return {
    entries,
    groups,
    debug: (message) => entries.push({ level: 'debug', message, group: current }),
    info: (message) => entries.push({ level: 'info', message, group: current }),
    warning: (message) => entries.push({ level: 'warning', message, group: current }),
    async group(title, run) {
      groups.push(title);
      current = title;
      try {
        return await run();
      } finally {
        current = undefined;
      }
    },
    text: (level) =>
      entries
        .filter((entry) => level === undefined || entry.level === level)
        .map((entry) => entry.message)
        .join('\n'),
  };
}

/** A clock whose sleep returns at once and moves time forward. */
export function fakeClock(start = Date.UTC(2025, 0, 1)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += Math.max(0, ms);
    },
  };
}

/** A download cache that really copies folders, and records what it was asked. */
export function folderDownloadCache(root: string): DownloadCache & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async restore(paths, key) {
      calls.push(`restore ${key}`);
      const stored = path.join(root, key);
      if (!fs.existsSync(stored)) return false;
      fs.cpSync(stored, paths[0], { recursive: true });
      return true;
    },
    async save(paths, key) {
      calls.push(`save ${key}`);
      fs.cpSync(paths[0], path.join(root, key), { recursive: true });
    },
  };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A file in a release archive that runs the stand-in as `tool` at `version`. */
export function launcher(tool: string, version: string): string {
  return [
    '#!/usr/bin/env node',
    `process.env.WCOW_FAKE_TOOL = ${JSON.stringify(tool)};`,
    `process.env.WCOW_FAKE_VERSION = ${JSON.stringify(version)};`,
    `import(${JSON.stringify(pathToFileURL(STAND_IN).href)});`,
    '',
  ].join('\n');
}

/** Builds a real .tar.gz whose `bin/` holds the given executables. */
export async function tarGz(
  dir: string,
  name: string,
  files: Record<string, string>,
): Promise<Buffer> {
  const staging = fs.mkdtempSync(path.join(dir, 'tar-'));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(staging, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content, { mode: 0o755 });
  }
  const archive = path.join(dir, name);
  await createTar(
    { gzip: true, file: archive, cwd: staging, portable: true },
    fs.readdirSync(staging),
  );
  fs.rmSync(staging, { recursive: true, force: true });
  return fs.readFileSync(archive);
}

export function containerdFiles(version: string): Record<string, string> {
  return {
    'bin/containerd.exe': launcher('containerd', version),
    'bin/containerd-shim-runhcs-v1.exe': launcher('containerd-shim-runhcs-v1', version),
    'bin/ctr.exe': launcher('ctr', version),
    'bin/containerd-stress.exe': launcher('containerd-stress', version),
  };
}

export function buildkitFiles(version: string): Record<string, string> {
  return {
    'bin/buildkitd.exe': launcher('buildkitd', version),
    'bin/buildctl.exe': launcher('buildctl', version),
  };
}

/** An in-toto statement like the `.sbom.json` BuildKit publishes next to each archive. */
export function inTotoStatement(fileName: string, digest: string): string {
  return JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://spdx.dev/Document',
    subject: [{ name: fileName, digest: { sha256: digest } }],
    predicate: { spdxVersion: 'SPDX-2.3', name: 'sbom' },
  });
}

export interface FakeHost {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly programFiles: string;
  readonly programData: string;
  readonly toolCache: string;
  readonly server: ReleaseServer;
  readonly archives: { containerd: Buffer; buildkit: Buffer; cni: Buffer };
  readState(): FakeState;
  patchState(change: (state: FakeState) => void): void;
  mutatingCalls(): FakeCall[];
  clearCalls(): void;
  settings(values?: Record<string, string>): Settings;
  options(
    values?: Record<string, string>,
    extra?: Partial<PrepareOptions>,
  ): PrepareOptions & {
    log: RecordingLog;
    clock: ReturnType<typeof fakeClock>;
  };
  close(): Promise<void>;
}

/** A fresh Windows host: no daemons, Defender on, an HNS NAT network, and a release server. */
export async function createFakeHost(): Promise<FakeHost> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-host-'));
  const programFiles = path.join(root, 'Program Files');
  const programData = path.join(root, 'ProgramData');
  const toolCache = path.join(root, 'toolcache');
  fs.mkdirSync(programFiles);
  fs.mkdirSync(programData);
  for (const name of ['powershell', 'sc.exe'])
    fs.chmodSync(path.join(FIXTURES, 'bin', name), 0o755);
  const statePath = path.join(root, 'host-state.json');
  const env: NodeJS.ProcessEnv = {
    PATH: `${path.join(FIXTURES, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    ProgramFiles: programFiles,
    ProgramData: programData,
    WCOW_FAKE_STATE: statePath,
  };
  const initial: FakeState = {
    services: {},
    defender: {
      installed: true,
      amServiceEnabled: true,
      realTimeProtectionEnabled: true,
      amRunningMode: 'Normal',
      isTamperProtected: false,
      exclusionPath: [],
      exclusionProcess: [],
    },
    hns: { nat: { subnet: '172.20.16.0/20', gateway: '172.20.16.1' } },
    daemon: {},
    images: [],
    calls: [],
  };
  fs.writeFileSync(statePath, JSON.stringify(initial, null, 2));

  const server = await startReleaseServer();
  const work = fs.mkdtempSync(path.join(root, 'archives-'));
  const containerd = await tarGz(work, CONTAINERD_FILE, containerdFiles(CONTAINERD_VERSION));
  const buildkit = await tarGz(work, BUILDKIT_FILE, buildkitFiles(BUILDKIT_VERSION));
  const cni = createZip([
    { name: 'nat.exe', data: Buffer.from('MZ nat plugin stand-in') },
    { name: 'sdnbridge.exe', data: Buffer.from('MZ sdnbridge plugin stand-in') },
    { name: 'sdnoverlay.exe', data: Buffer.from('MZ sdnoverlay plugin stand-in'), method: 0 },
  ]);
  server.set(CONTAINERD_PATH, containerd);
  server.set(`${CONTAINERD_PATH}.sha256sum`, `${sha256(containerd)}  ${CONTAINERD_FILE}\n`);
  server.set(BUILDKIT_PATH, buildkit);
  server.set(
    `${BUILDKIT_DIR}/buildkit-v${BUILDKIT_VERSION}.windows-amd64.sbom.json`,
    inTotoStatement(BUILDKIT_FILE, sha256(buildkit)),
  );
  server.set(CNI_PATH, cni);

  const readState = (): FakeState => JSON.parse(fs.readFileSync(statePath, 'utf8')) as FakeState;
  const writeState = (state: FakeState): void =>
    fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
  const settings = (values: Record<string, string> = {}): Settings =>
    readSettings((spec) => values[spec.name], {
      host: 'github',
      platform: 'win32',
      env,
      cwd: root,
      tempDir: root,
    });

  return {
    root,
    env,
    programFiles,
    programData,
    toolCache,
    server,
    archives: { containerd, buildkit, cni },
    readState,
    patchState(change) {
      const state = readState();
      change(state);
      writeState(state);
    },
    mutatingCalls: () => readState().calls.filter((call) => call.mutating),
    clearCalls() {
      const state = readState();
      state.calls = [];
      writeState(state);
      server.requests.length = 0;
    },
    settings,
    options(values = {}, extra = {}) {
      return {
        settings: settings(values),
        platform: 'win32',
        arch: 'x64',
        env,
        exec: execCommand,
        clock: fakeClock(),
        log: recordingLog(),
        toolCacheDir: toolCache,
        tempDir: path.join(root, 'temp'),
        releasesBaseUrl: server.baseUrl,
        pinnedSha256: { [CNI_FILE]: sha256(cni) },
        ...extra,
      } as PrepareOptions & { log: RecordingLog; clock: ReturnType<typeof fakeClock> };
    },
    async close() {
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
