import { runPowerShell } from './powershell.js';
import { DEFENDER_CHANGE_SCRIPT, DEFENDER_STATE_SCRIPT } from './scripts.js';
import type { WindowsContext } from './services.js';
import { normalizeWindowsPath } from './host-paths.js';

/** Microsoft Defender as Get-MpComputerStatus and Get-MpPreference describe it. */
export interface DefenderState {
  readonly available: boolean;
  readonly reason?: string;
  readonly amServiceEnabled?: boolean;
  readonly realTimeProtectionEnabled?: boolean;
  /** Normal, Passive Mode, SxS Passive Mode, EDR Block Mode or Not running. */
  readonly amRunningMode?: string;
  readonly isTamperProtected?: boolean;
  /** Null when Defender hides the list from this account ("N/A: ..."). */
  readonly exclusionPath: readonly string[] | null;
  readonly exclusionProcess: readonly string[] | null;
}

export interface ExclusionSet {
  readonly paths: readonly string[];
  readonly processes: readonly string[];
}

export interface ExclusionFailure {
  readonly kind: 'path' | 'process';
  readonly value: string;
  readonly message: string;
}

interface RawState {
  available: boolean;
  reason?: string;
  amServiceEnabled?: boolean;
  realTimeProtectionEnabled?: boolean;
  amRunningMode?: string;
  isTamperProtected?: boolean;
  exclusionPath?: string[] | string | null;
  exclusionProcess?: string[] | string | null;
}

/** Reads Defender's status and exclusions; never throws (an unreadable Defender is unavailable). */
export async function readDefenderState(ctx: WindowsContext): Promise<DefenderState> {
  let raw: RawState;
  try {
    raw = await runPowerShell<RawState>(DEFENDER_STATE_SCRIPT, { exec: ctx.exec, env: ctx.env });
  } catch (error) {
    return {
      available: false,
      reason: (error as Error).message,
      exclusionPath: null,
      exclusionProcess: null,
    };
  }
  return {
    ...raw,
    exclusionPath: readList(raw.exclusionPath),
    exclusionProcess: readList(raw.exclusionProcess),
  };
}

// Without the right to read exclusions, Get-MpPreference returns a single "N/A: ..." entry.
function readList(value: string[] | string | null | undefined): string[] | null {
  const list = value === undefined || value === null ? [] : [value].flat();
  return list.some((item) => item.startsWith('N/A:')) ? null : list;
}

/** Real-time scanning is what takes file locks, so only then do exclusions matter. */
export function isScanningFiles(state: DefenderState): boolean {
  const mode = (state.amRunningMode ?? 'Normal').toLowerCase();
  return (
    state.available &&
    state.amServiceEnabled !== false &&
    state.realTimeProtectionEnabled === true &&
    !mode.includes('passive') &&
    mode !== 'not running'
  );
}

/** Decides whether to add exclusions for `defender-exclusions` (auto, true, false). */
export function decideExclusions(
  mode: 'auto' | 'true' | 'false',
  state: DefenderState,
): { readonly manage: boolean; readonly reason: string } {
  if (mode === 'false') return { manage: false, reason: 'defender-exclusions is false' };
  if (!state.available) {
    return {
      manage: false,
      reason: `Microsoft Defender is not available (${state.reason ?? 'unknown reason'})`,
    };
  }
  if (mode === 'true') return { manage: true, reason: 'defender-exclusions is true' };
  if (!isScanningFiles(state)) {
    const detail =
      `real-time protection ${state.realTimeProtectionEnabled ? 'on' : 'off'}, ` +
      `running mode ${state.amRunningMode ?? 'unknown'}`;
    return { manage: false, reason: `Defender does not scan files in real time (${detail})` };
  }
  return { manage: true, reason: 'Defender real-time protection is on' };
}

/** The wanted entries that are not in the existing list (Windows comparison rules). */
export function missingEntries(wanted: readonly string[], existing: readonly string[]): string[] {
  const have = new Set(existing.map(normalizeWindowsPath));
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const entry of wanted) {
    const key = normalizeWindowsPath(entry);
    if (key === '' || have.has(key) || seen.has(key)) continue;
    seen.add(key);
    missing.push(entry);
  }
  return missing;
}

/** Adds or removes exclusions one at a time; returns the entries Defender refused. */
export async function changeExclusions(
  action: 'add' | 'remove',
  set: ExclusionSet,
  ctx: WindowsContext,
): Promise<ExclusionFailure[]> {
  const result = await runPowerShell<{ failures?: ExclusionFailure[] | ExclusionFailure }>(
    DEFENDER_CHANGE_SCRIPT,
    {
      exec: ctx.exec,
      env: ctx.env,
      data: { action, paths: set.paths, processes: set.processes },
    },
  );
  return result.failures === undefined ? [] : [result.failures].flat();
}

/** What an administrator should do when Defender refused exclusions. */
export function adviceForRefusal(
  state: DefenderState | undefined,
  failures: readonly ExclusionFailure[],
): string {
  const text = failures.map((failure) => failure.message).join(' ');
  if (/0x80070005|access (is )?denied|administrator/i.test(text)) {
    return 'The agent does not run with administrator rights; run it elevated or add the exclusions yourself.';
  }
  if (state?.isTamperProtected) {
    return (
      'Tamper protection is on and may block local exclusion changes; add the exclusions through ' +
      'your Defender management (Intune, Group Policy) or turn on defender-exclusions: false.'
    );
  }
  return 'Add the exclusions yourself or set defender-exclusions: false.';
}

/** The PowerShell an administrator can run to make the same change by hand. */
export function manualCommand(action: 'add' | 'remove', set: ExclusionSet): string {
  const verb = action === 'add' ? 'Add-MpPreference' : 'Remove-MpPreference';
  const list = (items: readonly string[]): string =>
    items.map((item) => `'${item.replace(/'/g, "''")}'`).join(', ');
  const parts: string[] = [];
  if (set.paths.length > 0) parts.push(`${verb} -ExclusionPath ${list(set.paths)}`);
  if (set.processes.length > 0) parts.push(`${verb} -ExclusionProcess ${list(set.processes)}`);
  return parts.join('; ');
}
