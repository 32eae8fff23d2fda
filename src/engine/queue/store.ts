/**
 * Where the queue of one daemon lives on disk and how it is read and changed: a folder per
 * daemon address, a JSON state file replaced atomically under a short proper-lockfile lock, and
 * a separate small file with the end time of the last build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import type { Clock } from '../clock.js';
import type { Exec } from '../exec.js';
import { createEmptyState, parseState, type QueueState } from './state.js';

/** The queue folder could not be created or used. */
export class QueueStateError extends Error {
  override name = 'QueueStateError';
}

/** The short state lock stayed taken through all retries (another process is inside it). */
export class StateLockBusyError extends Error {
  override name = 'StateLockBusyError';
}

export interface QueuePaths {
  /** The folder of this daemon's queue, inside the state folder. */
  readonly dir: string;
  readonly stateFile: string;
  /** The lock directory proper-lockfile creates while a process changes the state file. */
  readonly lockPath: string;
  /** The end time of the last build, kept apart so a damaged state file cannot lose it. */
  readonly lastEndFile: string;
}

export interface QueueLog {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
}

/** How long the state lock may go without a refresh before others take it over. */
const LOCK_STALE_MS = 4000;
/** How long to keep trying for the state lock before giving up this round. */
const LOCK_PATIENCE_MS = LOCK_STALE_MS + 2000;
/** Temporary files older than this are left-overs of a writer that died mid-write. */
const STRAY_TEMP_AGE_MS = 10 * 60_000;
/** Grants Modify, inherited by files and subfolders, to Authenticated Users (by SID). */
const WINDOWS_SHARED_GRANT = '*S-1-5-11:(OI)(CI)M';

/** The files of the queue of `address` inside `stateDir`. */
export function findQueuePaths(stateDir: string, address: string): QueuePaths {
  const dir = path.join(stateDir, queueFolderName(address));
  return {
    dir,
    stateFile: path.join(dir, 'queue.json'),
    lockPath: path.join(dir, 'queue.lock'),
    lastEndFile: path.join(dir, 'last-end.json'),
  };
}

/**
 * A readable, file-system-safe folder name for a daemon address. Windows pipe names ignore case,
 * so `npipe:` addresses are compared without it; the hash keeps different addresses apart.
 */
export function queueFolderName(address: string): string {
  const trimmed = address.trim();
  const key = /^npipe:/i.test(trimmed) ? trimmed.toLowerCase() : trimmed;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  const slug = key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return `queue-${slug || 'daemon'}-${hash}`;
}

/**
 * Creates the state folder and the daemon's queue folder when missing, open to every account on
 * the machine, and fails with a clear message when they cannot be used.
 */
export async function prepareQueueFolder(
  stateDir: string,
  paths: QueuePaths,
  platform: NodeJS.Platform,
  exec: Exec,
  log: QueueLog,
): Promise<void> {
  // LIMITATION: on Windows the grant is made only when this step creates the state folder; a
  // folder made beforehand by something else keeps the access rights it was given.
  const createdState = await createSharedFolder(stateDir, stateDir, platform);
  if (createdState && platform === 'win32') await grantEveryAccount(stateDir, exec, log);
  await createSharedFolder(paths.dir, stateDir, platform);
  try {
    await fs.access(paths.dir, fsConstants.R_OK | fsConstants.W_OK);
  } catch (error) {
    throw new QueueStateError(
      `The queue folder ${paths.dir} is not writable for this account ` +
        `(${describeCode(error)}). Give every build account write access to ${stateDir}, or ` +
        'set state-dir to a folder they share.',
    );
  }
  await removeStrayTempFiles(paths.dir);
}

/** A fresh look at the state without taking the lock: a hint for waiting, never for deciding. */
export async function peekQueueState(
  paths: QueuePaths,
  address: string,
): Promise<{ state: QueueState } | { problem: string }> {
  const text = await readText(paths.stateFile);
  if (text === undefined) return { state: createEmptyState(address, await readLastEnd(paths)) };
  return parseState(text);
}

export interface UpdateOutcome<T> {
  readonly result: T;
  /** Set when the state file was unreadable and was rebuilt: what was wrong with it. */
  readonly recoveredFrom?: string;
}

/**
 * Changes the state under the short lock: reads it, lets `mutate` compute the next state, and
 * replaces the file atomically. An unreadable file is rebuilt empty, with the last build ending
 * now and a recovery mark, so running builds can put themselves back before anyone starts.
 */
export async function updateQueueState<T>(
  paths: QueuePaths,
  address: string,
  clock: Clock,
  mutate: (state: QueueState) => { readonly next?: QueueState; readonly result: T },
): Promise<UpdateOutcome<T>> {
  for (let round = 1; ; round += 1) {
    try {
      return await updateOnce(paths, address, clock, mutate);
    } catch (error) {
      // Another writer slipped in (possible only when a stale lock was taken over twice).
      if (!(error instanceof StateChangedError) || round >= 3) throw error;
    }
  }
}

/** The end time of the last build from its own file; its mtime when the content is damaged. */
export async function readLastEnd(paths: QueuePaths): Promise<number> {
  const text = await readText(paths.lastEndFile);
  if (text === undefined) return 0;
  try {
    const value = JSON.parse(text) as { at?: unknown };
    if (typeof value.at === 'number' && Number.isFinite(value.at) && value.at >= 0) return value.at;
  } catch {
    // Fall through to the modification time, which is when the last end was written.
  }
  try {
    return (await fs.stat(paths.lastEndFile)).mtimeMs;
  } catch {
    return 0;
  }
}

/** Records the end of a build, never moving the recorded time backwards. */
export async function writeLastEnd(paths: QueuePaths, at: number): Promise<void> {
  const previous = await readLastEnd(paths);
  const value = Math.max(previous, at);
  await writeAtomically(
    paths.lastEndFile,
    `${JSON.stringify({ at: value, iso: new Date(value).toISOString() })}\n`,
  );
}

/** Whether a process exists on this machine; a process of another account counts as alive. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

class StateChangedError extends Error {
  override name = 'StateChangedError';
}

async function updateOnce<T>(
  paths: QueuePaths,
  address: string,
  clock: Clock,
  mutate: (state: QueueState) => { readonly next?: QueueState; readonly result: T },
): Promise<UpdateOutcome<T>> {
  let compromised: Error | undefined;
  const unlock = await takeStateLock(paths, clock, (error) => (compromised = error));
  try {
    const text = await readText(paths.stateFile);
    const { state, problem } = await readForUpdate(text, paths, address, clock.now);
    const { next, result } = mutate(state);
    if (next === undefined && problem === undefined) return { result };

    const written: QueueState = { ...(next ?? state), address, revision: state.revision + 1 };
    if (compromised) throw new StateChangedError(`lost the state lock: ${compromised.message}`);
    if ((await readText(paths.stateFile)) !== text) {
      throw new StateChangedError('the state file changed while the lock was held');
    }
    await writeAtomically(paths.stateFile, `${JSON.stringify(written, null, 2)}\n`);
    return problem === undefined ? { result } : { result, recoveredFrom: problem };
  } finally {
    await unlock().catch(() => undefined);
  }
}

async function readForUpdate(
  text: string | undefined,
  paths: QueuePaths,
  address: string,
  now: () => number,
): Promise<{ state: QueueState; problem?: string }> {
  if (text === undefined) return { state: createEmptyState(address, await readLastEnd(paths)) };
  const parsed = parseState(text);
  if ('state' in parsed) return { state: parsed.state };
  // Nothing in the file can be trusted, so behave as if a build ended just now.
  const at = now();
  const lastEndAt = Math.max(await readLastEnd(paths), at);
  return {
    state: { ...createEmptyState(address, lastEndAt), recoveredAt: at },
    problem: parsed.problem,
  };
}

async function takeStateLock(
  paths: QueuePaths,
  clock: Clock,
  onCompromised: (error: Error) => void,
): Promise<() => Promise<void>> {
  const started = clock.now();
  // LIMITATION: proper-lockfile takes over a stale lock by removing and re-creating it; two
  // processes that both judge it stale at the same instant can both get it. A lock turns stale
  // only when its holder died inside the few milliseconds it holds it, and updateOnce re-reads
  // the file before replacing it, which turns most such collisions into a retry.
  for (;;) {
    try {
      return await lockfile.lock(paths.stateFile, {
        lockfilePath: paths.lockPath,
        realpath: false,
        stale: LOCK_STALE_MS,
        update: 1000,
        // The default throws from a timer and would crash the step; the write checks this instead.
        onCompromised,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new QueueStateError(
          `Cannot lock the queue state ${paths.stateFile} (${describeCode(error)}).`,
        );
      }
    }
    // The lock is held for milliseconds at a time; the retries outlast its stale time, so a lock
    // left by a killed process is taken over before giving up.
    if (clock.now() - started > LOCK_PATIENCE_MS) {
      throw new StateLockBusyError(`The queue state lock ${paths.lockPath} stayed taken.`);
    }
    await clock.sleep(5 + Math.floor(Math.random() * 20));
  }
}

/**
 * Writes through a temporary file and a rename, so a reader or a crash never sees half a file.
 * LIMITATION: the rename is not flushed to disk (no fsync); after a power loss the file may be
 * empty or old, which the reader treats as damaged and rebuilds.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, text, { flag: 'wx', mode: 0o666 });
  try {
    await renameWithRetries(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** On Windows a reader or a virus scanner can hold the target for a moment (EPERM, EBUSY). */
async function renameWithRetries(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const passing = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (!passing || attempt >= 20) throw error;
      await delay(attempt * 5);
    }
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Returns whether the folder was created now; opens a new folder to every account (POSIX). */
async function createSharedFolder(
  folder: string,
  stateDir: string,
  platform: NodeJS.Platform,
): Promise<boolean> {
  let created: boolean;
  try {
    created = (await fs.mkdir(folder, { recursive: true, mode: 0o777 })) !== undefined;
  } catch (error) {
    throw new QueueStateError(
      `Cannot create the queue folder ${folder} (${describeCode(error)}). Create ${stateDir} ` +
        'writable for every build account, or set state-dir to a folder they share.',
    );
  }
  // The umask strips group and other write bits from mkdir. No sticky bit: other accounts must
  // be able to replace the state file by rename, which the sticky bit forbids for files they do
  // not own.
  if (created && platform !== 'win32') await fs.chmod(folder, 0o777).catch(() => undefined);
  return created;
}

/**
 * ProgramData lets other accounts read but not replace a file its creator made; the queue needs
 * every agent account (services included) to replace the state file, so the folder grants Modify.
 */
async function grantEveryAccount(folder: string, exec: Exec, log: QueueLog): Promise<void> {
  const args = [folder, '/grant', WINDOWS_SHARED_GRANT, '/Q'];
  const result = await exec('icacls', args, { timeoutMs: 30_000 });
  if (result.exitCode === 0) {
    log.info(`Created the queue state folder ${folder}, writable for every signed-in account.`);
    return;
  }
  const why =
    result.startError ??
    (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`);
  log.warning(
    `Could not open the queue state folder ${folder} to other accounts (icacls: ${why}). Builds ` +
      'under other accounts may fail to join the queue; run as an administrator: ' +
      `icacls "${folder}" ` +
      `/grant "${WINDOWS_SHARED_GRANT}"`,
  );
}

async function removeStrayTempFiles(dir: string): Promise<void> {
  try {
    const cutoff = Date.now() - STRAY_TEMP_AGE_MS;
    for (const name of await fs.readdir(dir)) {
      if (!name.endsWith('.tmp')) continue;
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true }).catch(() => undefined);
    }
  } catch {
    // Best effort: a left-over temporary file harms nothing.
  }
}

function describeCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
