import * as fs from 'node:fs/promises';
import type { Clock } from '../engine/clock.js';
import { describeError, SetupError } from '../engine/errors.js';
import type { Exec } from '../engine/exec.js';
import type { Settings } from '../engine/settings.js';
import type { DownloadCache } from '../hosts/host.js';
import { installArchive } from './archive.js';
import { probeDaemon } from './daemon.js';
import {
  adviceForRefusal,
  changeExclusions,
  decideExclusions,
  manualCommand,
  readDefenderState,
  type DefenderState,
  type ExclusionFailure,
  type ExclusionSet,
} from './defender.js';
import { archiveCacheDir, ensureArchive, fetchText } from './download.js';
import {
  hostDirname,
  normalizeWindowsPath,
  resolveHostPaths,
  type HostPaths,
} from './host-paths.js';
import {
  buildPlan,
  DAEMONS,
  freshHostFacts,
  isLocalPipe,
  type DaemonName,
  type HostFacts,
  type HostPlan,
  type PlannedDownload,
  type PlannedService,
} from './plan.js';
import { probeHost, readToolVersion } from './probe.js';
import {
  DEFAULT_RELEASES_BASE,
  releaseArch,
  releaseArtifact,
  resolveChecksum,
  type ChecksumSource,
  type ReleaseArch,
  type ReleaseTool,
} from './releases.js';
import {
  configureService,
  queryServices,
  startService,
  stopProcess,
  stopService,
  STUCK_STATES,
  type ServiceInfo,
  type WindowsContext,
} from './services.js';
import { listImages } from './warmup.js';

export type { HostPlan } from './plan.js';

/** The log the preparation writes to: one group per phase. */
export interface PrepareLog {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  group<T>(title: string, run: () => Promise<T>): Promise<T>;
}

export interface PrepareOptions {
  readonly settings: Settings;
  /** The platform to prepare for; tests pass 'win32' on Linux. */
  readonly platform: NodeJS.Platform;
  /** Node's `process.arch`: x64 and arm64 have releases. */
  readonly arch: string;
  /** ProgramFiles, ProgramData and PATH come from here. */
  readonly env: NodeJS.ProcessEnv;
  readonly exec: Exec;
  readonly clock: Clock;
  readonly log: PrepareLog;
  /** The runner's tool cache (RUNNER_TOOL_CACHE / AGENT_TOOLSDIRECTORY). */
  readonly toolCacheDir: string;
  readonly tempDir: string;
  readonly downloadCache?: DownloadCache;
  /** Replaces https://github.com for release downloads (mirrors, loopback tests). */
  readonly releasesBaseUrl?: string;
  /** Extra SHA-256 values by archive file name; they win over built-in pins and published files. */
  readonly pinnedSha256?: Readonly<Record<string, string>>;
  /** Called after every host change with the record so far, so it can be saved at once. */
  readonly onChange?: (changes: HostChanges) => void;
}

export interface InstalledArchive {
  readonly tool: ReleaseTool;
  readonly version: string;
  readonly url: string;
  readonly sha256: string;
  readonly source: 'tool-cache' | 'download-cache' | 'download';
  readonly dir: string;
  readonly files: readonly string[];
}

export interface FileChange {
  readonly path: string;
  readonly action: 'created' | 'replaced' | 'created-folder';
  /** The replaced content, so it can be put back by hand. */
  readonly previousContent?: string;
}

export interface ServiceChange {
  readonly name: DaemonName;
  readonly action:
    | 'registered'
    | 'reconfigured'
    | 'set-automatic'
    | 'set-dependency'
    | 'stopped'
    | 'started'
    | 'restarted';
  readonly detail: string;
  readonly commandLine?: string;
  readonly previousCommandLine?: string;
}

/** Exactly what the preparation changed on the host; saved for the post step (JSON). */
export interface HostChanges {
  readonly version: 1;
  skipped?: 'setup-false' | 'not-windows' | 'remote-daemon';
  readonly installed: InstalledArchive[];
  readonly files: FileChange[];
  readonly services: ServiceChange[];
  /** Defender exclusions that did not exist before and were added; the post step removes these. */
  readonly exclusions: { paths: string[]; processes: string[] };
  readonly warmedUp: string[];
  /** Where the build step finds the tools (not on PATH after a fresh install). */
  tools: { buildctl?: string; ctr?: string };
}

/** Preparation failed; `changes` holds what was changed before, for the post step to undo. */
export class HostPreparationError extends SetupError {
  constructor(
    message: string,
    readonly changes: HostChanges,
  ) {
    super(message);
  }
}

const POLL_MS = 1000;
const STATE_WAIT_MS = 30_000;
const WARMUP_TIMEOUT_MS = 30 * 60_000;

/** An empty record of host changes. */
export function noHostChanges(): HostChanges {
  return {
    version: 1,
    installed: [],
    files: [],
    services: [],
    exclusions: { paths: [], processes: [] },
    warmedUp: [],
    tools: {},
  };
}

/**
 * Prepares a Windows host for BuildKit: installs what is missing, registers and starts the
 * services, waits for the daemon to answer, warms it up and adds Defender exclusions. Throws a
 * SetupError (HostPreparationError) only when the daemon cannot be brought to answer.
 *
 * Two jobs on one machine must not prepare it at the same time: the main step holds the
 * host-wide `host-preparation` queue slot around this call.
 */
export async function prepareHost(options: PrepareOptions): Promise<HostChanges> {
  const changes = noHostChanges();
  const skip = skipReason(options);
  if (skip !== undefined) {
    changes.skipped = skip.code;
    if (skip.code === 'setup-false') options.log.debug(skip.message);
    else options.log.info(skip.message);
    return changes;
  }
  const arch = releaseArch(options.arch);
  if (arch === undefined) {
    throw new HostPreparationError(
      `No containerd or BuildKit release exists for architecture ${options.arch}; prepare the host ` +
        'yourself and set setup: false.',
      changes,
    );
  }
  try {
    await new Preparation(options, arch, changes).run();
  } catch (error) {
    if (error instanceof HostPreparationError) throw error;
    throw new HostPreparationError(`Host preparation failed: ${describeError(error)}`, changes);
  }
  return changes;
}

/**
 * Removes exactly the Defender exclusions `prepareHost` added, unless keep-exclusions; never throws.
 *
 * LIMITATION: exclusions are per machine, the record is per job. When two agents share a machine,
 * a job that found the exclusions already present (added by the other job) records none, and the
 * other job's post step removes them while it still builds. Such hosts should use
 * keep-exclusions: true.
 */
export async function restoreHost(options: PrepareOptions, changes: HostChanges): Promise<void> {
  const { log } = options;
  try {
    const added: ExclusionSet = {
      paths: stringList(changes?.exclusions?.paths),
      processes: stringList(changes?.exclusions?.processes),
    };
    const count = added.paths.length + added.processes.length;
    if (count === 0) {
      log.debug('No Defender exclusions were added, so none are removed.');
      return;
    }
    const listing = [...added.paths, ...added.processes].join(', ');
    if (options.settings.keepExclusions) {
      log.info(
        `keep-exclusions is true: the ${count} Defender exclusions added earlier stay (${listing}).`,
      );
      return;
    }
    if (options.platform !== 'win32') return;
    await log.group('Restore host: Defender exclusions', async () => {
      const ctx: WindowsContext = { exec: options.exec, env: options.env, log };
      let failures: ExclusionFailure[];
      try {
        failures = await changeExclusions('remove', added, ctx);
      } catch (error) {
        failures = [
          ...added.paths.map((value) => ({
            kind: 'path' as const,
            value,
            message: describeError(error),
          })),
          ...added.processes.map((value) => ({
            kind: 'process' as const,
            value,
            message: describeError(error),
          })),
        ];
      }
      const failed = new Set(failures.map((failure) => `${failure.kind}:${failure.value}`));
      for (const value of added.paths) {
        if (!failed.has(`path:${value}`)) log.info(`Removed Defender exclusion path ${value}.`);
      }
      for (const value of added.processes) {
        if (!failed.has(`process:${value}`))
          log.info(`Removed Defender exclusion process ${value}.`);
      }
      if (failures.length > 0) {
        const left: ExclusionSet = {
          paths: failures.filter((f) => f.kind === 'path').map((f) => f.value),
          processes: failures.filter((f) => f.kind === 'process').map((f) => f.value),
        };
        log.warning(
          `Defender did not remove ${failures.length} exclusion(s) wcow-build added ` +
            `(${failures[0].message}). Remove them by hand as administrator: ${manualCommand('remove', left)}`,
        );
      }
    });
  } catch (error) {
    log.warning(
      `Undoing the host changes failed: ${describeError(error)}. The job result is unchanged.`,
    );
  }
}

/**
 * Lists, as JSON, every change `prepareHost` would make on this host (or on a fresh Windows host
 * with `assumeFreshHost`), with each download's URL and SHA-256; changes nothing.
 */
export async function planHostPreparation(
  options: PrepareOptions & { readonly assumeFreshHost?: boolean },
): Promise<HostPlan> {
  const skip = skipReason(options);
  if (skip !== undefined) return skippedPlan(options, skip.message);
  const arch = releaseArch(options.arch);
  if (arch === undefined)
    return skippedPlan(options, `no containerd or BuildKit release exists for ${options.arch}`);
  const paths = resolveHostPaths(options.env);
  const ctx: WindowsContext = { exec: options.exec, env: options.env, log: options.log };
  const facts = options.assumeFreshHost
    ? freshHostFacts()
    : await probeHost(ctx, paths, options.settings);
  const plan = makePlan(options, arch, paths, facts);
  for (const download of plan.downloads) {
    const artifact = artifactFor(options, arch, download.tool, download.version);
    download.checksumSource = describeChecksumSource(artifact.checksum);
    download.cacheDir = archiveCacheDir(options.toolCacheDir, artifact);
    try {
      download.sha256 = await resolveChecksum(artifact, (url) => fetchText(url));
    } catch (error) {
      download.checksumError = describeError(error);
    }
  }
  return plan;
}

function skipReason(
  options: PrepareOptions,
): { code: NonNullable<HostChanges['skipped']>; message: string } | undefined {
  if (options.settings.setup === 'false') {
    return { code: 'setup-false', message: 'setup is false: the host is left as it is.' };
  }
  if (options.platform !== 'win32') {
    return {
      code: 'not-windows',
      message: `Host preparation applies to Windows hosts; this host runs ${options.platform}, so nothing was changed.`,
    };
  }
  if (!isLocalPipe(options.settings.buildkitAddress)) {
    return {
      code: 'remote-daemon',
      message:
        `buildkit-address ${options.settings.buildkitAddress} is not a named pipe on this host, so the host ` +
        'is not prepared (the daemon runs elsewhere).',
    };
  }
  return undefined;
}

function skippedPlan(options: PrepareOptions, reason: string): HostPlan {
  return {
    version: 1,
    platform: options.platform,
    arch: options.arch,
    freshHostAssumed: false,
    skipped: reason,
    daemonAddress: options.settings.buildkitAddress,
    downloads: [],
    files: [],
    services: [],
    waitFor: null,
    exclusions: null,
    warmup: [],
    notes: [],
    warnings: [],
    tools: { buildctl: 'buildctl', ctr: 'ctr' },
  };
}

function artifactFor(
  options: PrepareOptions,
  arch: ReleaseArch,
  tool: ReleaseTool,
  version: string,
) {
  return releaseArtifact(
    tool,
    version,
    arch,
    options.releasesBaseUrl ?? DEFAULT_RELEASES_BASE,
    options.pinnedSha256,
  );
}

function makePlan(
  options: PrepareOptions,
  arch: ReleaseArch,
  paths: HostPaths,
  facts: HostFacts,
): HostPlan {
  return buildPlan({
    facts,
    settings: options.settings,
    paths,
    arch,
    urlOf: (tool, version) => {
      const artifact = artifactFor(options, arch, tool, version);
      return { url: artifact.url, fileName: artifact.fileName };
    },
  });
}

function describeChecksumSource(source: ChecksumSource): string {
  switch (source.kind) {
    case 'pinned':
      return `pinned (${source.origin})`;
    case 'sha256sum':
      return `published checksum file ${source.url}`;
    case 'in-toto':
      return `published in-toto statement ${source.url} (subject digest)`;
    default:
      return `none: ${source.reason}`;
  }
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** One run of the preparation: the phases share the host paths, the facts and the record. */
class Preparation {
  private readonly ctx: WindowsContext;
  private readonly paths: HostPaths;
  private readonly log: PrepareLog;
  private readonly settings: Settings;
  private facts: HostFacts = freshHostFacts();
  /** Services stopped so that binaries could be replaced, with the reason to start them again. */
  private readonly stoppedForInstall = new Map<DaemonName, string>();
  /** Services changed since the probe; the others are known from the probe without asking again. */
  private readonly touched = new Set<DaemonName>();

  constructor(
    private readonly options: PrepareOptions,
    private readonly arch: ReleaseArch,
    private readonly changes: HostChanges,
  ) {
    this.ctx = { exec: options.exec, env: options.env, log: options.log };
    this.paths = resolveHostPaths(options.env);
    this.log = options.log;
    this.settings = options.settings;
  }

  async run(): Promise<void> {
    const plan = await this.log.group('Prepare host: inspect', () => this.inspect());
    await this.log.group('Prepare host: Defender exclusions', () => this.addExclusions(plan));
    if (plan.downloads.length > 0) {
      await this.log.group('Prepare host: install', () => this.install(plan));
    }
    if (plan.files.length > 0) {
      await this.log.group('Prepare host: network and logs', () => this.writeFiles(plan));
    }
    await this.log.group('Prepare host: services', () => this.startServices(plan));
    if (plan.warmup.length > 0) {
      await this.log.group('Prepare host: warm-up', () => this.warmUp(plan));
    }
  }

  private record(change: () => void, message: string): void {
    change();
    this.log.info(message);
    this.options.onChange?.(this.changes);
  }

  private async inspect(): Promise<HostPlan> {
    this.facts = await probeHost(this.ctx, this.paths, this.settings);
    const plan = makePlan(this.options, this.arch, this.paths, this.facts);
    this.changes.tools = { ...plan.tools };
    for (const name of DAEMONS) {
      const info = this.facts.services[name];
      const service = info.exists ? `service ${info.state}, start ${info.startMode}` : 'no service';
      const foreign = name in this.facts.foreignVersions;
      const version = foreign
        ? `${this.facts.foreignVersions[name] ?? 'unknown version'} at ${info.pathName ?? ''}`
        : (this.facts.installedVersions[name] ?? 'not installed');
      this.log.info(`${name}: ${version} (${service}).`);
    }
    const planned = [
      ...plan.downloads.map((d) => `install ${d.tool} ${d.version}`),
      ...plan.files.map((f) => `${f.action} ${f.path}`),
      ...plan.services.flatMap((s) => s.actions.map((action) => `${action} ${s.name}`)),
    ];
    this.log.info(
      planned.length === 0 ? 'Nothing to install or configure.' : `Planned: ${planned.join('; ')}.`,
    );
    // The plan's notes are for `setup --plan`; each phase logs its own decision.
    for (const warning of plan.warnings) this.log.warning(warning);
    return plan;
  }

  private async addExclusions(plan: HostPlan): Promise<void> {
    const state = this.facts.defender;
    if (state === null) {
      this.log.info('Defender exclusions: off (defender-exclusions: false).');
      return;
    }
    const decision = decideExclusions(this.settings.defenderExclusions, state);
    if (!decision.manage) {
      this.log.info(`Defender exclusions: none added; ${decision.reason}.`);
      return;
    }
    const wanted = plan.exclusions;
    if (wanted === null) return; // the plan's warning already says why (hidden exclusion list)
    if (wanted.paths.length + wanted.processes.length === 0) {
      this.log.info(`Defender exclusions: all already present (${decision.reason}).`);
      return;
    }
    let failures: ExclusionFailure[];
    try {
      failures = await changeExclusions('add', wanted, this.ctx);
    } catch (error) {
      failures = [{ kind: 'path', value: '*', message: describeError(error) }];
    }
    const after = await readDefenderState(this.ctx);
    const added = presentNow(wanted, after, failures);
    for (const value of added.paths) {
      this.record(
        () => this.changes.exclusions.paths.push(value),
        `Added Defender exclusion path ${value}.`,
      );
    }
    for (const value of added.processes) {
      this.record(
        () => this.changes.exclusions.processes.push(value),
        `Added Defender exclusion process ${value}.`,
      );
    }
    const refused: ExclusionSet = {
      paths: wanted.paths.filter((p) => !added.paths.includes(p)),
      processes: wanted.processes.filter((p) => !added.processes.includes(p)),
    };
    const count = refused.paths.length + refused.processes.length;
    if (count > 0) {
      const why = failures.length > 0 ? failures[0].message : 'Defender did not keep them';
      this.log.warning(
        `Defender refused ${count} exclusion(s) (${why}). ${adviceForRefusal(after.available ? after : state, failures)} ` +
          `By hand, as administrator: ${manualCommand('add', refused)}`,
      );
    }
  }

  private async install(plan: HostPlan): Promise<void> {
    for (const download of plan.downloads) {
      try {
        await this.installOne(download);
      } catch (error) {
        const reason = asSentence(describeError(error));
        if (download.tool === 'cni') {
          this.log.warning(
            `The Windows NAT CNI plugin was not installed: ${reason} RUN steps get no network until ` +
              `nat.exe is in ${download.installDir}.`,
          );
          continue;
        }
        const name: DaemonName = download.tool === 'containerd' ? 'containerd' : 'buildkitd';
        const current = this.facts.installedVersions[name];
        if (current !== null) {
          this.log.warning(
            `${download.tool} ${download.version} was not installed: ${reason} Going on with ${current}.`,
          );
          continue;
        }
        throw new HostPreparationError(
          `${download.tool} ${download.version} could not be installed: ${reason}`,
          this.changes,
        );
      }
    }
  }

  private async installOne(download: PlannedDownload): Promise<void> {
    const artifact = artifactFor(this.options, this.arch, download.tool, download.version);
    const sha256 = await resolveChecksum(artifact, (url) => fetchText(url));
    this.log.info(
      `${artifact.fileName} must have SHA-256 ${sha256} (${describeChecksumSource(artifact.checksum)}).`,
    );
    const { file, source } = await ensureArchive(artifact, sha256, {
      toolCacheDir: this.options.toolCacheDir,
      downloadCache: this.options.downloadCache,
      clock: this.options.clock,
      log: this.log,
    });
    if (download.stopsService !== undefined) await this.stopForInstall(download.stopsService);
    const files = await installArchive(file, artifact.format, download.installDir);
    this.record(
      () =>
        this.changes.installed.push({
          tool: artifact.tool,
          version: artifact.version,
          url: artifact.url,
          sha256,
          source,
          dir: download.installDir,
          files,
        }),
      `Installed ${artifact.tool} ${artifact.version} into ${download.installDir} (${files.length} files, archive from ${source}).`,
    );
    if (artifact.tool === 'cni') return;
    const exe = artifact.tool === 'containerd' ? this.paths.containerdExe : this.paths.buildkitdExe;
    const version = await readToolVersion(exe, this.ctx);
    if (version !== artifact.version) {
      throw new Error(
        `the installed ${exe} reports version ${version ?? 'none'}, not ${artifact.version}.`,
      );
    }
  }

  private async stopForInstall(
    name: DaemonName,
    detail = 'to replace its binaries',
  ): Promise<void> {
    // The service manager refuses to stop containerd while buildkitd, which depends on it, runs.
    if (name === 'containerd')
      await this.stopForInstall('buildkitd', "to replace containerd's binaries");
    this.touched.add(name);
    const info = await this.query(name);
    if (!info.exists || info.state === 'Stopped') return;
    await this.stop(info);
    this.stoppedForInstall.set(name, detail.replace(/^to replace/, 'after replacing'));
    this.record(
      () => this.changes.services.push({ name, action: 'stopped', detail }),
      `Stopped service ${name} ${detail}.`,
    );
  }

  private async writeFiles(plan: HostPlan): Promise<void> {
    for (const file of plan.files) {
      if (file.action === 'create-folder') {
        await fs.mkdir(file.path, { recursive: true });
        this.record(
          () => this.changes.files.push({ path: file.path, action: 'created-folder' }),
          `Created folder ${file.path} (${file.purpose}).`,
        );
        continue;
      }
      if (file.content === undefined) continue;
      const previous = await fs.readFile(file.path, 'utf8').catch(() => undefined);
      await fs.mkdir(hostDirname(file.path), { recursive: true });
      await fs.writeFile(file.path, file.content, 'utf8');
      const action = previous === undefined ? 'created' : 'replaced';
      this.record(
        () => this.changes.files.push({ path: file.path, action, previousContent: previous }),
        `${action === 'created' ? 'Created' : 'Replaced'} ${file.path}: ${file.purpose}.`,
      );
    }
  }

  private async startServices(plan: HostPlan): Promise<void> {
    for (const service of plan.services) {
      await this.configure(service);
      await this.ensureRunning(
        service.name,
        service.actions.includes('restart'),
        service.reasons.join('; '),
      );
    }
    await this.waitForDaemon(plan);
  }

  private async configure(service: PlannedService): Promise<void> {
    const { name } = service;
    if (service.actions.some((action) => action !== 'start' && action !== 'restart'))
      this.touched.add(name);
    for (const action of service.actions) {
      if (action === 'register') {
        const [program, ...args] = service.registerCommand;
        this.log.debug(`argv: ${JSON.stringify(service.registerCommand)}`);
        const result = await this.options.exec(program, args, {
          env: this.options.env,
          timeoutMs: 60_000,
        });
        if (result.exitCode !== 0) {
          const detail =
            result.startError ??
            (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).at(-1);
          throw new HostPreparationError(
            `Registering the ${name} service failed (${detail}). The agent needs administrator rights to ` +
              'register services; run it elevated or register the services yourself (see wcow-build setup --plan).',
            this.changes,
          );
        }
        this.record(
          () =>
            this.changes.services.push({
              name,
              action: 'registered',
              detail: `automatic start, log file ${service.logFile}`,
              commandLine: service.serviceCommandLine,
            }),
          `Registered service ${name}: ${service.serviceCommandLine}`,
        );
      } else if (action === 'reconfigure') {
        const previous = this.facts.services[name].pathName;
        await configureService(name, 'binPath', service.serviceCommandLine, this.ctx);
        this.record(
          () =>
            this.changes.services.push({
              name,
              action: 'reconfigured',
              detail: 'command line set to the one wcow-build registers',
              commandLine: service.serviceCommandLine,
              previousCommandLine: previous,
            }),
          `Changed the command line of service ${name} from ${previous ?? '(none)'} to ${service.serviceCommandLine}`,
        );
      } else if (action === 'set-automatic') {
        await configureService(name, 'start', 'auto', this.ctx);
        const was = this.facts.services[name].startMode ?? 'unknown';
        this.record(
          () =>
            this.changes.services.push({
              name,
              action: 'set-automatic',
              detail: `start mode was ${was}`,
            }),
          `Set service ${name} to start automatically (was ${was}).`,
        );
      } else if (action === 'set-dependency' && service.dependsOn !== undefined) {
        const existing = [...(this.facts.services[name].dependencies ?? [])];
        const value = [...existing, service.dependsOn].join('/');
        await configureService(name, 'depend', value, this.ctx);
        this.record(
          () =>
            this.changes.services.push({
              name,
              action: 'set-dependency',
              detail: `depends on ${value}`,
            }),
          `Made service ${name} depend on ${value}.`,
        );
      }
    }
  }

  private async query(name: DaemonName): Promise<ServiceInfo> {
    const found = await queryServices([name], this.ctx);
    return found.get(name) ?? { name, exists: false };
  }

  /** Starts a stopped service, restarts a stuck one (or one that must restart), and waits for Running. */
  private async ensureRunning(name: DaemonName, restart: boolean, reason: string): Promise<void> {
    let info = this.touched.has(name) ? await this.query(name) : this.facts.services[name];
    this.touched.add(name);
    if (!info.exists) {
      throw new HostPreparationError(
        `Service ${name} is not registered; it cannot be started.`,
        this.changes,
      );
    }
    const state = info.state ?? 'Stopped';
    const stuck = STUCK_STATES.includes(state);
    if (state === 'Running' && !restart) return;
    if (state === 'Running' || stuck) {
      await this.stop(info);
      await this.start(name, 'restarted', stuck ? `it was stuck in state ${state}` : reason);
    } else {
      const detail = this.stoppedForInstall.get(name) ?? `it was ${state.toLowerCase()}`;
      await this.start(name, 'started', detail);
    }
    info = await this.waitForState(
      name,
      (s) => s === 'Running' || s === 'Stopped',
      this.stateWaitMs(),
    );
    if (info.state === 'Stopped') {
      const log = name === 'containerd' ? this.paths.containerdLog : this.paths.buildkitdLog;
      throw new HostPreparationError(
        `Service ${name} stopped right after it was started; read ${log} on the host for the reason.`,
        this.changes,
      );
    }
    if (info.state !== 'Running') {
      this.log.info(
        `Service ${name} is still ${info.state}; waiting for the daemon to answer instead.`,
      );
    }
  }

  private async start(
    name: DaemonName,
    action: 'started' | 'restarted',
    detail: string,
  ): Promise<void> {
    const result = await startService(name, this.ctx);
    if (!result.ok) {
      throw new HostPreparationError(
        `Service ${name} could not be started (sc.exe start: ${result.detail}).`,
        this.changes,
      );
    }
    this.record(
      () => this.changes.services.push({ name, action, detail }),
      `${action === 'started' ? 'Started' : 'Restarted'} service ${name} (${detail}).`,
    );
  }

  /** Stops a service; kills its process when it does not stop (a stuck service ignores requests). */
  private async stop(info: ServiceInfo): Promise<void> {
    const name = info.name as DaemonName;
    const asked = await stopService(name, this.ctx);
    let now = asked.ok
      ? await this.waitForState(name, (s) => s === 'Stopped', this.stateWaitMs())
      : info;
    if (now.state !== 'Stopped') {
      const pid = now.processId ?? info.processId ?? 0;
      if (pid <= 0) {
        throw new HostPreparationError(
          `Service ${name} does not stop (${asked.detail}) and has no process to end.`,
          this.changes,
        );
      }
      this.log.info(
        `Service ${name} does not stop (${asked.ok ? now.state : asked.detail}); ending process ${pid}.`,
      );
      await stopProcess(pid, this.ctx);
      now = await this.waitForState(name, (s) => s === 'Stopped', this.stateWaitMs());
      if (now.state !== 'Stopped') {
        throw new HostPreparationError(
          `Service ${name} is still ${now.state} after its process was ended.`,
          this.changes,
        );
      }
    }
  }

  /** How long to wait for a service state: 30 s, less when service-timeout is short. */
  private stateWaitMs(): number {
    return Math.min(STATE_WAIT_MS, this.settings.serviceTimeoutMs / 4);
  }

  private async waitForState(
    name: DaemonName,
    done: (state: string) => boolean,
    limitMs: number,
  ): Promise<ServiceInfo> {
    const deadline = this.options.clock.now() + limitMs;
    for (;;) {
      const info = await this.query(name);
      if (done(info.state ?? 'Stopped') || this.options.clock.now() >= deadline) return info;
      await this.options.clock.sleep(Math.min(POLL_MS, deadline - this.options.clock.now()));
    }
  }

  private async waitForDaemon(plan: HostPlan): Promise<void> {
    const { clock } = this.options;
    const address = this.settings.buildkitAddress;
    const timeout = this.settings.serviceTimeoutMs;
    const started = clock.now();
    const deadline = started + timeout;
    let restarted = false;
    let last = '';
    for (;;) {
      const probe = await probeDaemon(plan.tools.buildctl, address, this.ctx);
      if (probe.windowsWorker) {
        this.log.info(
          `BuildKit answers at ${address} after ${Math.round((clock.now() - started) / 1000)} s: ${probe.detail}.`,
        );
        return;
      }
      if (probe.detail !== last) this.log.debug(`BuildKit not ready: ${probe.detail}`);
      last = probe.detail;
      const now = clock.now();
      if (now >= deadline) {
        throw new HostPreparationError(
          `BuildKit at ${address} did not list a Windows worker within ${timeout / 1000} s (service-timeout); ` +
            `last answer: ${last}. Read ${this.paths.buildkitdLog} and ${this.paths.containerdLog} on the host, ` +
            'or raise service-timeout.',
          this.changes,
        );
      }
      if (!restarted && now - started >= timeout / 2) {
        restarted = true;
        await this.restartSilentDaemon(Math.round((now - started) / 1000), last);
      }
      await clock.sleep(Math.min(POLL_MS, deadline - now));
    }
  }

  /** Halfway through the wait, a daemon that runs but does not answer is restarted once. */
  private async restartSilentDaemon(seconds: number, last: string): Promise<void> {
    const containerd = await this.query('containerd');
    if (containerd.state !== 'Running')
      await this.ensureRunning('containerd', false, 'it was not running');
    await this.ensureRunning(
      'buildkitd',
      true,
      `BuildKit did not answer for ${seconds} s (${last})`,
    );
  }

  private async warmUp(plan: HostPlan): Promise<void> {
    const ctr = plan.tools.ctr;
    const present = this.facts.images ?? (await listImages(ctr, this.ctx)) ?? [];
    for (const { image, command } of plan.warmup) {
      if (present.includes(image)) {
        this.log.info(`${image} is already in BuildKit's image store.`);
        continue;
      }
      const started = this.options.clock.now();
      this.log.debug(`argv: ${JSON.stringify(command)}`);
      const result = await this.options.exec(command[0], command.slice(1), {
        env: this.options.env,
        timeoutMs: WARMUP_TIMEOUT_MS,
        maxOutput: 64 * 1024,
      });
      if (result.exitCode === 0) {
        const seconds = Math.round((this.options.clock.now() - started) / 1000);
        this.record(
          () => this.changes.warmedUp.push(image),
          `Pulled ${image} into BuildKit's image store in ${seconds} s.`,
        );
        continue;
      }
      const detail = result.timedOut
        ? `no result within ${WARMUP_TIMEOUT_MS / 60_000} min`
        : (result.startError ??
          result.stderr.trim().split(/\r?\n/).at(-1) ??
          `exit code ${result.exitCode}`);
      // LIMITATION: ctr reads no registry credentials, so images from private registries are not warmed up.
      this.log.warning(
        `Warm-up of ${image} failed (${detail}); the build pulls it itself. Images that need a registry ` +
          'login cannot be warmed up.',
      );
    }
  }
}

/** The wanted exclusions Defender now lists and did not refuse. */
function presentNow(
  wanted: ExclusionSet,
  after: DefenderState,
  failures: readonly ExclusionFailure[],
): ExclusionSet {
  const refused = new Set(
    failures.map((failure) => `${failure.kind}:${normalizeWindowsPath(failure.value)}`),
  );
  const has = (list: readonly string[] | null, kind: string, value: string): boolean => {
    if (refused.has(`${kind}:${normalizeWindowsPath(value)}`) || refused.has(`path:*`))
      return false;
    // When the list cannot be read back, an entry that raised no error is taken as added.
    return (
      list === null ||
      list.some((entry) => normalizeWindowsPath(entry) === normalizeWindowsPath(value))
    );
  };
  return {
    paths: wanted.paths.filter((value) =>
      has(after.available ? after.exclusionPath : null, 'path', value),
    ),
    processes: wanted.processes.filter((value) =>
      has(after.available ? after.exclusionProcess : null, 'process', value),
    ),
  };
}
