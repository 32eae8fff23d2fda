import * as path from 'node:path';
import type { ExecResult } from '../../exec.js';
import type { CollectorContext } from '../types.js';

/** Output kept of one helper command: enough for any listing, small beside the logs. */
export const MAX_COMMAND_OUTPUT = 2 * 1024 * 1024;

/** Runs a helper command under the collector's deadline; never throws. */
export function runCommand(
  context: CollectorContext,
  command: string,
  args: readonly string[],
): Promise<ExecResult> {
  return context.exec(command, args, {
    env: context.env,
    timeoutMs: context.remainingMs(),
    maxOutput: MAX_COMMAND_OUTPUT,
  });
}

/** The command line and what it printed, as a text file reads best. */
export function formatCommand(
  command: string,
  args: readonly string[],
  result: ExecResult,
): string {
  const status =
    result.startError !== undefined
      ? `could not start: ${result.startError}`
      : result.timedOut
        ? `killed after ${result.durationMs} ms (time limit)`
        : `exit code ${result.exitCode}, ${result.durationMs} ms`;
  const lines = [`$ ${[command, ...args].join(' ')}`, `# ${status}`];
  if (result.stdout !== '') lines.push('', result.stdout.trimEnd());
  if (result.stderr !== '') lines.push('', '# stderr', result.stderr.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** Runs a helper command and saves its output into the bundle. */
export async function saveCommand(
  context: CollectorContext,
  name: string,
  command: string,
  args: readonly string[],
): Promise<ExecResult> {
  const result = await runCommand(context, command, args);
  await context.files.writeText(name, formatCommand(command, args, result));
  return result;
}

/** Whether a command ran and exited 0. */
export function succeeded(result: ExecResult): boolean {
  return result.startError === undefined && !result.timedOut && result.exitCode === 0;
}

/** The first line that says what went wrong with a failed command. */
export function failureLine(result: ExecResult): string {
  if (result.startError !== undefined) return result.startError;
  if (result.timedOut) return `no answer within ${result.durationMs} ms`;
  const text = result.stderr.trim() || result.stdout.trim();
  const line = text
    .split(/\r?\n/)
    .find((candidate) => /error|denied|refused|cannot|failed/i.test(candidate));
  return truncate((line ?? text.split(/\r?\n/)[0] ?? `exit code ${result.exitCode}`).trim(), 300);
}

/** At most `max` characters of `text`, marked when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Bytes as a short human figure (binary units, as Windows Explorer shows them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The machine-wide data folder on Windows. */
export function programData(env: NodeJS.ProcessEnv): string {
  return env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
}

/** Joins Windows path parts whatever OS runs the code (paths for Windows tools, not for fs). */
export function windowsPath(...parts: string[]): string {
  return path.win32.join(...parts);
}
