import type { Exec, ExecResult } from '../engine/exec.js';
import { runPowerShell } from './powershell.js';
import { SERVICES_SCRIPT, STOP_PROCESS_SCRIPT } from './scripts.js';
import { splitServiceCommandLine } from './command-line.js';

/** What the host preparation needs to run Windows tools. */
export interface WindowsContext {
  readonly exec: Exec;
  readonly env: NodeJS.ProcessEnv;
  readonly log: { debug(message: string): void };
}

/** A Windows service as the service manager describes it. */
export interface ServiceInfo {
  readonly name: string;
  readonly exists: boolean;
  /** Win32_Service state: Running, Stopped, Start Pending, Stop Pending, Paused, ... */
  readonly state?: string;
  /** Auto, Manual or Disabled. */
  readonly startMode?: string;
  readonly pathName?: string;
  readonly processId?: number;
  readonly dependencies?: readonly string[];
}

/** States from which a service does not move on by itself. */
export const STUCK_STATES: readonly string[] = [
  'Start Pending',
  'Stop Pending',
  'Continue Pending',
  'Pause Pending',
  'Paused',
];

/** Reads the named services; one PowerShell run for all of them. */
export async function queryServices(
  names: readonly string[],
  ctx: WindowsContext,
): Promise<Map<string, ServiceInfo>> {
  const list = await runPowerShell<ServiceInfo[] | ServiceInfo>(SERVICES_SCRIPT, {
    exec: ctx.exec,
    env: ctx.env,
    data: { names },
  });
  const result = new Map<string, ServiceInfo>();
  for (const info of Array.isArray(list) ? list : [list]) {
    result.set(info.name.toLowerCase(), {
      ...info,
      dependencies:
        info.dependencies === undefined || info.dependencies === null
          ? []
          : [info.dependencies].flat(),
    });
  }
  for (const name of names) {
    if (!result.has(name.toLowerCase())) result.set(name.toLowerCase(), { name, exists: false });
  }
  return result;
}

/** The program a service runs and its arguments. */
export function serviceCommand(info: ServiceInfo): { program: string; args: string[] } {
  return splitServiceCommandLine(info.pathName ?? '');
}

/** Runs sc.exe; its exit code is the Win32 error code. */
export async function runSc(args: readonly string[], ctx: WindowsContext): Promise<ExecResult> {
  ctx.log.debug(`sc.exe ${args.join(' ')}`);
  const result = await ctx.exec('sc.exe', args, { env: ctx.env, timeoutMs: 60_000 });
  if (result.startError !== undefined)
    throw new Error(`sc.exe could not start: ${result.startError}`);
  return result;
}

/** The error text of an sc.exe failure, on one line. */
export function describeScFailure(result: ExecResult): string {
  const text = `${result.stdout}\n${result.stderr}`
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return `exit code ${result.exitCode}${text === '' ? '' : `: ${text}`}`;
}

/** Asks the service manager to start a service; true when it was started or already running. */
export async function startService(
  name: string,
  ctx: WindowsContext,
): Promise<{ ok: boolean; detail: string }> {
  const result = await runSc(['start', name], ctx);
  // 1056: an instance of the service is already running.
  return {
    ok: result.exitCode === 0 || result.exitCode === 1056,
    detail: describeScFailure(result),
  };
}

/** Asks the service manager to stop a service; true when it is stopping or was not started. */
export async function stopService(
  name: string,
  ctx: WindowsContext,
): Promise<{ ok: boolean; detail: string }> {
  const result = await runSc(['stop', name], ctx);
  // 1062: the service has not been started.
  return {
    ok: result.exitCode === 0 || result.exitCode === 1062,
    detail: describeScFailure(result),
  };
}

/** Changes one setting of a service with `sc.exe config <name> <key>= <value>`. */
export async function configureService(
  name: string,
  key: 'binPath' | 'start' | 'depend',
  value: string,
  ctx: WindowsContext,
): Promise<void> {
  const result = await runSc(['config', name, `${key}=`, value], ctx);
  if (result.exitCode !== 0) {
    throw new Error(
      `sc.exe config ${name} ${key}= ${value} failed with ${describeScFailure(result)}`,
    );
  }
}

/** Stops a process by id through PowerShell. */
export async function stopProcess(processId: number, ctx: WindowsContext): Promise<void> {
  await runPowerShell(STOP_PROCESS_SCRIPT, { exec: ctx.exec, env: ctx.env, data: { processId } });
}
