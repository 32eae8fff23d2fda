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

/** How long the reader waits for more output when it has caught up with the build. */
const POLL_MS = 50;
const READ_BYTES = 64 * 1024;

/** Writes to a stream and resolves once the stream has taken the bytes (so the buffer may be reused). */
function writeFully(output: NodeJS.WritableStream, data: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    output.write(data, () => resolve());
  });
}

/**
 * Runs the build tool with stdout and stderr going straight into the log file (one file
 * descriptor, so the two streams keep their true order), and streams that file live through the
 * guard to the output. One read buffer is reused for the whole build and only a bounded tail is
 * kept, so memory does not grow with the log's size. Never throws for the tool's own failures.
 */
export async function runBuildProcess(options: BuildProcessOptions): Promise<BuildProcessResult> {
  const started = Date.now();
  const tail = new Tail(options.tailBytes ?? DEFAULT_TAIL_BYTES);
  const writer = fs.openSync(options.logFile, 'w');
  const reader = fs.openSync(options.logFile, 'r');
  const buffer = Buffer.alloc(READ_BYTES);
  let logBytes = 0;

  const begin = options.guard.begin();
  if (begin !== '') await writeFully(options.output, begin);

  let exited = false;
  const outcome = runChild(options, writer).then((result) => {
    exited = true;
    return result;
  });
  // The child holds its own copy of the descriptor; ours is not needed any more.
  fs.closeSync(writer);

  for (;;) {
    // Read whether the child has exited before reading, so the last read after exit sees all.
    const done = exited;
    const count = fs.readSync(reader, buffer, 0, buffer.length, logBytes);
    if (count > 0) {
      const chunk = buffer.subarray(0, count);
      logBytes += count;
      tail.add(chunk);
      const shown = options.guard.transform(chunk);
      if (shown.length > 0) await writeFully(options.output, shown);
      continue;
    }
    if (done) break;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([outcome, new Promise((resolve) => (timer = setTimeout(resolve, POLL_MS)))]);
    // A pending poll timer would keep the step alive after the build is over.
    clearTimeout(timer);
  }
  fs.closeSync(reader);

  const end = options.guard.end();
  if (end !== '') await writeFully(options.output, end);
  const result = await outcome;
  return { ...result, tail: tail.text(), logBytes, durationMs: Date.now() - started };
}

/** Starts the tool with its output on `fd`; resolves when it exits, killed or not. */
function runChild(
  options: BuildProcessOptions,
  fd: number,
): Promise<{ exitCode: number | null; timedOut: boolean; startError?: string }> {
  return new Promise((resolve) => {
    let timedOut = false;
    let startError: string | undefined;
    const child = spawn(options.command, [...options.args], {
      env: options.env,
      cwd: options.cwd,
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: ['ignore', fd, fd],
    });
    const timer =
      options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            killTree(child);
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => killTree(child);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // A cancel that came while the build was being started stops it at once.
    if (options.signal?.aborted === true) killTree(child);
    child.on('error', (error) => (startError = error.message));
    child.on('close', (code) => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode: startError === undefined ? code : null, timedOut, startError });
    });
  });
}
