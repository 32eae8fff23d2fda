import type { AttemptRecord } from './attempt-record.js';
import type { Clock } from './clock.js';
import type { FailureClass, Settings } from './settings.js';

/** The verdict on one failed attempt. */
export interface AttemptVerdict {
  readonly class: FailureClass;
  readonly rule: string;
  readonly evidence: string;
  readonly lockedPaths: readonly string[];
}

/** What one run of the build tool gave. */
export interface AttemptOutcome {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly startError?: string;
  readonly tail: string;
  readonly logFile: string;
  readonly logBytes: number;
  readonly startedAt: number;
  readonly durationMs: number;
}

/** A held build slot; released after each attempt. */
export interface Slot {
  readonly waitedMs: number;
  release(): Promise<void>;
}

/** Whether a file named in a lock error is still held by another process. */
export type FileProbe = (path: string) => Promise<'held' | 'free'>;

export interface AttemptDeps {
  readonly clock: Clock;
  /** Uniform in [0, 1): jitter for the backoff. */
  readonly random: () => number;
  readonly acquireSlot: () => Promise<Slot>;
  readonly runBuild: (attempt: number) => Promise<AttemptOutcome>;
  readonly classify: (tail: string) => Omit<AttemptVerdict, 'class'> & { class: FailureClass };
  readonly probeFile: FileProbe;
  readonly log: {
    info(message: string): void;
    warning(message: string, props?: { title?: string }): void;
    debug(message: string): void;
  };
  readonly group: <T>(title: string, run: () => Promise<T>) => Promise<T>;
  /** Called with the records so far after each attempt (the post step's copy). */
  readonly onAttempt?: (records: readonly AttemptRecord[]) => void;
  readonly signal?: AbortSignal;
}

export interface AttemptsResult {
  readonly succeeded: boolean;
  readonly attempts: readonly AttemptRecord[];
  /** The verdict on the last attempt when it failed. */
  readonly verdict?: AttemptVerdict;
  readonly lockRetries: number;
  readonly queueWaitMs: number;
  readonly cancelled: boolean;
}

/** How often a held file is probed while waiting for its release. */
const LOCK_PROBE_INTERVAL_MS = 250;

/** The wait before retry `retry` (1 = first retry): doubled each time, equal jitter, capped. */
export function backoffMs(settings: Settings, retry: number, random: () => number): number {
  const base = Math.min(settings.retryMaxDelayMs, settings.retryDelayMs * 2 ** (retry - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

/** The verdict when the tool timed out or could not start; otherwise the classifier's. */
export function judgeOutcome(
  outcome: AttemptOutcome,
  deps: Pick<AttemptDeps, 'classify' | 'signal'>,
): AttemptVerdict {
  if (deps.signal?.aborted === true) {
    return {
      class: 'cancelled',
      rule: 'job-cancelled',
      evidence: 'the job was cancelled while the attempt ran; the build was stopped',
      lockedPaths: [],
    };
  }
  if (outcome.timedOut) {
    return {
      class: 'timeout',
      rule: 'attempt-timeout',
      evidence: 'the attempt ran past attempt-timeout and was killed',
      lockedPaths: [],
    };
  }
  if (outcome.startError !== undefined) {
    return {
      class: 'permanent',
      rule: 'tool-not-started',
      evidence:
        `The build tool could not be started (${outcome.startError}). Put buildctl (or docker ` +
        'with buildx) on PATH, or on Windows let the step install BuildKit with setup: auto.',
      lockedPaths: [],
    };
  }
  return deps.classify(outcome.tail);
}

/** How a wait for the files named in a lock error ended. */
export type ReleaseWait = 'released' | 'timeout' | 'never-held';

/**
 * Polls the files named in a lock error until every one can be opened again or the timeout
 * passes. `never-held` means no probe ever found a file held: the path is a folder, is gone, or
 * lives on another machine (a remote daemon), so the probe says nothing and the caller backs off.
 */
export async function waitForRelease(
  paths: readonly string[],
  timeoutMs: number,
  deps: Pick<AttemptDeps, 'clock' | 'probeFile' | 'signal'>,
): Promise<ReleaseWait> {
  const deadline = deps.clock.now() + timeoutMs;
  let seenHeld = false;
  for (;;) {
    const states = await Promise.all(paths.map((file) => deps.probeFile(file)));
    seenHeld ||= states.includes('held');
    if (!states.includes('held')) return seenHeld ? 'released' : 'never-held';
    if (deps.clock.now() >= deadline || deps.signal?.aborted) return 'timeout';
    await deps.clock.sleep(
      Math.min(LOCK_PROBE_INTERVAL_MS, deadline - deps.clock.now()),
      deps.signal,
    );
  }
}

/** Runs the build up to `max-attempts` times, retrying only the classes in `retry-on`. */
export async function runAttempts(settings: Settings, deps: AttemptDeps): Promise<AttemptsResult> {
  const attempts: AttemptRecord[] = [];
  let lockRetries = 0;
  let queueWaitMs = 0;

  for (let number = 1; ; number += 1) {
    const title = `Attempt ${number} of ${settings.maxAttempts}`;
    const { outcome, waitedMs } = await deps.group(title, async () => {
      const slot = await deps.acquireSlot();
      try {
        return { outcome: await deps.runBuild(number), waitedMs: slot.waitedMs };
      } finally {
        await slot.release();
      }
    });
    queueWaitMs += waitedMs;
    const record = (entry: AttemptRecord): void => {
      attempts.push(entry);
      deps.onAttempt?.(attempts);
    };
    const base = {
      number,
      startedAt: outcome.startedAt,
      durationMs: outcome.durationMs,
      exitCode: outcome.exitCode,
      queueWaitMs: waitedMs,
      logFile: outcome.logFile,
      logBytes: outcome.logBytes,
    };

    if (outcome.exitCode === 0 && !outcome.timedOut) {
      record({ ...base, lockedPaths: [], waitAfterMs: 0, waitReason: '' });
      deps.log.info(`${title} succeeded in ${seconds(outcome.durationMs)}.`);
      return { succeeded: true, attempts, lockRetries, queueWaitMs, cancelled: false };
    }

    const verdict = judgeOutcome(outcome, deps);
    const retryable = settings.retryOn.includes(verdict.class);
    const last = number >= settings.maxAttempts;
    const cancelled = deps.signal?.aborted === true;
    deps.log.info(
      `${title} failed (exit code ${outcome.exitCode ?? 'none'}): class ${verdict.class}, rule ${verdict.rule}.`,
    );
    if (!retryable || last || cancelled) {
      record({ ...base, ...failure(verdict), waitAfterMs: 0, waitReason: '' });
      if (!retryable && !cancelled) {
        deps.log.info(
          `Not retrying: class ${verdict.class} is not in retry-on (${settings.retryOn.join(', ') || 'none'}).`,
        );
      }
      return { succeeded: false, attempts, verdict, lockRetries, queueWaitMs, cancelled };
    }

    if (verdict.class === 'lock') lockRetries += 1;
    // The record is kept before the wait, so a job cancelled while waiting still has it.
    record({ ...base, ...failure(verdict), waitAfterMs: 0, waitReason: 'pending' });
    const waitStarted = deps.clock.now();
    const waitReason = await waitBeforeRetry(settings, deps, verdict, number, title);
    attempts[attempts.length - 1] = {
      ...attempts[attempts.length - 1],
      waitAfterMs: deps.clock.now() - waitStarted,
      waitReason,
    };
    deps.onAttempt?.(attempts);
  }
}

function failure(
  verdict: AttemptVerdict,
): Pick<AttemptRecord, 'failureClass' | 'rule' | 'evidence' | 'lockedPaths'> {
  return {
    failureClass: verdict.class,
    rule: verdict.rule,
    evidence: verdict.evidence,
    lockedPaths: verdict.lockedPaths,
  };
}

async function waitBeforeRetry(
  settings: Settings,
  deps: AttemptDeps,
  verdict: AttemptVerdict,
  number: number,
  title: string,
): Promise<string> {
  const what = `${title} failed with a ${verdict.class} error (rule ${verdict.rule})`;
  const annotation = { title: `wcow-build: ${verdict.class} error, retrying` };
  if (verdict.class === 'lock' && verdict.lockedPaths.length > 0) {
    const waitStarted = deps.clock.now();
    const wait = await waitForRelease(verdict.lockedPaths, settings.lockWaitTimeoutMs, deps);
    const named = verdict.lockedPaths.join(', ');
    if (wait === 'released') {
      const held = seconds(deps.clock.now() - waitStarted);
      deps.log.warning(`${what}; ${named} was released after ${held}; retrying now.`, annotation);
      return 'lock-released';
    }
    if (wait === 'timeout') {
      const limit = seconds(settings.lockWaitTimeoutMs);
      deps.log.warning(
        `${what}; ${named} was still held after lock-wait-timeout (${limit}); retrying anyway.`,
        annotation,
      );
      return 'lock-wait-timeout';
    }
    deps.log.debug(
      `No process on this machine holds ${named} open (a folder, gone, or on the daemon's ` +
        'machine): backing off instead of waiting for it.',
    );
  }
  const delay = backoffMs(settings, number, deps.random);
  deps.log.warning(`${what}; retrying in ${seconds(delay)}.`, annotation);
  await deps.clock.sleep(delay, deps.signal);
  return 'backoff';
}

/** A duration for people: `4.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
