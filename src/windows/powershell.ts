import type { Exec } from '../engine/exec.js';

/** A PowerShell script failed, printed no JSON, or did not finish in time. */
export class PowerShellError extends Error {
  override name = 'PowerShellError';
}

export interface PowerShellOptions {
  readonly exec: Exec;
  /** Values the script reads as `$data` (passed as JSON in an environment variable). */
  readonly data?: unknown;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** The environment variable that carries `data` to the script. */
export const DATA_VARIABLE = 'WCOW_BUILD_DATA';

const PRELUDE = [
  "$ErrorActionPreference = 'Stop'",
  '$ProgressPreference = "SilentlyContinue"',
  `$data = if ($env:${DATA_VARIABLE}) { $env:${DATA_VARIABLE} | ConvertFrom-Json } else { $null }`,
].join('\n');

/** The argv that runs a script: no profile, no prompts, the script encoded, never spliced. */
export function powerShellArgs(script: string): string[] {
  const encoded = Buffer.from(`${PRELUDE}\n${script}`, 'utf16le').toString('base64');
  return [
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    encoded,
  ];
}

/**
 * Runs a script with Windows PowerShell and parses the JSON it prints last. Values reach the
 * script only as data, so no input can change the script's text.
 */
export async function runPowerShell<T>(script: string, options: PowerShellOptions): Promise<T> {
  const env = {
    ...(options.env ?? process.env),
    [DATA_VARIABLE]: JSON.stringify(options.data ?? null),
  };
  const result = await options.exec('powershell', powerShellArgs(script), {
    env,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  if (result.startError !== undefined) {
    throw new PowerShellError(`powershell could not start: ${result.startError}`);
  }
  if (result.timedOut) {
    throw new PowerShellError(`powershell did not finish within ${options.timeoutMs ?? 60_000} ms`);
  }
  if (result.exitCode !== 0) {
    const detail = (result.stderr.trim() || result.stdout.trim())
      .split(/\r?\n/)
      .slice(-5)
      .join(' | ');
    throw new PowerShellError(`powershell exited with code ${result.exitCode}: ${detail}`);
  }
  const text = result.stdout.trim();
  const start = text.search(/[[{]/);
  try {
    return JSON.parse(start >= 0 ? text.slice(start) : text) as T;
  } catch {
    throw new PowerShellError(`powershell printed no JSON: ${text.slice(0, 200)}`);
  }
}
