import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { OutputGuard } from '../hosts/host.js';
import { killTree } from './exec.js';

/** How one build attempt runs. */
export interface BuildProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The full output goes here; the file is created or truncated. */
  readonly logFile: string;
  /** Live copy of the output (after the guard), normally the step's stdout. */
  readonly output: NodeJS.WritableStream;
  readonly guard: OutputGuard;
  /** Kill the whole process tree after this many ms; 0 = no limit. */
  readonly timeoutMs: number;
  /** Bytes of output kept in memory for classification. */
  readonly tailBytes?: number;
  /** Kills the build when aborted (the job was cancelled). */
  readonly signal?: AbortSignal;
}

export interface BuildProcessResult {
  /** null when the process was killed or could not start. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly startError?: string;
  /** The last `tailBytes` of the output, as text. */
  readonly tail: string;
  readonly logBytes: number;
  readonly durationMs: number;
}

const DEFAULT_TAIL_BYTES = 1024 * 1024;

/**
 * Keeps the last `limit` bytes of a stream in one ring buffer allocated up front, so the chunks
 * that pass through are not retained and memory does not depend on the log's size.
 */
class Tail {
  private readonly ring: Buffer;
  private end = 0;
  private filled = false;

  constructor(limit: number) {
    this.ring = Buffer.alloc(limit);
  }

  add(chunk: Buffer): void {
    const size = this.ring.length;
    if (chunk.length >= size) {
      chunk.copy(this.ring, 0, chunk.length - size);
      this.end = 0;
      this.filled = true;
      return;
    }
    const first = Math.min(chunk.length, size - this.end);
    chunk.copy(this.ring, this.end, 0, first);
    chunk.copy(this.ring, 0, first);
    if (this.end + chunk.length >= size) this.filled = true;
    this.end = (this.end + chunk.length) % size;
  }

  text(): string {
    const bytes = this.filled
      ? Buffer.concat([this.ring.subarray(this.end), this.ring.subarray(0, this.end)])
      : this.ring.subarray(0, this.end);
    return bytes.toString('utf8');
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let offset = 0; offset < chunk.length;) offset += fs.writeSync(fd, chunk, offset);
}

/**
 * Runs the build tool with stdout and stderr merged, streams the output live through the guard,
 * writes it all to the log file and keeps only a bounded tail in memory. Never throws for the
 * tool's own failures. Output is read no faster than the log and the live stream take it, so
 * memory stays flat whatever the log size.
 */
export async function runBuildProcess(options: BuildProcessOptions): Promise<BuildProcessResult> {
  const started = Date.now();
  const tail = new Tail(options.tailBytes ?? DEFAULT_TAIL_BYTES);
  // Written synchronously: each chunk is on disk before the next is read, so no chunk waits in a
  // write queue, and the child is slowed to the disk's pace rather than buffered.
  const file = fs.openSync(options.logFile, 'w');
  let logBytes = 0;
  const begin = options.guard.begin();
  if (begin !== '') options.output.write(begin);

  const outcome = await new Promise<{
    code: number | null;
    timedOut: boolean;
    startError?: string;
  }>((resolve) => {
    let timedOut = false;
    let startError: string | undefined;
    const child = spawn(options.command, [...options.args], {
      env: options.env,
      cwd: options.cwd,
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const streams = [child.stdout, child.stderr];
    let waiting = 0;
    const resume = (): void => {
      waiting -= 1;
      if (waiting === 0) for (const stream of streams) stream.resume();
    };
    const onData = (chunk: Buffer): void => {
      logBytes += chunk.length;
      tail.add(chunk);
      const shown = options.guard.transform(chunk);
      writeAll(file, chunk);
      if (shown.length > 0 && !options.output.write(shown)) {
        for (const stream of streams) stream.pause();
        waiting += 1;
        options.output.once('drain', resume);
      }
    };
    for (const stream of streams) stream.on('data', onData);

    const timer =
      options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            killTree(child);
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => killTree(child);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => (startError = error.message));
    child.on('close', (code) => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code: startError === undefined ? code : null, timedOut, startError });
    });
  });

  const end = options.guard.end();
  if (end !== '') options.output.write(end);
  fs.closeSync(file);
  return {
    exitCode: outcome.code,
    timedOut: outcome.timedOut,
    startError: outcome.startError,
    tail: tail.text(),
    logBytes,
    durationMs: Date.now() - started,
  };
}
