/**
 * The host-wide build queue: one build at a time per BuildKit daemon on this machine, first come
 * first served across processes, jobs, agents and accounts, with a mandatory pause between the end
 * of one build and the start of the next. See docs/build-queue.md.
 */
import { randomUUID } from 'node:crypto';
import { hostname as readHostname } from 'node:os';
import type { Clock } from './clock.js';
import { QueueTimeoutError } from './errors.js';
import { execCommand, type Exec } from './exec.js';
import {
  clampToNow,
  decideStart,
  findStartAllowedAt,
  insertEntry,
  pruneState,
  removeEntry,
  replaceEntry,
  findDeathReason,
  type Liveness,
  type QueueEntry,
  type QueueState,
  type RemovedEntry,
  type StartDecision,
} from './queue/state.js';
import {
  findQueuePaths,
  isProcessAlive,
  peekQueueState,
  prepareQueueFolder,
  StateLockBusyError,
  updateQueueState,
  writeLastEnd,
  type QueueLog,
  type QueuePaths,
} from './queue/store.js';

export { QueueStateError } from './queue/store.js';

/** Who asks for the slot; shown to the steps waiting behind it. */
export interface QueueHolder {
  readonly pid: number;
  readonly step: string;
  /** 'github' | 'azure' | 'cli' */
  readonly host: string;
}

/** Timings and machine facts; the defaults suit production, tests shorten or replace them. */
export interface QueueTuning {
  /** How often a waiter looks at the queue while a build runs. */
  readonly pollMs: number;
  /** How often every entry, waiting or holding, shows it is alive. */
  readonly renewMs: number;
  /** An entry that has not shown life for this long is removed (a hung process). */
  readonly leaseMs: number;
  /** After a damaged state file was rebuilt, nobody starts for this long. */
  readonly recoveryGraceMs: number;
  /** The waiting message repeats at most this often. */
  readonly logEveryMs: number;
  readonly platform: NodeJS.Platform;
  readonly exec: Exec;
  readonly hostname: string;
  readonly isAlive: (pid: number) => boolean;
}

export interface QueueOptions {
  /** Machine-wide folder (settings.stateDir); created when missing, usable by every account. */
  readonly stateDir: string;
  /** The queue key: one queue per BuildKit daemon address. */
  readonly daemonAddress: string;
  /** Least time from the end of the previous build on this daemon to the next start; 0 = off. */
  readonly spacingMs: number;
  /** Longest wait for the slot; 0 = no limit (the job's own timeout still applies). */
  readonly timeoutMs: number;
  readonly holder: QueueHolder;
  readonly clock: Clock;
  readonly log: QueueLog;
  /** Aborting stops the wait (the job was cancelled); the step leaves the queue. */
  readonly signal?: AbortSignal;
  readonly tuning?: Partial<QueueTuning>;
}

/** The build slot while this step holds it. */
export interface BuildSlot {
  /** Time from the request to the start, spacing included. */
  readonly waitedMs: number;
  /**
   * Records the end of the build and hands the slot on; never throws; a second call does nothing.
   * Call it in a `finally`: until then a lease renewal keeps the process alive.
   */
  release(): Promise<void>;
}

export const DEFAULT_QUEUE_TUNING: QueueTuning = {
  pollMs: 25,
  renewMs: 2000,
  leaseMs: 30_000,
  recoveryGraceMs: 5000,
  logEveryMs: 30_000,
  platform: process.platform,
  exec: execCommand,
  hostname: readHostname(),
  isAlive: isProcessAlive,
};

/**
 * Waits for this machine's build slot for the daemon, in arrival order and with the spacing
 * after the previous build, and returns it; throws QueueTimeoutError when the wait runs too long.
 */
// LIMITATION: the queue lives on this machine. Steps on other machines that use the same remote
// daemon (tcp://) are not in it and are neither serialised nor spaced with the steps here.
export async function acquireBuildSlot(options: QueueOptions): Promise<BuildSlot> {
  checkOptions(options);
  const tuning: QueueTuning = { ...DEFAULT_QUEUE_TUNING, ...options.tuning };
  const paths = findQueuePaths(options.stateDir, options.daemonAddress);
  await prepareQueueFolder(options.stateDir, paths, tuning.platform, tuning.exec, options.log);
  options.log.debug(`Build queue of daemon ${options.daemonAddress}: ${paths.stateFile}`);
  return new SlotRequest(options, tuning, paths).wait();
}

type RenewResult = 'renewed' | 'rejoined' | QueueEntry;

type LockedPass = {
  readonly decision: StartDecision;
  readonly removed: readonly RemovedEntry[];
  readonly rejoined: boolean;
  readonly state: QueueState;
};

/** One step's wait for the slot, from joining the line to taking the slot or leaving. */
class SlotRequest {
  private readonly self: QueueEntry;
  private readonly liveness: Liveness;
  private joined = false;
  private failedPasses = 0;
  private lastRenewAt = 0;
  private lastLogAt: number | undefined;
  private latest: { state: QueueState; decision: StartDecision } | undefined;

  constructor(
    private readonly options: QueueOptions,
    private readonly tuning: QueueTuning,
    private readonly paths: QueuePaths,
  ) {
    const requestedAt = options.clock.now();
    this.self = {
      id: randomUUID(),
      pid: options.holder.pid,
      step: options.holder.step,
      host: options.holder.host,
      hostname: tuning.hostname,
      requestedAt,
      renewedAt: requestedAt,
    };
    this.liveness = { hostname: tuning.hostname, isAlive: tuning.isAlive };
  }

  async wait(): Promise<BuildSlot> {
    const { clock } = this.options;
    for (;;) {
      await this.stopWhenAbortedOrLate();
      const now = clock.now();
      const peeked = this.joined ? await this.peek(now) : undefined;
      if (peeked === undefined || this.needsLockedPass(peeked, now)) {
        const pass = await this.runLockedPass();
        if (pass?.decision.kind === 'start') return this.take();
        if (pass) this.latest = { state: pass.state, decision: pass.decision };
      } else {
        this.latest = peeked;
      }
      if (this.latest) this.reportWaiting(this.latest.decision, clock.now());
      await clock.sleep(this.pickSleep(clock.now()), this.options.signal);
    }
  }

  /** A look without the lock; undefined when the file cannot be read or is damaged. */
  private async peek(
    now: number,
  ): Promise<{ state: QueueState; decision: StartDecision } | undefined> {
    try {
      const peeked = await peekQueueState(this.paths, this.options.daemonAddress);
      if (!('state' in peeked)) return undefined;
      return { state: peeked.state, decision: this.decide(peeked.state, now) };
    } catch (error) {
      this.options.log.debug(`Queue state unreadable for a moment: ${String(error)}`);
      return undefined;
    }
  }

  /** Changes are made only under the lock: to start, to prune, to renew, or to rejoin. */
  private needsLockedPass(
    peeked: { state: QueueState; decision: StartDecision },
    now: number,
  ): boolean {
    if (peeked.decision.kind !== 'wait') return true;
    if (now - this.lastRenewAt >= this.tuning.renewMs) return true;
    return peeked.state.entries.some(
      (entry) => findDeathReason(entry, now, this.tuning.leaseMs, this.liveness) !== undefined,
    );
  }

  private async runLockedPass(): Promise<LockedPass | undefined> {
    const { clock, log } = this.options;
    let outcome;
    try {
      outcome = await updateQueueState(this.paths, this.options.daemonAddress, clock, (found) => {
        const at = clock.now();
        // Renew first: this process is plainly alive, whatever its lease says.
        const mine = found.entries.find((entry) => entry.id === this.self.id);
        const current = clampToNow(found, at);
        const renewed = mine ? replaceEntry(current, { ...mine, renewedAt: at }) : current;
        const { state: pruned, removed } = pruneState(
          renewed,
          at,
          this.tuning.leaseMs,
          this.liveness,
        );
        let state = mine ? pruned : insertEntry(pruned, { ...this.self, renewedAt: at });
        const decision = this.decide(state, at);
        if (decision.kind === 'start') {
          state = replaceEntry(state, { ...this.self, renewedAt: at, startedAt: at });
        }
        return { next: state, result: { decision, removed, rejoined: !mine, state } };
      });
    } catch (error) {
      // A busy lock or a passing file error costs one round; a lasting failure ends the wait.
      this.failedPasses += 1;
      if (!(error instanceof StateLockBusyError) && (!this.joined || this.failedPasses >= 20)) {
        throw error;
      }
      log.debug(`Queue state not updated this round: ${String(error)}`);
      return undefined;
    }
    this.failedPasses = 0;
    const { result } = outcome;
    this.lastRenewAt = clock.now();
    if (outcome.recoveredFrom !== undefined) this.reportRecovery(outcome.recoveredFrom);
    for (const removed of result.removed) this.reportRemoved(removed);
    if (result.rejoined && this.joined) {
      log.info(
        "This step's place in the build queue had gone (the state file was rebuilt or its " +
          'lease ran out while the process did not respond); it rejoined in the order of its ' +
          'request time.',
      );
    }
    this.joined = true;
    return result;
  }

  private decide(state: QueueState, now: number): StartDecision {
    return decideStart(
      state,
      this.self.id,
      now,
      this.options.spacingMs,
      this.tuning.recoveryGraceMs,
    );
  }

  private take(): BuildSlot {
    const startedAt = this.options.clock.now();
    const waitedMs = Math.max(0, startedAt - this.self.requestedAt);
    const { daemonAddress } = this.options;
    this.options.log.info(
      `Took the build slot of daemon ${daemonAddress} after ${formatDuration(waitedMs)}.`,
    );
    return new HeldSlot(
      this.options,
      this.tuning,
      this.paths,
      { ...this.self, startedAt },
      waitedMs,
    );
  }

  /** Short polls while someone is ahead; one precise sleep when only the spacing is left. */
  private pickSleep(now: number): number {
    const { pollMs, renewMs } = this.tuning;
    let ms = pollMs;
    const decision = this.latest?.decision;
    if (decision?.kind === 'wait' && !decision.holder && decision.ahead.length === 0) {
      ms = Math.min(Math.max(decision.startAllowedAt - now, 1), this.lastRenewAt + renewMs - now);
    }
    if (this.options.timeoutMs > 0) {
      ms = Math.min(ms, this.self.requestedAt + this.options.timeoutMs - now);
    }
    return Math.max(ms, 1);
  }

  private async stopWhenAbortedOrLate(): Promise<void> {
    const { signal, timeoutMs, clock } = this.options;
    if (signal?.aborted) {
      await this.leave();
      throw signal.reason instanceof Error
        ? signal.reason
        : new Error('Waiting for the build slot was cancelled.');
    }
    const waited = clock.now() - this.self.requestedAt;
    if (timeoutMs > 0 && waited >= timeoutMs) {
      await this.leave();
      throw new QueueTimeoutError(this.describeTimeout(waited));
    }
  }

  /** Best effort: a step that leaves without this is pruned as soon as its process ends. */
  private async leave(): Promise<void> {
    if (!this.joined) return;
    try {
      await updateQueueState(
        this.paths,
        this.options.daemonAddress,
        this.options.clock,
        (state) => ({
          next: removeEntry(state, this.self.id),
          result: undefined,
        }),
      );
    } catch (error) {
      this.options.log.debug(`Could not leave the build queue: ${String(error)}`);
    }
  }

  private reportWaiting(decision: StartDecision, now: number): void {
    if (decision.kind !== 'wait') return;
    if (this.lastLogAt !== undefined && now - this.lastLogAt < this.tuning.logEveryMs) return;
    this.lastLogAt = now;
    this.options.log.info(this.describeWait(decision, now));
  }

  private describeWait(decision: Extract<StartDecision, { kind: 'wait' }>, now: number): string {
    const { daemonAddress, spacingMs } = this.options;
    const { holder, ahead, position, startAllowedAt } = decision;
    if (!holder && ahead.length === 0) return this.describeWaitAfterBuild(startAllowedAt, now);

    const parts = [
      `Waiting for the build slot of daemon ${daemonAddress}: position ${position} in line.`,
    ];
    if (holder) {
      const since = holder.startedAt ?? now;
      const running = `${toIso(since)} (${formatDuration(now - since)})`;
      parts.push(`Building now: ${this.describeEntry(holder)} since ${running}.`);
    }
    if (ahead.length > 0) {
      parts.push(`Ahead: ${ahead.map((entry) => this.describeEntry(entry)).join(', ')}.`);
    }
    if (holder && spacingMs > 0) {
      const spacing = formatDuration(spacingMs);
      parts.push(
        `Each start comes at least ${spacing} after the previous build ends (build-spacing).`,
      );
    } else if (startAllowedAt > now) {
      parts.push(`build-spacing allows the next start in ${formatDuration(startAllowedAt - now)}.`);
    }
    return parts.join(' ');
  }

  private describeWaitAfterBuild(startAllowedAt: number, now: number): string {
    const state = this.latest?.state;
    const { daemonAddress, spacingMs } = this.options;
    const wait = formatDuration(Math.max(0, startAllowedAt - now));
    const recoveryEnd =
      state?.recoveredAt !== undefined ? state.recoveredAt + this.tuning.recoveryGraceMs : 0;
    if (state && recoveryEnd >= startAllowedAt) {
      return (
        `Waiting ${wait} before starting: the queue state of daemon ${daemonAddress} was rebuilt ` +
        `at ${toIso(state.recoveredAt ?? now)}, and builds still running get time to re-register.`
      );
    }
    const ended = state ? ` which ended at ${toIso(state.lastEndAt)}` : '';
    return (
      `Waiting ${wait} before starting: build-spacing (${formatDuration(spacingMs)}) after the ` +
      `previous build on daemon ${daemonAddress},${ended}.`
    );
  }

  private describeTimeout(waited: number): string {
    const { daemonAddress, timeoutMs, spacingMs, clock } = this.options;
    const now = clock.now();
    const head =
      `Waited ${formatDuration(waited)} for the build slot of daemon ${daemonAddress} and gave ` +
      `up (queue-timeout ${formatDuration(timeoutMs)}).`;
    const decision = this.latest?.decision;
    if (decision?.kind === 'wait' && decision.holder) {
      const holder = decision.holder;
      const since = holder.startedAt ?? now;
      const machine =
        holder.hostname === this.tuning.hostname ? 'this machine' : `machine ${holder.hostname}`;
      return (
        `${head} The slot is held by ${this.describeEntry(holder)} since ${toIso(since)} ` +
        `(${formatDuration(now - since)}). Raise queue-timeout, or look at process ` +
        `${holder.pid} on ${machine}: if it hangs, stop it; the queue notices a stopped holder ` +
        'within a second.'
      );
    }
    if (decision?.kind === 'wait' && decision.ahead.length > 0) {
      const first = decision.ahead[0];
      return (
        `${head} No build is running, but ${decision.ahead.length} step(s) are ahead in line, ` +
        `first ${this.describeEntry(first)} waiting since ${toIso(first.requestedAt)}. Raise ` +
        `queue-timeout, or look at process ${first.pid}.`
      );
    }
    if (!this.latest) {
      return (
        `${head} The queue state ${this.paths.stateFile} could not be read or locked in that ` +
        'time; check that every build account can write to its folder.'
      );
    }
    const allowed = findStartAllowedAt(this.latest.state, spacingMs, this.tuning.recoveryGraceMs);
    return (
      `${head} No build is running, but build-spacing (${formatDuration(spacingMs)}) did not ` +
      `allow a start before ${toIso(allowed)}. Lower build-spacing or raise queue-timeout.`
    );
  }

  private describeEntry(entry: QueueEntry): string {
    return describeEntry(entry, this.tuning.hostname);
  }

  private reportRemoved({ entry, reason }: RemovedEntry): void {
    const role = entry.startedAt !== undefined ? 'the build slot holder' : 'a waiting step';
    const why =
      reason === 'process-gone'
        ? 'its process is gone'
        : `it showed no sign of life for ${formatDuration(this.tuning.leaseMs)} (lease)`;
    const spacing =
      entry.startedAt !== undefined ? '; its build counts as ended now for build-spacing' : '';
    this.options.log.info(
      `Removed ${role} ${this.describeEntry(entry)} from the queue of daemon ` +
        `${this.options.daemonAddress}: ${why}${spacing}.`,
    );
  }

  private reportRecovery(problem: string): void {
    this.options.log.warning(describeRecovery(this.paths.stateFile, problem, this.tuning));
  }
}

/** The slot while held: renews the holder's lease until released. */
class HeldSlot implements BuildSlot {
  private readonly stopRenewing = new AbortController();
  private readonly renewing: Promise<void>;
  private releasing: Promise<void> | undefined;
  private warnedOverlap = false;

  constructor(
    private readonly options: QueueOptions,
    private readonly tuning: QueueTuning,
    private readonly paths: QueuePaths,
    private readonly entry: QueueEntry,
    readonly waitedMs: number,
  ) {
    this.renewing = this.renewUntilReleased();
  }

  release(): Promise<void> {
    this.releasing ??= this.giveBack();
    return this.releasing;
  }

  private async renewUntilReleased(): Promise<void> {
    const { clock } = this.options;
    const stop = this.stopRenewing.signal;
    while (!stop.aborted) {
      await clock.sleep(this.tuning.renewMs, stop);
      if (stop.aborted) return;
      await this.renew();
    }
  }

  private async renew(): Promise<void> {
    const { clock, log } = this.options;
    try {
      const outcome = await updateQueueState<RenewResult>(
        this.paths,
        this.options.daemonAddress,
        clock,
        (state) => {
          const at = clock.now();
          const mine = state.entries.find((item) => item.id === this.entry.id);
          if (mine)
            return {
              next: replaceEntry(state, { ...mine, renewedAt: at }),
              result: 'renewed',
            };
          const other = state.entries.find((item) => item.startedAt !== undefined);
          if (other) return { result: other };
          return {
            next: insertEntry(state, { ...this.entry, renewedAt: at }),
            result: 'rejoined',
          };
        },
      );
      const { result } = outcome;
      if (outcome.recoveredFrom !== undefined) {
        log.warning(describeRecovery(this.paths.stateFile, outcome.recoveredFrom, this.tuning));
      }
      if (result === 'rejoined') {
        log.info(
          'The build slot entry of this step had gone from the queue; it put itself back as ' +
            'holder.',
        );
      } else if (result !== 'renewed' && !this.warnedOverlap) {
        this.warnedOverlap = true;
        log.warning(
          `Another build, ${describeEntry(result, this.tuning.hostname)}, took the slot while ` +
            "this step's build still runs: this step's lease ran out while its process did not " +
            'respond. The builds now overlap; if this repeats, the machine is overloaded.',
        );
      }
    } catch (error) {
      log.debug(`Could not renew the build slot lease: ${String(error)}`);
    }
  }

  private async giveBack(): Promise<void> {
    const { clock, log } = this.options;
    try {
      this.stopRenewing.abort();
      await this.renewing;
      const end = clock.now();
      await writeLastEnd(this.paths, end).catch((error: unknown) =>
        log.debug(`Could not record the build end time: ${String(error)}`),
      );
      await this.removeEntry(end);
      log.debug(
        `Released the build slot of daemon ${this.options.daemonAddress} at ${toIso(end)}.`,
      );
    } catch (error) {
      log.warning(
        `Could not give the build slot back (${String(error)}). Other steps wait until this ` +
          `process ends or its lease (${formatDuration(this.tuning.leaseMs)}) runs out.`,
      );
    }
  }

  private async removeEntry(end: number): Promise<void> {
    for (let round = 1; ; round += 1) {
      try {
        await updateQueueState(
          this.paths,
          this.options.daemonAddress,
          this.options.clock,
          (state) => ({
            next: {
              ...removeEntry(state, this.entry.id),
              lastEndAt: Math.max(state.lastEndAt, end),
            },
            result: undefined,
          }),
        );
        return;
      } catch (error) {
        if (round >= 3) throw error;
      }
    }
  }
}

function checkOptions(options: QueueOptions): void {
  const problems: string[] = [];
  if (options.stateDir.trim() === '') problems.push('stateDir is empty');
  if (options.daemonAddress.trim() === '') problems.push('daemonAddress is empty');
  if (!(options.spacingMs >= 0) || !Number.isFinite(options.spacingMs)) {
    problems.push(`spacingMs ${options.spacingMs} is not a number of 0 or more`);
  }
  if (!(options.timeoutMs >= 0) || !Number.isFinite(options.timeoutMs)) {
    problems.push(`timeoutMs ${options.timeoutMs} is not a number of 0 or more`);
  }
  if (!Number.isInteger(options.holder.pid) || options.holder.pid <= 0) {
    problems.push(`holder.pid ${options.holder.pid} is not a process id`);
  }
  if (problems.length > 0) throw new RangeError(`Build queue options: ${problems.join('; ')}.`);
}

function describeEntry(entry: QueueEntry, hostname: string): string {
  const machine = entry.hostname === hostname ? '' : `, machine ${entry.hostname}`;
  return `pid ${entry.pid} (step '${entry.step}', ${entry.host}${machine})`;
}

function describeRecovery(file: string, problem: string, tuning: QueueTuning): string {
  return (
    `The build queue state file ${file} was unreadable (${problem}) and was rebuilt. Starts wait ` +
    `${formatDuration(tuning.recoveryGraceMs)} so that running builds re-register. If this ` +
    'repeats, check the disk and anything else that writes to that folder.'
  );
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A short human duration: 850 ms, 12.3 s, 5 min 3 s, 2 h 5 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) {
    const seconds = Math.floor((ms % 60_000) / 1000);
    return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const rest = minutes % 60;
  return rest > 0 ? `${Math.floor(minutes / 60)} h ${rest} min` : `${Math.floor(minutes / 60)} h`;
}
