/**
 * The queue state of one BuildKit daemon and the pure rules over it: who is in line, who is
 * dead, and whether a given entry may start now. No input/output happens here.
 */

export const STATE_VERSION = 1;

/** One step in line for the build slot, or holding it (`startedAt` set). */
export interface QueueEntry {
  /** Unique per acquire call; a retry of the same step gets a new one. */
  readonly id: string;
  readonly pid: number;
  readonly step: string;
  readonly host: string;
  /** The machine the process runs on; a pid only means something on its own machine. */
  readonly hostname: string;
  /** ms since epoch when the step asked for the slot; keeps the order when an entry returns. */
  readonly requestedAt: number;
  /** ms since epoch of the last sign of life; an entry older than the lease is removed. */
  readonly renewedAt: number;
  /** ms since epoch when this entry took the slot; absent while it waits. */
  readonly startedAt?: number;
}

export interface QueueState {
  readonly version: typeof STATE_VERSION;
  /** The daemon address this queue serialises, for people reading the file. */
  readonly address: string;
  /** Grows by one with every write; tells readers and writers that the file changed. */
  readonly revision: number;
  /** ms since epoch when the last build on this daemon ended (0 = none known). */
  readonly lastEndAt: number;
  /**
   * ms since epoch when an unreadable state file was rebuilt. Starts wait a grace period after
   * it, so that builds still running get the time to put themselves back in the file.
   */
  readonly recoveredAt?: number;
  /** Arrival order: the holder first, then the waiters, first come first served. */
  readonly entries: readonly QueueEntry[];
}

/** How the rules find out whether a process still exists. */
export interface Liveness {
  /** This machine's name: pids of entries from other machines cannot be checked. */
  readonly hostname: string;
  isAlive(pid: number): boolean;
}

export interface RemovedEntry {
  readonly entry: QueueEntry;
  readonly reason: 'process-gone' | 'lease-expired';
}

export type StartDecision =
  | { readonly kind: 'start' }
  | { readonly kind: 'missing' }
  | {
      readonly kind: 'wait';
      /** 1 = next to start. */
      readonly position: number;
      readonly holder?: QueueEntry;
      /** Waiting entries ahead of this one, in order. */
      readonly ahead: readonly QueueEntry[];
      /** The earliest time a start is allowed once the line ahead is empty (spacing, recovery). */
      readonly startAllowedAt: number;
    };

/** A state with nobody in line. */
export function createEmptyState(address: string, lastEndAt = 0): QueueState {
  return { version: STATE_VERSION, address, revision: 0, lastEndAt, entries: [] };
}

/** Reads a state file's text; returns the reason instead of a state when it cannot be used. */
export function parseState(text: string): { state: QueueState } | { problem: string } {
  if (text.trim() === '') return { problem: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `the file is not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(value)) return { problem: 'the file does not hold a JSON object' };
  if (value.version !== STATE_VERSION) {
    return {
      problem: `the file has version ${JSON.stringify(value.version)}, not ${STATE_VERSION}`,
    };
  }
  if (!isTime(value.lastEndAt) || !isCount(value.revision) || !Array.isArray(value.entries)) {
    return { problem: 'the file lacks a valid lastEndAt, revision or entries field' };
  }
  if (value.recoveredAt !== undefined && !isTime(value.recoveredAt)) {
    return { problem: 'the file has an invalid recoveredAt field' };
  }
  const entries: QueueEntry[] = [];
  for (const [index, item] of value.entries.entries()) {
    const entry = readEntry(item);
    if (!entry) return { problem: `entry ${index} of the file is not a valid queue entry` };
    entries.push(entry);
  }
  return {
    state: {
      version: STATE_VERSION,
      address: typeof value.address === 'string' ? value.address : '',
      revision: value.revision,
      lastEndAt: value.lastEndAt,
      ...(value.recoveredAt !== undefined ? { recoveredAt: value.recoveredAt } : {}),
      entries,
    },
  };
}

/**
 * Removes entries whose process is gone or whose lease ran out. A removed holder's build counts
 * as ended `now`, so the spacing after it is kept even though its real end is unknown.
 */
export function pruneState(
  state: QueueState,
  now: number,
  leaseMs: number,
  liveness: Liveness,
): { state: QueueState; removed: RemovedEntry[] } {
  const removed: RemovedEntry[] = [];
  const kept = state.entries.filter((entry) => {
    const reason = findDeathReason(entry, now, leaseMs, liveness);
    if (reason) removed.push({ entry, reason });
    return reason === undefined;
  });
  if (removed.length === 0) return { state, removed };
  const holderRemoved = removed.some(({ entry }) => entry.startedAt !== undefined);
  const lastEndAt = holderRemoved ? Math.max(state.lastEndAt, now) : state.lastEndAt;
  return { state: { ...state, lastEndAt, entries: kept }, removed };
}

/** The reason an entry counts as dead, or undefined while it lives. */
export function findDeathReason(
  entry: QueueEntry,
  now: number,
  leaseMs: number,
  liveness: Liveness,
): RemovedEntry['reason'] | undefined {
  if (entry.hostname === liveness.hostname && !liveness.isAlive(entry.pid)) return 'process-gone';
  // LIMITATION: a reused pid looks alive; such an entry goes only when its lease runs out.
  if (entry.renewedAt + leaseMs < now) return 'lease-expired';
  return undefined;
}

/** Whether entry `id` may take the slot at `now`, and if not, what it waits for. */
export function decideStart(
  state: QueueState,
  id: string,
  now: number,
  spacingMs: number,
  recoveryGraceMs: number,
): StartDecision {
  const index = state.entries.findIndex((entry) => entry.id === id);
  if (index < 0) return { kind: 'missing' };
  const self = state.entries[index];
  if (self.startedAt !== undefined) return { kind: 'start' };

  const holder = state.entries.find((entry) => entry.startedAt !== undefined);
  const ahead = state.entries.slice(0, index).filter((entry) => entry.startedAt === undefined);
  const startAllowedAt = findStartAllowedAt(state, spacingMs, recoveryGraceMs);
  if (!holder && ahead.length === 0 && now >= startAllowedAt) return { kind: 'start' };
  return { kind: 'wait', position: ahead.length + 1, holder, ahead, startAllowedAt };
}

/** The earliest start allowed by the spacing after the last build and by a recent recovery. */
export function findStartAllowedAt(
  state: QueueState,
  spacingMs: number,
  recoveryGraceMs: number,
): number {
  const afterSpacing = spacingMs > 0 ? state.lastEndAt + spacingMs : 0;
  const afterRecovery = state.recoveredAt !== undefined ? state.recoveredAt + recoveryGraceMs : 0;
  return Math.max(afterSpacing, afterRecovery);
}

/**
 * Brings times that lie after `now` back to `now`: after the system clock was set back, a last
 * end in the future would otherwise hold every start until the clock catches up.
 */
export function clampToNow(state: QueueState, now: number): QueueState {
  const lastEndLate = state.lastEndAt > now;
  const recoveryLate = state.recoveredAt !== undefined && state.recoveredAt > now;
  if (!lastEndLate && !recoveryLate) return state;
  return {
    ...state,
    lastEndAt: Math.min(state.lastEndAt, now),
    ...(state.recoveredAt !== undefined ? { recoveredAt: Math.min(state.recoveredAt, now) } : {}),
  };
}

/** Adds an entry where its request time puts it, behind any holder (keeps FIFO on return). */
export function insertEntry(state: QueueState, entry: QueueEntry): QueueState {
  const entries = [...state.entries];
  if (entry.startedAt !== undefined) {
    entries.unshift(entry);
  } else {
    let at = entries.length;
    while (
      at > 0 &&
      entries[at - 1].startedAt === undefined &&
      entries[at - 1].requestedAt > entry.requestedAt
    ) {
      at -= 1;
    }
    entries.splice(at, 0, entry);
  }
  return { ...state, entries };
}

/** Replaces the entry with the same id. */
export function replaceEntry(state: QueueState, entry: QueueEntry): QueueState {
  return {
    ...state,
    entries: state.entries.map((item) => (item.id === entry.id ? entry : item)),
  };
}

/** Drops the entry with this id (no change when it is not there). */
export function removeEntry(state: QueueState, id: string): QueueState {
  return { ...state, entries: state.entries.filter((entry) => entry.id !== id) };
}

function readEntry(item: unknown): QueueEntry | undefined {
  if (!isRecord(item)) return undefined;
  const { id, pid, step, host, hostname, requestedAt, renewedAt, startedAt } = item;
  if (typeof id !== 'string' || id === '' || !Number.isInteger(pid) || (pid as number) <= 0) {
    return undefined;
  }
  if (typeof step !== 'string' || typeof host !== 'string' || typeof hostname !== 'string') {
    return undefined;
  }
  if (!isTime(requestedAt) || !isTime(renewedAt)) return undefined;
  if (startedAt !== undefined && !isTime(startedAt)) return undefined;
  return {
    id,
    pid: pid as number,
    step,
    host,
    hostname,
    requestedAt,
    renewedAt,
    ...(startedAt !== undefined ? { startedAt } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}
