import { describeError } from '../errors.js';
import type { Exec } from '../exec.js';
import type { BundleWriter } from './bundle-writer.js';
import type { Collector, CollectorContext, CollectorRecord, Fact } from './types.js';

/** Everything a collector gets except its own scope, signal and deadline. */
export type SharedContext = Omit<CollectorContext, 'signal' | 'remainingMs' | 'files'>;

/** What running the collectors produced. */
export interface CollectorsOutcome {
  readonly records: CollectorRecord[];
  readonly facts: Fact[];
}

const TIMED_OUT = Symbol('timed-out');

/** How long a cut-off collector's helper processes get to die (their own timeouts kill them). */
const REAP_GRACE_MS = 2000;

/**
 * Runs the collectors a few at a time, each under its own time limit. A collector that throws or
 * overruns is recorded and left behind: its scope is closed so nothing it writes later reaches
 * the bundle, and its helper processes die with their exec timeouts.
 */
export async function runCollectors(
  collectors: readonly Collector[],
  shared: SharedContext,
  writer: BundleWriter,
  limitMs: number,
  concurrency: number,
): Promise<CollectorsOutcome> {
  const records: CollectorRecord[] = new Array(collectors.length);
  const facts: Fact[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < collectors.length) {
      const index = next++;
      const collector = collectors[index];
      const outcome = await runOne(collector, shared, writer, limitMs);
      records[index] = outcome.record;
      facts.push(...outcome.facts);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, collectors.length)) }, worker),
  );
  return { records, facts };
}

async function runOne(
  collector: Collector,
  shared: SharedContext,
  writer: BundleWriter,
  limitMs: number,
): Promise<{ record: CollectorRecord; facts: readonly Fact[] }> {
  const base = { id: collector.id, title: collector.title, limitMs };
  if (collector.platforms !== undefined && !collector.platforms.includes(shared.platform)) {
    const reason = `applies to ${collector.platforms.join(', ')} only; this host is ${shared.platform}`;
    return { record: { ...base, status: 'skipped', durationMs: 0, reason, files: [] }, facts: [] };
  }

  const started = shared.clock.now();
  const controller = new AbortController();
  const scope = writer.scope(collector.id);
  const remainingMs = (): number => Math.max(1, limitMs - (shared.clock.now() - started));
  const running = new Set<Promise<unknown>>();
  // Every helper process dies by the collector's deadline at the latest, whatever it asked for.
  const exec: Exec = (command, args, options = {}) => {
    const asked =
      options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : Infinity;
    const run = shared.exec(command, args, {
      ...options,
      timeoutMs: Math.min(asked, remainingMs()),
    });
    running.add(run);
    void run.finally(() => running.delete(run)).catch(() => undefined);
    return run;
  };
  const context: CollectorContext = {
    ...shared,
    exec,
    signal: controller.signal,
    remainingMs,
    files: scope,
  };
  const timer = new AbortController();
  const deadline = shared.clock
    .sleep(limitMs, timer.signal)
    .then((): typeof TIMED_OUT => TIMED_OUT);
  const filesOf = (): string[] =>
    writer.files.filter((file) => file.collector === collector.id).map((file) => file.path);
  const work = Promise.resolve().then(() => collector.collect(context));
  // A collector that is cut off may still fail later, when nobody waits for it any more.
  work.catch(() => undefined);
  try {
    const result = await Promise.race([work, deadline]);
    const durationMs = shared.clock.now() - started;
    if (result === TIMED_OUT) {
      controller.abort();
      scope.close();
      await reap(running, shared);
      const reason = `did not finish within its ${limitMs} ms limit; cut off, the files it had finished are kept`;
      shared.log.info(`Diagnostics: ${collector.title} ${reason}.`);
      return {
        record: { ...base, status: 'timed-out', durationMs, reason, files: filesOf() },
        facts: [],
      };
    }
    scope.close();
    const record: CollectorRecord = {
      ...base,
      status: 'ok',
      durationMs,
      note: result.note,
      files: filesOf(),
    };
    shared.log.debug(`Diagnostics: ${collector.id} took ${durationMs} ms.`);
    return { record, facts: result.facts ?? [] };
  } catch (error) {
    controller.abort();
    scope.close();
    const reason = describeError(error);
    shared.log.debug(`Diagnostics: ${collector.id} failed: ${reason}`);
    const durationMs = shared.clock.now() - started;
    return {
      record: { ...base, status: 'failed', durationMs, reason, files: filesOf() },
      facts: [],
    };
  } finally {
    timer.abort();
  }
}

/** Waits, briefly, for a cut-off collector's helper processes to be killed and reaped. */
async function reap(running: ReadonlySet<Promise<unknown>>, shared: SharedContext): Promise<void> {
  if (running.size === 0) return;
  const grace = new AbortController();
  await Promise.race([
    Promise.allSettled([...running]),
    shared.clock.sleep(REAP_GRACE_MS, grace.signal),
  ]);
  grace.abort();
}
