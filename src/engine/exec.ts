import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** How a short helper command (not the build itself) is run. */
export interface ExecOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kill the whole process tree after this many ms; 0 = no limit. */
  readonly timeoutMs?: number;
  /** Text written to standard input. */
  readonly input?: string;
  /** Largest number of characters kept of stdout and of stderr (the tail is kept). */
  readonly maxOutput?: number;
}

export interface ExecResult {
  /** Exit code, or null when the process was killed or could not start. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Set when the command could not be started at all (for example ENOENT). */
  readonly startError?: string;
  readonly durationMs: number;
}

/** Runs a program and collects its output; never throws. Every argument is its own argv item. */
export type Exec = (
  command: string,
  args: readonly string[],
  options?: ExecOptions,
) => Promise<ExecResult>;

/** Runs a helper command with the real operating system. */
export const execCommand: Exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    const started = Date.now();
    const max = options.maxOutput ?? 4 * 1024 * 1024;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child: ChildProcess;
    try {
      child = spawn(command, [...args], {
        env: options.env ?? process.env,
        cwd: options.cwd,
        detached: process.platform !== 'win32',
        windowsHide: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      resolve({
        exitCode: null,
        stdout,
        stderr,
        timedOut,
        startError: String(error),
        durationMs: 0,
      });
      return;
    }
    const keep = (text: string, chunk: Buffer): string => {
      const next = text + chunk.toString('utf8');
      return next.length > max ? next.slice(next.length - max) : next;
    };
    child.stdout?.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
    const timer =
      options.timeoutMs && options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            killTree(child);
          }, options.timeoutMs)
        : undefined;
    let startError: string | undefined;
    child.on('error', (error) => (startError = error.message));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({
        exitCode: startError !== undefined ? null : code,
        stdout,
        stderr,
        timedOut,
        startError,
        durationMs: Date.now() - started,
      });
    });
  });

/**
 * Kills a child and everything it started. On POSIX the child leads its own process group
 * (spawned detached); on Windows taskkill walks the tree.
 */
export function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
