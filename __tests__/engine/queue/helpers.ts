/** Test helpers for the build queue: a virtual clock, a log that can be awaited, temp folders. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import type { Clock } from '../../../src/engine/clock.js';

/**
 * Virtual time that moves only when someone sleeps: a sleep adds its length to the shared time
 * and resolves on the next turn of the event loop, so waits of minutes take microseconds while
 * the order of events between concurrent sleepers stays that of the program.
 */
export class AutoClock implements Clock {
  constructor(public time = Date.UTC(2025, 0, 6, 9, 0, 0)) {}

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      setImmediate(() => {
        if (!signal?.aborted) this.time += Math.max(0, ms);
        resolve();
      });
    });
}

export interface LogLine {
  readonly level: 'info' | 'debug' | 'warning';
  readonly message: string;
}

/** Collects log lines and lets a test wait until one matches. */
export class RecordingLog {
  readonly lines: LogLine[] = [];
  private waiters: { pattern: RegExp; resolve: (line: LogLine) => void }[] = [];

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
    const line = { level, message };
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
