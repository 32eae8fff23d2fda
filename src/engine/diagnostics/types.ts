import type { AttemptRecord } from '../attempt-record.js';
import type { Clock } from '../clock.js';
import type { Exec } from '../exec.js';
import type { Settings } from '../settings.js';
import type { BundleScope } from './bundle-writer.js';

/** Where the diagnostics log their progress (a subset of the Host port). */
export interface DiagnosticsLog {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/**
 * One observation that may explain a failure. `kind` lets the ranking weigh it by failure class;
 * `weight` is its base importance (0-100).
 */
export interface Fact {
  readonly kind: FactKind;
  readonly text: string;
  readonly weight: number;
}

export type FactKind =
  | 'lock-holder'
  | 'lock-no-holder'
  | 'os-mismatch'
  | 'host-build'
  | 'defender-exposed'
  | 'defender-state'
  | 'defender-detection'
  | 'filter-drivers'
  | 'disk-low'
  | 'disk-free'
  | 'panic'
  | 'daemon-error'
  | 'service-state'
  | 'tool-error'
  | 'timeout'
  | 'cancelled'
  | 'build-cache';

/** What a collector reads besides its own scope of the bundle. */
export interface CollectorContext {
  readonly settings: Settings;
  readonly attempts: readonly AttemptRecord[];
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly exec: Exec;
  readonly clock: Clock;
  readonly jobStartedAt: number;
  /** Folder relative settings paths (context, file) are resolved against. */
  readonly cwd: string;
  /** Largest share of the bundle one copied daemon log may take. */
  readonly maxLogTailBytes: number;
  /** Aborted when the collector's time is up; long loops should stop. */
  readonly signal: AbortSignal;
  /** Milliseconds left before the collector is cut off; pass it to every exec as its timeout. */
  remainingMs(): number;
  /** The collector's own view of the bundle; closed (writes refused) once it is cut off. */
  readonly files: BundleScope;
  readonly log: DiagnosticsLog;
}

/** What a collector found that the bundle's index and highlights use. */
export interface CollectorOutput {
  readonly facts?: readonly Fact[];
  /** A short note for the index, e.g. what was not found. */
  readonly note?: string;
}

/** One source of diagnostics; it writes its files through `context.files` and returns facts. */
export interface Collector {
  readonly id: string;
  readonly title: string;
  /** Platforms it applies to; on others it is recorded as skipped. Undefined = every platform. */
  readonly platforms?: readonly NodeJS.Platform[];
  collect(context: CollectorContext): Promise<CollectorOutput>;
}

export type CollectorStatus = 'ok' | 'failed' | 'timed-out' | 'skipped';

/** The index entry of one collector. */
export interface CollectorRecord {
  readonly id: string;
  readonly title: string;
  readonly status: CollectorStatus;
  readonly durationMs: number;
  readonly limitMs: number;
  /** Why it failed, timed out or was skipped. */
  readonly reason?: string;
  readonly note?: string;
  readonly files: readonly string[];
}

/** The index entry of one file of the bundle. */
export interface FileRecord {
  /** Path inside the bundle, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly collector: string;
  /** How many secret occurrences were replaced by `***` in it. */
  readonly redactions: number;
}

/** A file shortened to keep the bundle under its size cap. */
export interface CutRecord {
  readonly path: string;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly reason: string;
}

/** A file the bundle should have held but does not. */
export interface MissingRecord {
  readonly path: string;
  readonly reason: string;
}

/** manifest.json: the bundle's index. */
export interface Manifest {
  readonly schema: 1;
  readonly tool: 'wcow-build';
  readonly reason: string;
  readonly platform: NodeJS.Platform;
  readonly createdAt: string;
  readonly jobStartedAt: string;
  readonly durationMs: number;
  readonly maxBytes: number;
  /** Size of every file of the bundle, this index included. */
  readonly totalBytes: number;
  readonly collectors: readonly CollectorRecord[];
  readonly files: readonly FileRecord[];
  readonly cuts: readonly CutRecord[];
  readonly missing: readonly MissingRecord[];
  readonly redaction: {
    /** Distinct secret values redacted (the values themselves are never written). */
    readonly values: number;
    /** Byte patterns searched for: each value in its plain and encoded forms. */
    readonly patterns: number;
    /** Values shorter than 4 characters: redacted, but they make logs hard to read. */
    readonly shortValues: number;
    readonly replacements: number;
  };
  readonly highlights: readonly string[];
  /** Set when the collection itself went wrong; the bundle may be partial. */
  readonly error?: string;
}
