/** Test helpers for the build queue: a virtual clock, a log that can be awaited, temp folders. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import type { Clock } from '../../../src/engine/clock.js';

/**
 * Virtual time for tests: sleeps never pass real time. `run` and `advance` move the time to the
 * next sleeper's deadline only when the program has nothing else to do (no file operation in
 * flight), so concurrent loops see events in the order real time would give them, quickly.
 */
export class VirtualClock implements Clock {
  private sleepers: { deadline: number; wake: () => void }[] = [];

  constructor(public time = Date.UTC(2025, 0, 6, 9, 0, 0)) {}

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const sleeper = {
        deadline: this.time + ms,
        wake: () => {
          this.sleepers = this.sleepers.filter((item) => item !== sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.sleepers.push(sleeper);
    });

  /** Moves time on, waking every sleeper on the way in deadline order, until `ms` have passed. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      const next = this.earliestDeadline();
      if (next === undefined || next > target) break;
      this.wakeUntil(next);
    }
    this.time = Math.max(this.time, target);
    await settle();
  }

  /** Moves time from deadline to deadline until `promise` settles; fails after `limitMs` of it. */
  async run<T>(promise: Promise<T>, limitMs = 24 * 3_600_000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const limit = this.time + limitMs;
    const realLimit = Date.now() + 30_000;
    for (;;) {
      await settle();
      if (settled) return promise;
      if (this.time > limit || Date.now() > realLimit) {
        throw new Error(`VirtualClock.run: still pending at ${new Date(this.time).toISOString()}`);
      }
      const next = this.earliestDeadline();
      // With nobody asleep the program waits for something real (a lock retry timer).
      if (next !== undefined) this.wakeUntil(next);
    }
  }

  private earliestDeadline(): number | undefined {
    if (this.sleepers.length === 0) return undefined;
    return Math.min(...this.sleepers.map((sleeper) => sleeper.deadline));
  }

  private wakeUntil(deadline: number): void {
    this.time = Math.max(this.time, deadline);
    for (const sleeper of this.sleepers.filter((item) => item.deadline <= this.time))
      sleeper.wake();
  }
}

/** Waits until no file operation is in flight and the woken code has run as far as it can. */
async function settle(): Promise<void> {
  for (let round = 0; round < 100_000; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    const busy = process
      .getActiveResourcesInfo()
      .some((kind) => kind.startsWith('FSReq') || kind.endsWith('CloseReq'));
    if (!busy && round > 1) return;
  }
}

export interface LogLine {
  readonly level: 'info' | 'debug' | 'warning';
  readonly message: string;
  /** The clock's time when the line was written. */
  readonly at: number;
}

/** Collects log lines and lets a test wait until one matches. */
export class RecordingLog {
  readonly lines: LogLine[] = [];
  private waiters: { pattern: RegExp; resolve: (line: LogLine) => void }[] = [];

  constructor(private readonly clock: Clock = { now: Date.now, sleep: async () => undefined }) {}

  info = (message: string): void => this.add('info', message);
  debug = (message: string): void => this.add('debug', message);
  warning = (message: string): void => this.add('warning', message);

  messages(level?: LogLine['level']): string[] {
    return this.lines.filter((line) => !level || line.level === level).map((line) => line.message);
  }

  /** Resolves with the first line (past or future) that matches. */
  waitFor(pattern: RegExp): Promise<LogLine> {
    const found = this.lines.find((line) => pattern.test(line.message));
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }

  private add(level: LogLine['level'], message: string): void {
    const line = { level, message, at: this.clock.now() };
    this.lines.push(line);
    const matched = this.waiters.filter((waiter) => waiter.pattern.test(message));
    this.waiters = this.waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(line);
  }
}

/** A fresh temporary folder, removed by the returned function. */
export async function makeTempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The pid of a process that has already exited (so `kill(pid, 0)` answers ESRCH). */
export function findDeadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid as number));
  });
}
