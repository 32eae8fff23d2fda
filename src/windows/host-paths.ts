import * as path from 'node:path';

/** Every folder and file the host preparation reads or writes, in one place. */
export interface HostPaths {
  readonly programFiles: string;
  readonly programData: string;

  /** containerd's own default config folder; the release archive unpacks `bin\` into it. */
  readonly containerdDir: string;
  readonly containerdExe: string;
  readonly ctrExe: string;
  readonly shimExe: string;
  readonly buildkitDir: string;
  readonly buildkitdExe: string;
  readonly buildctlExe: string;

  /** Where containerd's CRI plugin and BuildKit (through its flags) look for CNI plugins. */
  readonly cniBinDir: string;
  readonly cniConfDir: string;
  readonly cniConfPath: string;
  readonly natPluginExe: string;

  /** Service logs live outside the per-job folders so that every later job can read them. */
  readonly logDir: string;
  readonly containerdLog: string;
  readonly buildkitdLog: string;

  /** Data folders of the daemons (their defaults on Windows), named for Defender exclusions. */
  readonly containerdRoot: string;
  readonly containerdState: string;
  readonly buildkitdRoot: string;
}

/**
 * Joins below a base folder with the flavour of the base: a drive or UNC path is joined the
 * Windows way even when this process runs elsewhere (plans for a Windows host made on Linux);
 * any other base is a folder of this machine (tests point the Windows variables at temp folders).
 */
export function joinHostPath(base: string, ...parts: string[]): string {
  return /^([A-Za-z]:[\\/]|\\\\)/.test(base)
    ? path.win32.join(base, ...parts)
    : path.join(base, ...parts);
}

/** The folder that holds a file, in the flavour of its path. */
export function hostDirname(file: string): string {
  return /^([A-Za-z]:[\\/]|\\\\)/.test(file) ? path.win32.dirname(file) : path.dirname(file);
}

/** Resolves the host paths from the environment (`ProgramFiles`, `ProgramData`). */
export function resolveHostPaths(env: NodeJS.ProcessEnv): HostPaths {
  const programFiles = env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files';
  const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
  const containerdDir = joinHostPath(programFiles, 'containerd');
  const buildkitDir = joinHostPath(programFiles, 'buildkit');
  const cniBinDir = joinHostPath(containerdDir, 'cni', 'bin');
  const cniConfDir = joinHostPath(containerdDir, 'cni', 'conf');
  const logDir = joinHostPath(programData, 'wcow-build', 'logs');
  return {
    programFiles,
    programData,
    containerdDir,
    containerdExe: joinHostPath(containerdDir, 'bin', 'containerd.exe'),
    ctrExe: joinHostPath(containerdDir, 'bin', 'ctr.exe'),
    shimExe: joinHostPath(containerdDir, 'bin', 'containerd-shim-runhcs-v1.exe'),
    buildkitDir,
    buildkitdExe: joinHostPath(buildkitDir, 'bin', 'buildkitd.exe'),
    buildctlExe: joinHostPath(buildkitDir, 'bin', 'buildctl.exe'),
    cniBinDir,
    cniConfDir,
    cniConfPath: joinHostPath(cniConfDir, '0-containerd-nat.conf'),
    natPluginExe: joinHostPath(cniBinDir, 'nat.exe'),
    logDir,
    containerdLog: joinHostPath(logDir, 'containerd.log'),
    buildkitdLog: joinHostPath(logDir, 'buildkitd.log'),
    containerdRoot: joinHostPath(programData, 'containerd', 'root'),
    containerdState: joinHostPath(programData, 'containerd', 'state'),
    buildkitdRoot: joinHostPath(programData, 'buildkitd'),
  };
}

/** Windows paths compare without case and without a trailing separator. */
export function normalizeWindowsPath(value: string): string {
  return value.trim().replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}

/** True when `file` lies inside `folder` (Windows comparison rules). */
export function isInsideFolder(file: string, folder: string): boolean {
  const f = normalizeWindowsPath(file);
  const d = normalizeWindowsPath(folder);
  return f.startsWith(`${d}\\`);
}
