import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AttemptRecord } from '../attempt-record.js';
import type { Clock } from '../clock.js';
import { describeError } from '../errors.js';
import type { Exec } from '../exec.js';
import type { Settings } from '../settings.js';
import { BundleWriter } from './bundle-writer.js';
import {
  attemptLogName,
  buildkitCollector,
  diskCollector,
  settingsCollector,
  timelineCollector,
  versionsCollector,
} from './collectors/common.js';
import {
  defenderCollector,
  eventLogsCollector,
  filterDriversCollector,
  lockHoldersCollector,
  servicesCollector,
} from './collectors/windows.js';
import { attemptFacts, highlightCase, pickHighlights } from './highlights.js';
import { Redactor, SHORT_SECRET_LENGTH, type Credential } from './redact.js';
import { runCollectors, type SharedContext } from './run-collectors.js';
import { capFor, fitFiles, keepUnder, mergeCuts } from './size-cap.js';
import type {
  Collector,
  CollectorRecord,
  CutRecord,
  DiagnosticsLog,
  Manifest,
  MissingRecord,
} from './types.js';
import { secretFileValues } from '../secret-files.js';

export { defaultArtifactName, sanitizeArtifactName } from './artifact-name.js';
export { renderDiagnosticsSummary } from './summary.js';
export type { Collector, CollectorContext, CollectorOutput, Fact, Manifest } from './types.js';

/** What the diagnostics are collected from and where they go. */
export interface DiagnosticsInput {
  /** Written to settings.json with the registry password masked. */
  readonly settings: Settings;
  /** Each one's `logFile` is copied (redacted, tail kept when over the cap) as attempt-N.log. */
  readonly attempts: readonly AttemptRecord[];
  /** Folder in which the bundle's own folder is created. */
  readonly outDir: string;
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly exec: Exec;
  readonly clock: Clock;
  /** Every value to redact; the registry password and `secrets` env values are added anyway. */
  readonly secrets: readonly string[];
  /** Event logs are read from this time on (ms since epoch). */
  readonly jobStartedAt: number;
  /** Size cap of the whole bundle (settings.diagnosticsMaxBytes). */
  readonly maxBytes: number;
  /** Time limit of each collector; default 30 s. */
  readonly collectorTimeoutMs?: number;
  /** Why the bundle is made: 'failure', 'always' or 'cancelled'. */
  readonly reason: string;
  readonly log: DiagnosticsLog;
  /** Replaces the standard collectors (tests). */
  readonly collectors?: readonly Collector[];
  /** Folder the settings' relative paths are resolved against; default the process's. */
  readonly cwd?: string;
}

export interface DiagnosticsResult {
  /** The bundle folder ('' when it could not even be created). */
  readonly folder: string;
  readonly manifest: Manifest;
  /** The facts most likely to explain the failure, best first (at most three). */
  readonly highlights: readonly string[];
}

export const DEFAULT_COLLECTOR_TIMEOUT_MS = 30_000;
/** Collectors run at once: PowerShell starts are slow, a few in parallel keep the total short. */
const CONCURRENCY = 4;
/** Room kept for manifest.json when the size cap is planned. */
const MANIFEST_RESERVE = 64 * 1024;
/** Largest tail of one daemon log: logs of earlier days are rarely the story. */
const MAX_DAEMON_LOG_BYTES = 8 * 1024 * 1024;

/** Every standard collector; those for another platform are recorded as skipped. */
export function standardCollectors(): Collector[] {
  return [
    timelineCollector,
    settingsCollector,
    versionsCollector,
    buildkitCollector,
    diskCollector,
    servicesCollector,
    eventLogsCollector,
    lockHoldersCollector,
    filterDriversCollector,
    defenderCollector,
  ];
}

/**
 * Collects the diagnostics bundle: runs each collector under its own time limit, copies the
 * attempts' logs, redacts every secret from every file and keeps the whole under `maxBytes`.
 * Never throws: what went wrong is in the manifest and the log.
 */
export async function collectDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsResult> {
  const started = input.clock.now();
  const redactor = new Redactor(secretValues(input), credentials(input.settings));
  let folder = '';
  try {
    folder = await createBundleFolder(input.outDir, started);
    return await collectInto(folder, input, redactor, started);
  } catch (error) {
    const reason = redactor.redactText(describeError(error));
    input.log.warning(
      `Diagnostics could not be collected (${reason}); the build's own result stands.`,
    );
    const manifest = baseManifest(input, redactor, started, { error: reason });
    return { folder, manifest, highlights: [] };
  }
}

async function collectInto(
  folder: string,
  input: DiagnosticsInput,
  redactor: Redactor,
  started: number,
): Promise<DiagnosticsResult> {
  const log = redactingLog(input.log, redactor);
  log.info(`Collecting diagnostics (${input.reason}) into ${folder}`);
  if (redactor.stats.shortValues > 0) {
    log.warning(
      `${redactor.stats.shortValues} secret value(s) are shorter than ${SHORT_SECRET_LENGTH} characters; ` +
        'they are redacted wherever they occur, which makes the bundle harder to read. Use longer secrets.',
    );
  }
  const writer = new BundleWriter(folder, redactor);
  const limitMs = input.collectorTimeoutMs ?? DEFAULT_COLLECTOR_TIMEOUT_MS;
  const shared: SharedContext = {
    settings: input.settings,
    attempts: input.attempts,
    platform: input.platform,
    env: input.env,
    exec: input.exec,
    clock: input.clock,
    jobStartedAt: input.jobStartedAt,
    cwd: input.cwd ?? process.cwd(),
    maxLogTailBytes: Math.min(MAX_DAEMON_LOG_BYTES, Math.floor(input.maxBytes / 8)),
    log,
  };

  const collected = await runCollectors(
    input.collectors ?? standardCollectors(),
    shared,
    writer,
    limitMs,
    CONCURRENCY,
  );
  const logs = await copyAttemptLogs(input, shared, writer, limitMs);
  const facts = [...attemptFacts(input.attempts, input.reason), ...collected.facts];
  const highlights = pickHighlights(facts, highlightCase(input.attempts, input.reason)).map(
    (text) => redactor.redactText(text),
  );
  const records = [...collected.records, logs.record];
  const manifest = await writeManifest(input, writer, started, {
    collectors: records,
    cuts: logs.cuts,
    missing: logs.missing,
    highlights,
  });

  const ok = records.filter((record) => record.status === 'ok').length;
  const ran = records.filter((record) => record.status !== 'skipped').length;
  log.info(
    `Diagnostics: ${manifest.files.length + 1} files, ${manifest.totalBytes} bytes; ${ok} of ${ran} collectors ` +
      `finished; ${manifest.cuts.length} file(s) cut for size; took ${manifest.durationMs} ms.`,
  );
  return { folder, manifest, highlights };
}

/**
 * Copies every attempt's log, redacted, as one more time-limited collector. The size cap is
 * planned here, when every other file is known: the largest files (usually these logs) are cut
 * first and keep their tails, where the error is.
 */
async function copyAttemptLogs(
  input: DiagnosticsInput,
  shared: SharedContext,
  writer: BundleWriter,
  limitMs: number,
): Promise<{ record: CollectorRecord; cuts: CutRecord[]; missing: MissingRecord[] }> {
  const missing: MissingRecord[] = [];
  const sources: Array<{ attempt: AttemptRecord; size: number }> = [];
  for (const attempt of input.attempts) {
    try {
      sources.push({ attempt, size: (await fs.promises.stat(attempt.logFile)).size });
    } catch (error) {
      missing.push({
        path: attemptLogName(attempt),
        reason: `log ${attempt.logFile} unreadable: ${describeError(error)}`,
      });
    }
  }
  const budget = input.maxBytes - MANIFEST_RESERVE;
  const cap = capFor(
    [...writer.files.map((file) => file.bytes), ...sources.map((source) => source.size)],
    budget,
  );
  const cuts = await fitFiles(
    writer,
    budget - sources.reduce((sum, source) => sum + Math.min(source.size, cap), 0),
    new Set(),
  );

  const logsCollector: Collector = {
    id: 'build-logs',
    title: 'Build logs of every attempt',
    async collect(context) {
      for (const { attempt, size } of sources) {
        const keep = keepUnder(size, cap);
        const copied = await context.files.copyTail(attempt.logFile, attemptLogName(attempt), keep);
        if (copied.fromByte > 0) {
          cuts.push({
            path: attemptLogName(attempt),
            bytesBefore: size,
            bytesAfter: copied.bytes,
            reason: 'size cap: kept the tail',
          });
        }
      }
      return { note: `${sources.length} log(s)` };
    },
  };
  // The logs are the heart of the bundle and may be large: they get a longer limit.
  const outcome = await runCollectors([logsCollector], shared, writer, limitMs * 4, 1);
  return { record: outcome.records[0], cuts, missing };
}

/**
 * Writes manifest.json last, and cuts more when the bundle with its index is still over the cap
 * (redaction can change sizes a little). A few rounds settle the index's own size.
 */
async function writeManifest(
  input: DiagnosticsInput,
  writer: BundleWriter,
  started: number,
  parts: Pick<Manifest, 'collectors' | 'cuts' | 'missing' | 'highlights'>,
): Promise<Manifest> {
  const own = new Set(['manifest.json']);
  let cuts = [...parts.cuts];
  let manifestBytes = 0;
  let manifest = baseManifest(input, writer.redactor, started, {});
  for (let round = 0; round < 5; round++) {
    const files = writer.files.filter((file) => !own.has(file.path));
    const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0) + manifestBytes;
    manifest = {
      ...baseManifest(input, writer.redactor, started, {}),
      durationMs: input.clock.now() - started,
      totalBytes,
      ...parts,
      cuts: mergeCuts(cuts),
      files,
      redaction: {
        ...writer.redactor.stats,
        replacements: files.reduce((sum, file) => sum + file.redactions, 0),
      },
    };
    // The index returned is the one written: redacted, so that no caller can log a secret from it.
    manifest = JSON.parse(writer.redactor.redactText(JSON.stringify(manifest))) as Manifest;
    const written = await writer.writeOwn(
      'manifest.json',
      `${JSON.stringify(manifest, null, 2)}\n`,
      'manifest',
    );
    const actual = totalBytes - manifestBytes + written;
    if (actual > input.maxBytes) {
      cuts = [...cuts, ...(await fitFiles(writer, input.maxBytes - written - 1024, own))];
    } else if (written === manifestBytes) {
      break;
    }
    manifestBytes = written;
  }
  return manifest;
}

function baseManifest(
  input: DiagnosticsInput,
  redactor: Redactor,
  started: number,
  extra: { error?: string },
): Manifest {
  return {
    schema: 1,
    tool: 'wcow-build',
    reason: input.reason,
    platform: input.platform,
    createdAt: new Date(started).toISOString(),
    jobStartedAt: new Date(input.jobStartedAt).toISOString(),
    durationMs: input.clock.now() - started,
    maxBytes: input.maxBytes,
    totalBytes: 0,
    collectors: [],
    files: [],
    cuts: [],
    missing: [],
    redaction: { ...redactor.stats, replacements: 0 },
    highlights: [],
    ...extra,
  };
}

/** Creates a fresh folder for this bundle, so that no earlier file is ever attached with it. */
async function createBundleFolder(outDir: string, now: number): Promise<string> {
  await fs.promises.mkdir(outDir, { recursive: true });
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  for (let index = 1; ; index++) {
    const folder = path.join(outDir, `wcow-diagnostics-${stamp}${index === 1 ? '' : `-${index}`}`);
    try {
      await fs.promises.mkdir(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || index > 100) throw error;
    }
  }
}

/** The values to redact: those given, plus the registry password and build secrets' values. */
function secretValues(input: DiagnosticsInput): string[] {
  const values = [...input.secrets];
  const { settings, env } = input;
  if (settings.registryLogin !== undefined) values.push(settings.registryLogin.password);
  for (const spec of settings.secrets) {
    if (spec.env !== undefined && env[spec.env]) values.push(env[spec.env]!);
    if (spec.src !== undefined)
      values.push(...secretFileValues(path.resolve(input.cwd ?? process.cwd(), spec.src)));
  }
  return values;
}

/** A log that never passes on a secret, whatever a collector's error message holds. */
function redactingLog(log: DiagnosticsLog, redactor: Redactor): DiagnosticsLog {
  return {
    debug: (message) => log.debug(redactor.redactText(message)),
    info: (message) => log.info(redactor.redactText(message)),
    warning: (message) => log.warning(redactor.redactText(message)),
  };
}

function credentials(settings: Settings): Credential[] {
  return settings.registryLogin === undefined ? [] : [settings.registryLogin];
}
