import type { HostKind, InputSpec, OutputName } from '../engine/inputs.js';
import type { RegistryLogin } from '../engine/settings.js';

/** Where a warning or error annotation points. */
export interface AnnotationProps {
  readonly title?: string;
  readonly file?: string;
  readonly line?: number;
}

/** What an uploaded artifact can be found by. */
export interface ArtifactRef {
  readonly name: string;
  /** Link to the artifact where the host gives one. */
  readonly url?: string;
}

/**
 * Keeps a child process's output from acting as runner commands. `begin` and `end` bracket the
 * stream (GitHub stop-commands); `transform` rewrites what passes (Azure `##vso[` neutralising).
 * `end` also returns whatever `transform` still held back.
 */
export interface OutputGuard {
  begin(): string;
  transform(chunk: Buffer): Buffer | string;
  end(): string;
}

/** A cache of downloaded files shared between jobs (the Actions cache on GitHub). */
export interface DownloadCache {
  restore(paths: string[], key: string): Promise<boolean>;
  save(paths: string[], key: string): Promise<void>;
}

/** Facts about the run that name artifacts and date the diagnostics. */
export interface RunContext {
  readonly runId: string;
  readonly job: string;
  readonly attempt: string;
  /** Folder for this step's temporary files; removed by the runner after the job. */
  readonly tempDir: string;
  /** The runner's tool cache, where downloaded tools are kept between jobs. */
  readonly toolCacheDir: string;
  /** When the job started, as far as the host knows (ms since epoch). */
  readonly jobStartedAt: number;
  /** A human name for this step in queue records. */
  readonly stepName: string;
  /**
   * Tells apart two uses of the step in one run attempt (matrix legs share a job name; one job
   * may build twice); part of the default artifact name.
   */
  readonly instance: string;
}

/**
 * The port through which the engine reaches the CI system: inputs, outputs, logs, groups, state,
 * secrets, artifacts and the summary. One adapter per host: GitHub, Azure Pipelines, the CLI.
 */
export interface Host {
  readonly kind: HostKind;
  readonly context: RunContext;
  readonly env: NodeJS.ProcessEnv;

  /** The raw value of an input: undefined or '' when it was not given. */
  getInput(spec: InputSpec): string | undefined;
  setOutput(name: OutputName, value: string): void;

  debug(message: string): void;
  info(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  group<T>(title: string, run: () => Promise<T>): Promise<T>;

  /** Keeps a value for the post step of the same job. */
  saveState(key: string, value: string): void;
  getState(key: string): string;

  /** Masks a value in every later log line. */
  setSecret(value: string): void;
  /** Marks the step failed with a message (no stack trace). */
  setFailed(message: string): void;

  /** Adds Markdown to the job or build summary. */
  writeSummary(markdown: string): Promise<void>;
  /** Attaches a folder to the run; throws when the host cannot. */
  uploadArtifact(name: string, folder: string, retentionDays: number): Promise<ArtifactRef>;
  /** A fresh guard for one child process's output. */
  outputGuard(): OutputGuard;
  /** The host's shared download cache, where it has one. */
  readonly downloadCache?: DownloadCache;
  /** Credentials of a registry service connection (Azure); undefined where the host has none. */
  resolveRegistryLogin?(connection: string): RegistryLogin | undefined;
  /** The log stream that build output is copied to (after the guard). */
  readonly output: NodeJS.WritableStream;
}
