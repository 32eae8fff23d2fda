import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AttemptRecord } from '../../attempt-record.js';
import { describeError } from '../../errors.js';
import type { Settings } from '../../settings.js';
import {
  readOsVersion,
  readVolumes,
  type VolumeInfo,
} from '../../../windows/diagnostics-scripts.js';
import { baseImagesOf, processIsolationCompatible } from '../base-image.js';
import { MASK } from '../redact.js';
import type { Collector, CollectorContext, Fact } from '../types.js';
import {
  failureLine,
  formatBytes,
  programData,
  runCommand,
  saveCommand,
  succeeded,
  truncate,
  windowsPath,
} from './helpers.js';

/** The attempts as a timeline: what each one was, how long it took and what came after. */
export const timelineCollector: Collector = {
  id: 'timeline',
  title: 'Attempt timeline',
  async collect(context) {
    await context.files.writeJson('timeline.json', timelineOf(context.attempts));
    return { note: `${context.attempts.length} attempt(s)` };
  },
};

/** The timeline entries written to timeline.json. */
export function timelineOf(attempts: readonly AttemptRecord[]): object[] {
  return attempts.map((attempt) => ({
    attempt: attempt.number,
    startedAt: new Date(attempt.startedAt).toISOString(),
    durationMs: attempt.durationMs,
    exitCode: attempt.exitCode,
    class: attempt.failureClass ?? 'success',
    rule: attempt.rule ?? null,
    evidence: attempt.evidence ?? null,
    lockedPaths: attempt.lockedPaths,
    queueWaitMs: attempt.queueWaitMs,
    waitAfterMs: attempt.waitAfterMs,
    waitReason: attempt.waitReason,
    log: attemptLogName(attempt),
    logBytes: attempt.logBytes,
  }));
}

/** Name of an attempt's log inside the bundle. */
export function attemptLogName(attempt: AttemptRecord): string {
  return `attempt-${attempt.number}.log`;
}

/** The settings the step ran with, the registry password masked. */
export const settingsCollector: Collector = {
  id: 'settings',
  title: 'Settings',
  async collect(context) {
    await context.files.writeJson('settings.json', sanitizeSettings(context.settings));
    return {};
  },
};

/** Settings as JSON can show them, with no secret value in them. */
export function sanitizeSettings(settings: Settings): object {
  const login = settings.registryLogin;
  return {
    ...settings,
    registryLogin:
      login === undefined
        ? null
        : { server: login.server, username: login.username, password: MASK },
    retryPatterns: settings.retryPatterns.map((pattern) => pattern.source),
    fatalPatterns: settings.fatalPatterns.map((pattern) => pattern.source),
  };
}

const TOOL_VERSIONS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['containerd', 'containerd', ['--version']],
  ['buildkitd', 'buildkitd', ['--version']],
  ['buildctl', 'buildctl', ['--version']],
  ['buildx', 'docker', ['buildx', 'version']],
];

/**
 * OS build with revision, the daemons' and clients' versions, and the base image check.
 * LIMITATION: the tools are looked up on PATH, and a base image's build is read from its tag
 * (ltsc2022, 10.0.17763...); an image named only by digest or by a custom tag is not checked.
 */
export const versionsCollector: Collector = {
  id: 'versions',
  title: 'Versions',
  async collect(context) {
    const facts: Fact[] = [];
    const osInfo = await readOs(context);
    const results = await Promise.all(
      TOOL_VERSIONS.map(async ([tool, command, args]) => {
        const result = await runCommand(context, command, args);
        const line = [command, ...args].join(' ');
        const entry = succeeded(result)
          ? { command: line, version: result.stdout.trim().split(/\r?\n/)[0] }
          : { command: line, error: failureLine(result) };
        return [tool, entry] as const;
      }),
    );
    const tools = Object.fromEntries(results);
    const baseImages = readBaseImages(context);
    await context.files.writeJson('versions.json', { os: osInfo.details, tools, baseImages });

    if (osInfo.build !== undefined) {
      facts.push({ kind: 'host-build', text: `Host OS build ${osInfo.label}.`, weight: 5 });
      const mismatched = baseImages.filter(
        (image) =>
          image.build !== undefined && !processIsolationCompatible(osInfo.build!, image.build),
      );
      if (mismatched.length > 0) {
        const images = mismatched
          .map((image) => `\`${image.ref}\` (build ${image.build})`)
          .join(', ');
        facts.push({
          kind: 'os-mismatch',
          text:
            `Host is Windows build ${osInfo.label} but the Dockerfile's base ${images} does not match it: ` +
            'process isolation needs a matching build; use a matching base image or Hyper-V isolation.',
          weight: 70,
        });
      }
    }
    return { facts };
  },
};

async function readOs(
  context: CollectorContext,
): Promise<{ details: object; build?: number; label: string }> {
  if (context.platform === 'win32') {
    const options = { exec: context.exec, env: context.env, timeoutMs: context.remainingMs() };
    // The tools' versions are worth keeping even when the registry cannot be read.
    const info = await readOsVersion(options).catch((error: unknown) => describeError(error));
    if (typeof info === 'string') return { details: { error: info }, label: 'unknown' };
    const label = `${info.currentBuild}.${info.ubr}`;
    return {
      details: { ...info, version: `10.0.${label}` },
      build: Number(info.currentBuild),
      label,
    };
  }
  const details = {
    type: os.type(),
    release: os.release(),
    version: os.version(),
    arch: os.arch(),
  };
  return { details, label: details.release };
}

function readBaseImages(context: CollectorContext): Array<{ ref: string; build?: number }> {
  const { settings, cwd } = context;
  const contextDir = path.resolve(cwd, settings.context);
  const file =
    settings.file === '' ? path.join(contextDir, 'Dockerfile') : path.resolve(cwd, settings.file);
  try {
    const text = fs.readFileSync(file, 'utf8').slice(0, 256 * 1024);
    return baseImagesOf(text, settings.buildArgs);
  } catch {
    return [];
  }
}

/** The daemon's workers and build cache, through the client the build used. */
export const buildkitCollector: Collector = {
  id: 'buildkit',
  title: 'BuildKit workers and disk usage',
  async collect(context) {
    const { settings } = context;
    const facts: Fact[] = [];
    const [command, workersArgs, usageArgs] =
      settings.builder === 'buildx'
        ? [
            'docker',
            ['buildx', 'inspect', ...builderFlag(settings)],
            ['buildx', 'du', '--verbose', ...builderFlag(settings)],
          ]
        : [
            'buildctl',
            [...addressFlags(settings), 'debug', 'workers', '--verbose'],
            [...addressFlags(settings), 'du', '--verbose'],
          ];
    const workers = await saveCommand(context, 'buildkit/workers.txt', command, workersArgs);
    if (!succeeded(workers)) {
      facts.push({
        kind: 'service-state',
        text: `${command} could not query the daemon at ${settings.buildkitAddress}: ${failureLine(workers)}`,
        weight: 55,
      });
      return { facts, note: 'the daemon did not answer; disk usage skipped' };
    }
    const usage = await saveCommand(context, 'buildkit/disk-usage.txt', command, usageArgs);
    const total = /^Total:\s*(\S+)/m.exec(usage.stdout)?.[1];
    if (total !== undefined) {
      facts.push({ kind: 'build-cache', text: `BuildKit's cache holds ${total}.`, weight: 10 });
    }
    return { facts };
  },
};

function addressFlags(settings: Settings): string[] {
  const flags = ['--addr', settings.buildkitAddress];
  if (settings.buildkitTlsDir !== '') flags.push('--tlsdir', settings.buildkitTlsDir);
  return flags;
}

function builderFlag(settings: Settings): string[] {
  return settings.buildxBuilder === '' ? [] : ['--builder', settings.buildxBuilder];
}

/** Below either figure a volume counts as nearly full: Windows base layers need gigabytes. */
const LOW_FREE_BYTES = 5 * 1024 ** 3;
const LOW_FREE_SHARE = 0.05;

/** Size and free space of the volumes the build and its daemons use. */
export const diskCollector: Collector = {
  id: 'disk',
  title: 'Disk space',
  async collect(context) {
    const volumes =
      context.platform === 'win32'
        ? await readVolumes(involvedPaths(context), {
            exec: context.exec,
            env: context.env,
            timeoutMs: context.remainingMs(),
          })
        : await readPosixVolumes(context);
    await context.files.writeJson('disk.json', { volumes });
    return { facts: diskFacts(volumes) };
  },
};

/** The folders whose volumes matter: state, context, temp, and the daemons' data. */
export function involvedPaths(context: CollectorContext): string[] {
  const { settings, env, cwd } = context;
  const temp = env.RUNNER_TEMP || env.AGENT_TEMPDIRECTORY || env.TEMP || os.tmpdir();
  const common = [settings.stateDir, path.resolve(cwd, settings.context), temp];
  const daemons =
    context.platform === 'win32'
      ? [windowsPath(programData(env), 'containerd'), windowsPath(programData(env), 'buildkitd')]
      : ['/var/lib/containerd', '/var/lib/buildkit'];
  return [...new Set([...common, ...daemons].filter((item) => item !== ''))];
}

async function readPosixVolumes(context: CollectorContext): Promise<VolumeInfo[]> {
  const paths = involvedPaths(context).filter((item) => fs.existsSync(item));
  const result = await saveCommand(context, 'disk.txt', 'df', ['-Pk', ...paths]);
  if (!succeeded(result) && result.stdout === '')
    throw new Error(`df failed: ${failureLine(result)}`);
  const volumes: VolumeInfo[] = [];
  const seen = new Set<string>();
  const lines = result.stdout.trim().split(/\r?\n/).slice(1);
  lines.forEach((line, index) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6) return;
    const root = fields.slice(5).join(' ');
    if (seen.has(root)) return;
    seen.add(root);
    volumes.push({
      root,
      path: paths[index] ?? root,
      format: fields[0],
      totalBytes: Number(fields[1]) * 1024,
      freeBytes: Number(fields[3]) * 1024,
    });
  });
  return volumes;
}

/** The volume with least room, as a fact: low when under 5 GiB or 5 %. */
export function diskFacts(volumes: readonly VolumeInfo[]): Fact[] {
  const known = volumes.filter(
    (volume) => volume.freeBytes !== undefined && volume.totalBytes !== undefined,
  );
  if (known.length === 0) return [];
  const tightest = [...known].sort((a, b) => a.freeBytes! - b.freeBytes!)[0];
  const free = tightest.freeBytes!;
  const total = tightest.totalBytes!;
  const figure = `${formatBytes(free)} free of ${formatBytes(total)} on ${tightest.root} (holds ${tightest.path})`;
  if (free < LOW_FREE_BYTES || free < total * LOW_FREE_SHARE) {
    return [{ kind: 'disk-low', text: `Disk nearly full: ${figure}.`, weight: 75 }];
  }
  return [{ kind: 'disk-free', text: `Disk space: ${truncate(figure, 200)}.`, weight: 5 }];
}
