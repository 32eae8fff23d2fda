import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findFileHolders,
  readDefender,
  readEventLogs,
  readServices,
  type EventQuery,
  type EventQueryResult,
  type LockCheck,
  type ScriptOptions,
  type ServiceInfo,
} from '../../../windows/diagnostics-scripts.js';
import { describeError } from '../../errors.js';
import type { Collector, CollectorContext, Fact } from '../types.js';
import {
  failureLine,
  formatBytes,
  formatCommand,
  programData,
  runCommand,
  saveCommand,
  succeeded,
  truncate,
  windowsPath,
} from './helpers.js';

const WINDOWS: readonly NodeJS.Platform[] = ['win32'];

/** The two daemons this step runs as services, and where they keep data when not told. */
const DAEMONS = [
  {
    name: 'containerd',
    defaultRoot: (env: NodeJS.ProcessEnv) => windowsPath(programData(env), 'containerd', 'root'),
  },
  {
    name: 'buildkitd',
    defaultRoot: (env: NodeJS.ProcessEnv) =>
      windowsPath(programData(env), 'buildkitd', '.buildstate'),
  },
] as const;

function scriptOptions(context: CollectorContext): ScriptOptions {
  return { exec: context.exec, env: context.env, timeoutMs: context.remainingMs() };
}

/**
 * Service state and configuration of containerd and buildkitd, their log tails and panic logs.
 * LIMITATION: the data root and log file are read from the service's command line (`--root`,
 * `--log-file`); a root set only in the daemon's config file is not seen, and the default root
 * is searched for panic.log instead.
 */
export const servicesCollector: Collector = {
  id: 'services',
  title: 'containerd and buildkitd services',
  platforms: WINDOWS,
  async collect(context) {
    // Without the service manager's view, sc output and logs at default places still help.
    let services: ServiceInfo[] = [];
    let error: string | undefined;
    try {
      services = await readServices(
        DAEMONS.map((daemon) => daemon.name),
        scriptOptions(context),
      );
    } catch (failure) {
      error = describeError(failure);
    }
    await context.files.writeJson('services/services.json', { services, error: error ?? null });
    await Promise.all(
      DAEMONS.map(async (daemon) => {
        const calls = [
          ['qc', daemon.name],
          ['queryex', daemon.name],
        ].map(async (args) => formatCommand('sc', args, await runCommand(context, 'sc', args)));
        await context.files.writeText(
          `services/sc-${daemon.name}.txt`,
          (await Promise.all(calls)).join('\n'),
        );
      }),
    );
    const facts = services.flatMap((service) => serviceFacts(service, context.jobStartedAt));
    const notes: string[] = [];
    for (const daemon of DAEMONS) {
      const service = services.find((candidate) => candidate.name === daemon.name);
      const args = splitCommandLine(service?.pathName ?? '');
      const root = flagValue(args, '--root') ?? daemon.defaultRoot(context.env);
      const logFile = flagValue(args, '--log-file') ?? defaultLogFile(context, daemon.name);
      facts.push(...(await copyDaemonFiles(context, daemon.name, logFile, root, notes)));
    }
    if (error !== undefined) notes.unshift(`service query failed: ${error}`);
    return { facts, note: notes.join('; ') || undefined };
  },
};

function defaultLogFile(context: CollectorContext, name: string): string | undefined {
  const candidate = path.join(context.settings.stateDir, 'logs', `${name}.log`);
  return fs.existsSync(candidate) ? candidate : undefined;
}

async function copyDaemonFiles(
  context: CollectorContext,
  name: string,
  logFile: string | undefined,
  root: string,
  notes: string[],
): Promise<Fact[]> {
  const facts: Fact[] = [];
  if (logFile === undefined) notes.push(`${name}: no --log-file and no log in the state folder`);
  else if (!fs.existsSync(logFile)) notes.push(`${name}: log file ${logFile} does not exist`);
  else await context.files.copyTail(logFile, `daemon-logs/${name}.log`, context.maxLogTailBytes);

  for (const panicName of ['panic.log', 'panic.log.old']) {
    const file = path.join(root, panicName);
    let size: number;
    try {
      size = (await fs.promises.stat(file)).size;
    } catch {
      continue;
    }
    if (size === 0) continue;
    await context.files.copyTail(file, `daemon-logs/${name}-${panicName}`, context.maxLogTailBytes);
    if (panicName === 'panic.log') {
      const head = (await fs.promises.readFile(file, 'utf8')).slice(0, 4096);
      const line =
        head.split(/\r?\n/).find((candidate) => /panic|fatal/i.test(candidate)) ??
        head.split(/\r?\n/)[0];
      facts.push({
        kind: 'panic',
        text: `${name} wrote a panic log (${formatBytes(size)}): ${truncate(line.trim(), 200)}`,
        weight: 80,
      });
    }
  }
  return facts;
}

/** Facts about a service: missing, not running, or restarted since the job began. */
export function serviceFacts(service: ServiceInfo, jobStartedAt: number): Fact[] {
  if (!service.found) {
    return [
      { kind: 'service-state', text: `The ${service.name} service is not installed.`, weight: 45 },
    ];
  }
  if (service.state !== 'Running') {
    const exit = service.exitCode ? ` (exit code ${service.exitCode})` : '';
    return [
      {
        kind: 'service-state',
        text: `The ${service.name} service is ${service.state}${exit}.`,
        weight: 60,
      },
    ];
  }
  const started = service.processStartedAt ? Date.parse(service.processStartedAt) : NaN;
  if (Number.isFinite(started) && started > jobStartedAt) {
    return [
      {
        kind: 'service-state',
        text: `The ${service.name} process started during the job (at ${service.processStartedAt}): it restarted or crashed.`,
        weight: 50,
      },
    ];
  }
  return [];
}

/** Splits a Windows command line: double quotes group, backslashes stay as they are. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (/\s/.test(char) && !quoted) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

/** The value of `--name value` or `--name=value`, when given. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  for (let index = 0; index < args.length; index++) {
    if (args[index] === name) return args[index + 1];
    if (args[index].startsWith(`${name}=`)) return args[index].slice(name.length + 1);
  }
  return undefined;
}

/**
 * The event logs worth reading for a container build, narrowed to keep them readable.
 * LIMITATION: at most the 300 newest entries per log, each message cut at 2000 characters.
 */
export const EVENT_QUERIES: readonly EventQuery[] = [
  { name: 'application-daemons', logName: 'Application', providers: ['containerd', 'buildkitd'] },
  { name: 'system', logName: 'System', levels: [1, 2, 3] },
  { name: 'hyper-v-compute-operational', logName: 'Microsoft-Windows-Hyper-V-Compute-Operational' },
  { name: 'hyper-v-compute-admin', logName: 'Microsoft-Windows-Hyper-V-Compute-Admin' },
  { name: 'wcifs', logName: 'Microsoft-Windows-Containers-Wcifs/Operational' },
  { name: 'wcnfs', logName: 'Microsoft-Windows-Containers-Wcnfs/Operational' },
  { name: 'defender', logName: 'Microsoft-Windows-Windows Defender/Operational' },
];

/** Defender event ids that report a detection or an action taken on one. */
const DEFENDER_DETECTIONS = new Set([1006, 1007, 1008, 1015, 1116, 1117, 1118, 1119]);

/** Event log entries since the job started. */
export const eventLogsCollector: Collector = {
  id: 'event-logs',
  title: 'Windows event logs since the job started',
  platforms: WINDOWS,
  async collect(context) {
    const results = await readEventLogs(
      EVENT_QUERIES,
      context.jobStartedAt,
      { maxEvents: 300, maxMessage: 2000 },
      scriptOptions(context),
    );
    for (const result of results)
      await context.files.writeJson(`event-logs/${result.name}.json`, result);
    const unread = results.filter((result) => result.error).map((result) => result.name);
    return {
      facts: eventFacts(results),
      note: unread.length > 0 ? `not readable: ${unread.join(', ')}` : undefined,
    };
  },
};

/** Facts from event logs: detections, daemon and driver errors, services that died. */
export function eventFacts(results: readonly EventQueryResult[]): Fact[] {
  const facts: Fact[] = [];
  const byName = new Map(results.map((result) => [result.name, result.events]));
  const errors = (name: string) =>
    (byName.get(name) ?? []).filter((event) => event.level >= 1 && event.level <= 2);
  const firstLine = (message: string) => truncate(message.split(/\r?\n/)[0].trim(), 200);

  const detections = (byName.get('defender') ?? []).filter((event) =>
    DEFENDER_DETECTIONS.has(event.id),
  );
  if (detections.length > 0) {
    const latest = detections[0];
    facts.push({
      kind: 'defender-detection',
      text: `Defender reported ${detections.length} detection event(s) during the job; latest (${latest.id} at ${latest.time}): ${firstLine(latest.message)}`,
      weight: 60,
    });
  }
  for (const [name, label, weight] of [
    ['application-daemons', 'containerd/buildkitd', 35],
    ['hyper-v-compute-operational', 'Hyper-V compute (HCS)', 35],
    ['hyper-v-compute-admin', 'Hyper-V compute (HCS)', 35],
    ['wcifs', 'the container filter driver (wcifs)', 40],
    ['wcnfs', 'the container name-space filter (wcnfs)', 40],
  ] as const) {
    const found = errors(name);
    if (found.length === 0) continue;
    facts.push({
      kind: 'daemon-error',
      text: `${label} logged ${found.length} error(s) during the job; latest at ${found[0].time}: ${firstLine(found[0].message)}`,
      weight,
    });
  }
  const died = (byName.get('system') ?? []).filter(
    (event) =>
      (event.id === 7031 || event.id === 7034) && /containerd|buildkit/i.test(event.message),
  );
  if (died.length > 0) {
    facts.push({
      kind: 'service-state',
      text: `The service manager saw a daemon terminate unexpectedly (event ${died[0].id} at ${died[0].time}): ${firstLine(died[0].message)}`,
      weight: 70,
    });
  }
  return facts;
}

/** Strips what error text wraps around a path: `\\?\` prefixes, quotes, trailing punctuation. */
export function normalizeLockedPath(value: string): string {
  return value
    .trim()
    .replace(/^["'{[]+|["'}\]),.:;]+$/g, '')
    .replace(/^\\\\\?\\/, '')
    .replace(/\\\\/g, '\\');
}

/** Most paths asked about in one run: a lock error names one or two. */
const MAX_LOCKED_PATHS = 20;
/** Files registered per folder: enough for a layer folder's top levels. */
const MAX_FILES_PER_FOLDER = 500;

/**
 * Which processes hold the files the lock errors named (Restart Manager).
 * LIMITATION: this is a snapshot taken when diagnostics run, after the last attempt; a holder
 * that had already let go is not seen, which is itself a hint (see lockFacts).
 */
export const lockHoldersCollector: Collector = {
  id: 'lock-holders',
  title: 'Processes holding the locked files',
  platforms: WINDOWS,
  async collect(context) {
    const paths = [
      ...new Set(
        context.attempts.flatMap((attempt) => attempt.lockedPaths).map(normalizeLockedPath),
      ),
    ]
      .filter((item) => item !== '')
      .slice(0, MAX_LOCKED_PATHS);
    if (paths.length === 0) return { note: 'no lock error named a file' };
    const checks = await findFileHolders(paths, MAX_FILES_PER_FOLDER, scriptOptions(context));
    await context.files.writeJson('lock-holders.json', {
      checkedAt: new Date(context.clock.now()).toISOString(),
      checks,
    });
    return { facts: lockFacts(checks) };
  },
};

/** Who held each locked path, or that nobody did any more. */
export function lockFacts(checks: readonly LockCheck[]): Fact[] {
  return checks.map((check): Fact => {
    if (check.error) {
      return {
        kind: 'lock-no-holder',
        text: `Could not check \`${check.path}\`: ${truncate(check.error, 200)}`,
        weight: 15,
      };
    }
    if (check.holders.length === 0) {
      return {
        kind: 'lock-no-holder',
        text:
          `No process held \`${check.path}\` when diagnostics ran: the holder had let go by then ` +
          '(typically a scanner, backup or indexing agent, or the daemon itself between retries).',
        weight: 20,
      };
    }
    const holders = check.holders.slice(0, 3).map((holder) => {
      const name = holder.processName
        ? `${holder.processName}.exe`
        : holder.app || 'unknown process';
      const service = holder.service ? `, service ${holder.service}` : '';
      return `${name} (pid ${holder.pid}${service})`;
    });
    const more = check.holders.length > 3 ? ` and ${check.holders.length - 3} more` : '';
    return {
      kind: 'lock-holder',
      text: `\`${check.path}\` was held by ${holders.join(', ')}${more} when diagnostics ran.`,
      weight: 50,
    };
  });
}

/** Minifilters that ship with Windows or Defender; anything else is third-party. */
const INBOX_FILTERS = new Set(
  [
    'bindflt',
    'wcifs',
    'wcnfs',
    'wdfilter',
    'storqosflt',
    'cldflt',
    'filecrypt',
    'luafv',
    'npsvctrig',
    'wof',
    'fileinfo',
    'unionfs',
    'applockerfltr',
    'bfs',
    'winsetupmon',
    'mssecflt',
    'cimfs',
    'ucpd',
    'dfsrro',
    'datascrn',
    'quota',
    'srmsvc',
    'fsdepends',
    'prjflt',
    'iorate',
    'mpkslsrv',
    'rsfx0800',
  ].map((name) => name.toLowerCase()),
);

export interface FilterDriver {
  readonly name: string;
  readonly instances: number;
  readonly altitude: string;
}

/** Parses `fltmc filters` output (name, instances, altitude, frame). */
export function parseFltmc(text: string): FilterDriver[] {
  const drivers: FilterDriver[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\S+)\s+(\d+)\s+([\d.]+)\s+\d+\s*$/.exec(line.trim());
    if (match) drivers.push({ name: match[1], instances: Number(match[2]), altitude: match[3] });
  }
  return drivers;
}

/** The loaded filesystem minifilters (`fltmc filters`). */
export const filterDriversCollector: Collector = {
  id: 'filter-drivers',
  title: 'Loaded filesystem filter drivers',
  platforms: WINDOWS,
  async collect(context) {
    const result = await saveCommand(context, 'filter-drivers.txt', 'fltmc', ['filters']);
    if (!succeeded(result)) throw new Error(`fltmc filters failed: ${failureLine(result)}`);
    const drivers = parseFltmc(result.stdout);
    await context.files.writeJson('filter-drivers.json', { drivers });
    const foreign = drivers.filter((driver) => !INBOX_FILTERS.has(driver.name.toLowerCase()));
    if (foreign.length === 0) return { note: `${drivers.length} filters, all inbox` };
    const names = foreign
      .map((driver) => `${driver.name} (altitude ${driver.altitude})`)
      .join(', ');
    return {
      facts: [
        {
          kind: 'filter-drivers',
          text: `Third-party filesystem filter drivers are loaded: ${names}; such drivers can hold layer files open.`,
          weight: 35,
        },
      ],
    };
  },
};

/**
 * Defender's real-time state and whether the daemons' folders are excluded.
 * LIMITATION: the folders checked are the default daemon folders under ProgramData and the
 * `exclusion-paths` input, not roots moved elsewhere by a daemon's config file.
 */
export const defenderCollector: Collector = {
  id: 'defender',
  title: 'Microsoft Defender status and exclusions',
  platforms: WINDOWS,
  async collect(context) {
    const info = await readDefender(scriptOptions(context));
    await context.files.writeJson('defender.json', info);
    if (info.status === null) {
      const reason = truncate(info.statusError ?? 'no status', 200);
      return {
        facts: [
          { kind: 'defender-state', text: `Defender status unavailable: ${reason}`, weight: 10 },
        ],
      };
    }
    if (!info.status.realTimeProtectionEnabled) {
      return {
        facts: [
          { kind: 'defender-state', text: 'Defender real-time protection is off.', weight: 10 },
        ],
      };
    }
    const folders = [
      windowsPath(programData(context.env), 'containerd'),
      windowsPath(programData(context.env), 'buildkitd'),
      ...context.settings.exclusionPaths,
    ];
    const exclusions = info.preference?.exclusionPath ?? [];
    if (info.preference === null || exclusions.some((item) => /^N\/A/i.test(item))) {
      return {
        facts: [
          {
            kind: 'defender-state',
            text: 'Defender real-time protection is on; its exclusions could not be read (needs administrator rights).',
            weight: 20,
          },
        ],
      };
    }
    const uncovered = folders.filter((folder) => !isExcluded(folder, exclusions, context.env));
    if (uncovered.length === 0) {
      return {
        facts: [
          {
            kind: 'defender-state',
            text: "Defender real-time protection is on; the daemons' folders are excluded.",
            weight: 10,
          },
        ],
      };
    }
    return {
      facts: [
        {
          kind: 'defender-exposed',
          text: `Defender real-time protection is on and ${uncovered.map((item) => `\`${item}\``).join(', ')} not excluded: the scanner can hold layer files open.`,
          weight: 40,
        },
      ],
    };
  },
};

/** Whether a folder lies under one of Defender's path exclusions (they cover subfolders). */
export function isExcluded(
  folder: string,
  exclusions: readonly string[],
  env: NodeJS.ProcessEnv,
): boolean {
  const normal = (value: string): string =>
    value
      .replace(/%([^%]+)%/g, (match, name: string) => env[name] ?? match)
      .replace(/\//g, '\\')
      .replace(/\\+$/, '')
      .toLowerCase();
  const target = normal(folder);
  return exclusions.some((exclusion) => {
    const base = normal(exclusion);
    return base !== '' && (target === base || target.startsWith(`${base}\\`));
  });
}
