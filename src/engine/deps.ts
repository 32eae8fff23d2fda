import type { FileProbe } from './attempts.js';
import { systemClock, type Clock } from './clock.js';
import { execCommand, type Exec } from './exec.js';
import { probeFile } from './file-probe.js';

/** The outside world as the engine uses it; tests replace any part. */
export interface EngineDeps {
  readonly exec: Exec;
  readonly clock: Clock;
  readonly random: () => number;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly cwd: string;
  readonly probeFile: FileProbe;
  /** Aborted when the runner cancels the job. */
  readonly signal?: AbortSignal;
}

/** The real operating system, clock and randomness. */
export function systemDeps(signal?: AbortSignal): EngineDeps {
  return {
    exec: execCommand,
    clock: systemClock,
    random: Math.random,
    platform: process.platform,
    arch: process.arch,
    cwd: process.cwd(),
    probeFile,
    signal,
  };
}
