import type { Settings } from '../engine/settings.js';
import { joinWindowsCommandLine } from './command-line.js';
import { decideCniConf, NAT_NETWORK_NAME, type NatNetwork } from './cni.js';
import { decideExclusions, missingEntries, type DefenderState } from './defender.js';
import {
  hostDirname,
  isInsideFolder,
  joinHostPath,
  normalizeWindowsPath,
  type HostPaths,
} from './host-paths.js';
import { CNI_VERSION, type ReleaseArch, type ReleaseTool } from './releases.js';
import { serviceCommand, STUCK_STATES, type ServiceInfo } from './services.js';
import { normalizeImageRef, pullArgs } from './warmup.js';
import { workersArgs } from './daemon.js';

export type DaemonName = 'containerd' | 'buildkitd';
export const DAEMONS: readonly DaemonName[] = ['containerd', 'buildkitd'];

/** The pipe containerd listens on by default on Windows. */
export const CONTAINERD_ADDRESS = 'npipe:////./pipe/containerd-containerd';
const DEFAULT_BUILDKIT_PIPE = 'npipe:////./pipe/buildkitd';

/** What was found on the host (or assumed for a fresh one) before anything changes. */
export interface HostFacts {
  /** True when nothing was probed and a fresh Windows host is assumed. */
  readonly fresh: boolean;
  /** The version of the binary in wcow-build's install folder; null when missing or unreadable. */
  readonly installedVersions: Readonly<Record<DaemonName, string | null>>;
  readonly services: Readonly<Record<DaemonName, ServiceInfo>>;
  /** Versions of binaries that registered services run from outside wcow-build's folders. */
  readonly foreignVersions: Readonly<Partial<Record<DaemonName, string | null>>>;
  readonly natPluginInstalled: boolean;
  readonly cniConf: string | null;
  readonly nat: NatNetwork | null;
  readonly logDirExists: boolean;
  readonly defender: DefenderState | null;
  /** Images already in BuildKit's namespace; null when unknown. */
  readonly images: readonly string[] | null;
}

export type ServiceAction =
  'register' | 'reconfigure' | 'set-automatic' | 'set-dependency' | 'start' | 'restart';

export interface PlannedDownload {
  readonly tool: ReleaseTool;
  readonly version: string;
  readonly fileName: string;
  readonly url: string;
  /** Filled in by the caller once the checksum is resolved; null when it could not be. */
  sha256: string | null;
  checksumSource: string;
  checksumError?: string;
  /** Where the archive is kept between jobs. */
  cacheDir?: string;
  readonly installDir: string;
  /** Stop this service before replacing its files. */
  readonly stopsService?: DaemonName;
}

export interface PlannedService {
  readonly name: DaemonName;
  /** True when the service runs (or will run) wcow-build's own binary; only then is it reconfigured. */
  readonly managed: boolean;
  readonly actions: ServiceAction[];
  readonly reasons: string[];
  /** `<exe> --register-service ...` as run to register the service. */
  readonly registerCommand: readonly string[];
  /** The command line the service manager runs once registered. */
  readonly serviceCommandLine: string;
  readonly logFile: string;
  readonly dependsOn?: DaemonName;
}

export interface PlannedFile {
  readonly path: string;
  readonly action: 'create' | 'replace' | 'create-folder';
  readonly purpose: string;
  readonly content?: string;
}

/** Every change the preparation would make, as JSON for an administrator to review. */
export interface HostPlan {
  readonly version: 1;
  readonly platform: string;
  readonly arch: string;
  readonly freshHostAssumed: boolean;
  /** Set when the preparation does nothing, with the reason. */
  readonly skipped?: string;
  readonly daemonAddress: string;
  readonly downloads: PlannedDownload[];
  readonly files: PlannedFile[];
  readonly services: PlannedService[];
  readonly waitFor: {
    readonly command: readonly string[];
    readonly timeoutSeconds: number;
    readonly until: string;
  } | null;
  readonly exclusions: {
    readonly condition: string;
    readonly paths: string[];
    readonly processes: string[];
  } | null;
  readonly warmup: { readonly image: string; readonly command: readonly string[] }[];
  /** Decisions worth knowing about. */
  readonly notes: string[];
  /** Things an administrator should act on; the step logs them as warnings. */
  readonly warnings: string[];
  /** Where the tools are once prepared (the build step runs buildctl from here). */
  readonly tools: { readonly buildctl: string; readonly ctr: string };
}

/** Facts for a fresh Windows host: nothing installed, nothing registered, nothing probed. */
export function freshHostFacts(): HostFacts {
  const absent = (name: string): ServiceInfo => ({ name, exists: false });
  return {
    fresh: true,
    installedVersions: { containerd: null, buildkitd: null },
    services: { containerd: absent('containerd'), buildkitd: absent('buildkitd') },
    foreignVersions: {},
    natPluginInstalled: false,
    cniConf: null,
    nat: null,
    logDirExists: false,
    defender: null,
    images: null,
  };
}

/** True when the daemon address is a named pipe on this host, which the preparation can serve. */
export function isLocalPipe(address: string): boolean {
  return address.toLowerCase().startsWith('npipe://');
}

/** The arguments (after the program) that each service runs with. */
export function serviceArgs(name: DaemonName, settings: Settings, paths: HostPaths): string[] {
  if (name === 'containerd') return ['--log-file', paths.containerdLog];
  const args = [
    '--service-name',
    'buildkitd',
    '--containerd-worker=true',
    `--containerd-worker-addr=${CONTAINERD_ADDRESS}`,
    `--containerd-cni-config-path=${paths.cniConfPath}`,
    `--containerd-cni-binary-dir=${paths.cniBinDir}`,
    '--debug',
    '--log-file',
    paths.buildkitdLog,
  ];
  if (settings.buildkitGroup !== '') args.push('--group', settings.buildkitGroup);
  if (settings.buildkitAddress.toLowerCase() !== DEFAULT_BUILDKIT_PIPE)
    args.push('--addr', settings.buildkitAddress);
  return args;
}

/** The binaries the host runs: wcow-build's own, or those of services it does not manage. */
export function resolveBinaries(
  facts: HostFacts,
  paths: HostPaths,
): {
  containerd: string;
  shim: string;
  ctr: string;
  buildkitd: string;
  buildctl: string;
  containerdDir: string;
  buildkitDir: string;
} {
  const pick = (name: DaemonName, ours: string, ourDir: string): string => {
    const info = facts.services[name];
    const { program } = serviceCommand(info);
    return isManaged(info, ourDir) || program === '' ? ours : program;
  };
  const containerd = pick('containerd', paths.containerdExe, paths.containerdDir);
  const buildkitd = pick('buildkitd', paths.buildkitdExe, paths.buildkitDir);
  const containerdBin = hostDirname(containerd);
  const buildkitBin = hostDirname(buildkitd);
  return {
    containerd,
    shim: joinHostPath(containerdBin, 'containerd-shim-runhcs-v1.exe'),
    ctr: joinHostPath(containerdBin, 'ctr.exe'),
    buildkitd,
    buildctl: joinHostPath(buildkitBin, 'buildctl.exe'),
    containerdDir: containerd === paths.containerdExe ? paths.containerdDir : containerdBin,
    buildkitDir: buildkitd === paths.buildkitdExe ? paths.buildkitDir : buildkitBin,
  };
}

export interface PlanInput {
  readonly facts: HostFacts;
  readonly settings: Settings;
  readonly paths: HostPaths;
  readonly arch: ReleaseArch;
  readonly urlOf: (tool: ReleaseTool, version: string) => { url: string; fileName: string };
}

/** Decides every change from the facts; pure, so the plan and the run cannot disagree. */
export function buildPlan(input: PlanInput): HostPlan {
  const { facts, settings, paths, arch } = input;
  const notes: string[] = [];
  const warnings: string[] = [];
  const downloads: PlannedDownload[] = [];
  const files: PlannedFile[] = [];
  const services: PlannedService[] = [];
  const bins = resolveBinaries(facts, paths);
  const pinned: Record<DaemonName, string> = {
    containerd: settings.containerdVersion,
    buildkitd: settings.buildkitVersion,
  };
  const installed: Record<DaemonName, boolean> = { containerd: false, buildkitd: false };

  for (const name of DAEMONS) {
    const info = facts.services[name];
    const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
    if (!isManaged(info, ourDir)) {
      const version = facts.foreignVersions[name] ?? null;
      const program = serviceCommand(info).program;
      if (version !== pinned[name]) {
        warnings.push(
          `Service ${name} runs ${program} (version ${version ?? 'unknown'}), not ${pinned[name]}; wcow-build ` +
            'leaves services it did not install alone. To let it install the pinned version, remove the ' +
            `service (sc.exe delete ${name}) or set ${name === 'containerd' ? 'containerd' : 'buildkit'}-version.`,
        );
      }
      if (!serviceCommand(info).args.includes('--log-file')) {
        warnings.push(
          `Service ${name} runs without --log-file, so its log goes nowhere; diagnostics will lack it.`,
        );
      }
      continue;
    }
    if (facts.installedVersions[name] !== pinned[name]) {
      const tool: ReleaseTool = name === 'containerd' ? 'containerd' : 'buildkit';
      const { url, fileName } = input.urlOf(tool, pinned[name]);
      downloads.push({
        tool,
        version: pinned[name],
        fileName,
        url,
        sha256: null,
        checksumSource: '',
        installDir: ourDir,
        stopsService: info.exists && info.state !== 'Stopped' ? name : undefined,
      });
      installed[name] = true;
    }
  }

  if (!facts.natPluginInstalled) {
    if (arch === 'amd64') {
      const { url, fileName } = input.urlOf('cni', CNI_VERSION);
      downloads.push({
        tool: 'cni',
        version: CNI_VERSION,
        fileName,
        url,
        sha256: null,
        checksumSource: '',
        installDir: paths.cniBinDir,
      });
    } else {
      // LIMITATION: microsoft/windows-container-networking publishes the NAT plugin for amd64 only.
      warnings.push(
        `No Windows NAT CNI plugin is published for ${arch}; RUN steps get no network unless nat.exe is ` +
          `placed in ${paths.cniBinDir}.`,
      );
    }
  }

  if (!facts.logDirExists) {
    files.push({
      path: paths.logDir,
      action: 'create-folder',
      purpose: 'containerd and buildkitd service logs',
    });
  }
  if (facts.nat === null) {
    files.push({
      path: paths.cniConfPath,
      action: 'create',
      purpose: `NAT network config for RUN steps, with the subnet and gateway of the HNS network '${NAT_NETWORK_NAME}'`,
    });
  } else {
    const decision = decideCniConf(facts.cniConf, facts.nat);
    if (decision.action === 'none') {
      if (!facts.nat.found) warnings.push(`RUN steps get no network: ${decision.reason}.`);
    } else {
      files.push({
        path: paths.cniConfPath,
        action: decision.action,
        purpose: decision.reason,
        content: decision.content,
      });
    }
  }

  for (const name of DAEMONS) {
    services.push(planService(name, facts, settings, paths, installed[name]));
  }

  return {
    version: 1,
    platform: 'win32',
    arch,
    freshHostAssumed: facts.fresh,
    daemonAddress: settings.buildkitAddress,
    downloads,
    files,
    services,
    waitFor: {
      command: [bins.buildctl, ...workersArgs(settings.buildkitAddress)],
      timeoutSeconds: settings.serviceTimeoutMs / 1000,
      until: 'the daemon lists a worker for os windows',
    },
    exclusions: planExclusions(facts, settings, paths, bins, notes, warnings),
    warmup: settings.warmupImages
      .map(normalizeImageRef)
      .filter((image) => !(facts.images ?? []).includes(image))
      .map((image) => ({ image, command: [bins.ctr, ...pullArgs(image)] })),
    notes,
    warnings,
    tools: { buildctl: bins.buildctl, ctr: bins.ctr },
  };
}

function planService(
  name: DaemonName,
  facts: HostFacts,
  settings: Settings,
  paths: HostPaths,
  reinstalled: boolean,
): PlannedService {
  const info = facts.services[name];
  const exe = name === 'containerd' ? paths.containerdExe : paths.buildkitdExe;
  const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
  const args = serviceArgs(name, settings, paths);
  const wanted = [exe, '--run-service', ...args];
  const managed = isManaged(info, ourDir);
  const actions: ServiceAction[] = [];
  const reasons: string[] = [];
  const dependsOn: DaemonName | undefined = name === 'buildkitd' ? 'containerd' : undefined;

  if (managed) {
    if (!info.exists) {
      actions.push('register');
      reasons.push(`${name} is not registered as a service`);
    } else if (!sameCommand(serviceCommand(info), wanted)) {
      actions.push('reconfigure');
      reasons.push(`its command line is ${info.pathName ?? '(none)'}`);
    }
    if (info.exists && info.startMode !== 'Auto') {
      actions.push('set-automatic');
      reasons.push(`its start mode is ${info.startMode ?? 'unknown'}`);
    }
    if (dependsOn && !(info.dependencies ?? []).some((dep) => dep.toLowerCase() === dependsOn)) {
      actions.push('set-dependency');
      reasons.push(`it must start after ${dependsOn}`);
    }
  }

  const state = info.state ?? 'Stopped';
  if (!info.exists || state === 'Stopped') {
    actions.push('start');
    reasons.push(info.exists ? 'it is stopped' : 'it will be registered stopped');
  } else if (STUCK_STATES.includes(state)) {
    actions.push('restart');
    reasons.push(`it is stuck in state ${state}`);
  } else if (state === 'Running' && (reinstalled || actions.includes('reconfigure'))) {
    actions.push('restart');
    reasons.push(reinstalled ? 'its binaries are replaced' : 'its command line changes');
  }

  return {
    name,
    managed,
    actions,
    reasons,
    registerCommand: [exe, '--register-service', ...args],
    serviceCommandLine: joinWindowsCommandLine(wanted),
    logFile: name === 'containerd' ? paths.containerdLog : paths.buildkitdLog,
    dependsOn,
  };
}

/** A service is wcow-build's to configure when it is absent or runs a binary from its folder. */
export function isManaged(info: ServiceInfo, ourDir: string): boolean {
  return !info.exists || isInsideFolder(serviceCommand(info).program, ourDir);
}

function sameCommand(
  actual: { program: string; args: string[] },
  wanted: readonly string[],
): boolean {
  const [program, ...args] = wanted;
  return (
    normalizeWindowsPath(actual.program) === normalizeWindowsPath(program) &&
    actual.args.length === args.length &&
    actual.args.every((arg, i) => arg === args[i])
  );
}

/** The exclusions wanted on this host: daemon data, install and log folders, and their processes. */
export function wantedExclusions(
  settings: Settings,
  paths: HostPaths,
  bins: ReturnType<typeof resolveBinaries>,
): { paths: string[]; processes: string[] } {
  return {
    paths: [
      paths.containerdRoot,
      paths.containerdState,
      paths.buildkitdRoot,
      bins.containerdDir,
      bins.buildkitDir,
      paths.logDir,
      ...settings.exclusionPaths,
    ],
    processes: [bins.containerd, bins.shim, bins.buildkitd, bins.buildctl],
  };
}

function planExclusions(
  facts: HostFacts,
  settings: Settings,
  paths: HostPaths,
  bins: ReturnType<typeof resolveBinaries>,
  notes: string[],
  warnings: string[],
): HostPlan['exclusions'] {
  const wanted = wantedExclusions(settings, paths, bins);
  if (settings.defenderExclusions === 'false') {
    notes.push('Defender exclusions are off (defender-exclusions: false).');
    return null;
  }
  if (facts.defender === null) {
    const condition =
      settings.defenderExclusions === 'true'
        ? 'when Microsoft Defender is installed'
        : 'only when Defender real-time protection is on';
    return { condition, ...wanted };
  }
  const decision = decideExclusions(settings.defenderExclusions, facts.defender);
  if (!decision.manage) {
    notes.push(`No Defender exclusions: ${decision.reason}.`);
    return null;
  }
  if (facts.defender.exclusionPath === null || facts.defender.exclusionProcess === null) {
    warnings.push(
      'Defender hides its exclusion list from this account, so none are added (the post step could ' +
        'not tell added ones from existing ones).',
    );
    return null;
  }
  return {
    condition: decision.reason,
    paths: missingEntries(wanted.paths, facts.defender.exclusionPath),
    processes: missingEntries(wanted.processes, facts.defender.exclusionProcess),
  };
}
