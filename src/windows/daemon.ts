import type { WindowsContext } from './services.js';

/** One BuildKit worker as `buildctl debug workers --format '{{json .}}'` prints it. */
export interface WorkerInfo {
  readonly id: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly platforms?: readonly {
    readonly os?: string;
    readonly architecture?: string;
    readonly 'os.version'?: string;
  }[];
}

export interface DaemonProbe {
  /** The daemon answered the request (it may still have no Windows worker). */
  readonly answering: boolean;
  readonly windowsWorker?: WorkerInfo;
  /** What was seen, for logs and error messages. */
  readonly detail: string;
}

/** Parses the JSON list of workers; `null` (no workers) gives an empty list. */
export function parseWorkers(stdout: string): WorkerInfo[] {
  const text = stdout.trim();
  if (text === '' || text === 'null') return [];
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) throw new Error('buildctl printed JSON that is not a list of workers');
  return value as WorkerInfo[];
}

/** The argv that asks the daemon for its workers. */
export function workersArgs(address: string): string[] {
  return ['--addr', address, 'debug', 'workers', '--format', '{{json .}}'];
}

/** Asks the daemon at `address` for its workers once; never throws. */
export async function probeDaemon(
  buildctl: string,
  address: string,
  ctx: WindowsContext,
): Promise<DaemonProbe> {
  const result = await ctx.exec(buildctl, workersArgs(address), {
    env: ctx.env,
    timeoutMs: 20_000,
  });
  if (result.startError !== undefined) {
    return { answering: false, detail: `${buildctl} could not start: ${result.startError}` };
  }
  if (result.timedOut) return { answering: false, detail: 'buildctl did not answer within 20 s' };
  if (result.exitCode !== 0) {
    const lines = result.stderr
      .trim()
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '');
    return {
      answering: false,
      detail: lines.at(-1) ?? `buildctl exited with code ${result.exitCode}`,
    };
  }
  let workers: WorkerInfo[];
  try {
    workers = parseWorkers(result.stdout);
  } catch (error) {
    return { answering: true, detail: `unreadable worker list: ${(error as Error).message}` };
  }
  const windowsWorker = workers.find((worker) =>
    (worker.platforms ?? []).some((p) => p.os === 'windows'),
  );
  if (windowsWorker) {
    const platforms = (windowsWorker.platforms ?? [])
      .map(
        (p) => [p.os, p.architecture].join('/') + (p['os.version'] ? ` (${p['os.version']})` : ''),
      )
      .join(', ');
    return {
      answering: true,
      windowsWorker,
      detail: `worker ${windowsWorker.id} for ${platforms}`,
    };
  }
  const seen = workers.map((worker) => worker.id).join(', ');
  return {
    answering: true,
    detail: workers.length === 0 ? 'no workers yet' : `no Windows worker (workers: ${seen})`,
  };
}
