/**
 * A stand-in build step for the multi-process queue tests and the queue benchmark: it takes the
 * real build slot with the real clock, records when its "build" starts and ends, and gives the
 * slot back. The build is a child process, so killing the step's process group kills it too.
 *
 * Usage: node harness.js '<json HarnessConfig>'
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { acquireBuildSlot } from '../../../src/engine/queue.js';
import { systemClock } from '../../../src/engine/clock.js';

export interface HarnessConfig {
  readonly stateDir: string;
  readonly address: string;
  readonly spacingMs: number;
  readonly timeoutMs: number;
  /** Name of this step in the records and the queue. */
  readonly id: string;
  /** How many builds in a row (each one acquire/release, like the retries of one step). */
  readonly builds: number;
  readonly buildMs: number;
  /** File the start/end lines are appended to. */
  readonly records: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as HarnessConfig;
  const log = (level: string) => (message: string) =>
    process.stdout.write(`[${level}] ${message}\n`);
  const record = (what: string, extra = ''): void =>
    appendFileSync(config.records, `${what} ${config.id} ${Date.now()}${extra}\n`);

  for (let build = 1; build <= config.builds; build += 1) {
    record('request');
    const slot = await acquireBuildSlot({
      stateDir: config.stateDir,
      daemonAddress: config.address,
      spacingMs: config.spacingMs,
      timeoutMs: config.timeoutMs,
      holder: { pid: process.pid, step: config.id, host: 'cli' },
      clock: systemClock,
      log: { info: log('info'), debug: () => undefined, warning: log('warning') },
    });
    record('start', ` ${slot.waitedMs}`);
    try {
      await runBuild(config.buildMs);
    } finally {
      record('end');
      await slot.release();
    }
  }
}

/** The build: a separate process that only waits, as a build tool would while it works. */
function runBuild(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', `setTimeout(() => {}, ${ms})`], {
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`build exited ${code}`)),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
  );
  process.exit(1);
});
