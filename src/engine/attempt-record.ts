import type { FailureClass } from './settings.js';

/** What one build attempt did; the timeline in the summary and the diagnostics bundle. */
export interface AttemptRecord {
  readonly number: number;
  /** ms since epoch. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** null when the process was killed or could not start. */
  readonly exitCode: number | null;
  /** undefined for a successful attempt. */
  readonly failureClass?: FailureClass;
  readonly rule?: string;
  readonly evidence?: string;
  /** Files named in a lock error. */
  readonly lockedPaths: readonly string[];
  /** Time spent waiting for the host build slot before this attempt. */
  readonly queueWaitMs: number;
  /** Time spent after this attempt before the next one (backoff or lock wait). */
  readonly waitAfterMs: number;
  /** What decided the wait: `backoff`, `lock-released`, `lock-wait-timeout`, or ''. */
  readonly waitReason: string;
  /** File holding the attempt's full output. */
  readonly logFile: string;
  readonly logBytes: number;
}
