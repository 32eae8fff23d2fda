import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Folder of the stand-in `buildctl` and `docker` executables. */
export const STANDIN_BIN = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  'fixtures',
  'bin',
);

export interface StandinAttempt {
  replay?: string;
  exitCode?: number;
  durationMs?: number;
  hang?: boolean;
  grandchild?: boolean;
  metadata?: Record<string, unknown>;
  floodMb?: number;
  /** Prints this environment variable's value into the build log (a RUN step that shows it). */
  echoEnv?: string;
}

/** How the stand-in answers a helper command (anything but a build). */
export interface StandinCommand {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  durationMs?: number;
  hang?: boolean;
  /** Prints this environment variable's value on stdout first. */
  echoEnv?: string;
}

/** A helper command the stand-in was called with; written as it starts. */
export interface StandinCommandRecord {
  tool: string;
  args: string[];
  pid: number;
  start: number;
  /** The scenario's `commands` key that answered, null for the default answer. */
  key: string | null;
  hang: boolean;
}

/** A build as it started (the record in `records()` is written only when it ends). */
export interface StandinStart {
  tool: string;
  pid: number;
  /** The process that started the build: the step. */
  ppid: number;
  attempt: number;
  start: number;
}

export interface StandinRecord {
  tool: string;
  args: string[];
  pid: number;
  attempt: number;
  start: number;
  end?: number;
  dockerConfig: unknown;
  secretEnv?: string | null;
  grandchild?: number;
}

/** The complete lines of a JSON-lines file; a line still being written is left for later. */
function readLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.slice(0, -1).map((line) => JSON.parse(line) as T);
}

/**
 * A scenario for the stand-in tool in a fresh folder; `records()` reads the builds it ran,
 * `started()` the builds as they began, `commands()` the helper commands it answered.
 * `commands` maps words of a helper call (`"debug workers"`, `"--version"`) to its answer.
 */
export function makeScenario(
  attempts: StandinAttempt[],
  extra: { secretEnv?: string; commands?: Record<string, StandinCommand> } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-standin-'));
  const records = path.join(dir, 'records.jsonl');
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify({ records, attempts, ...extra }));
  return {
    dir,
    file,
    env: {
      WCOW_STANDIN_SCENARIO: file,
      PATH: `${STANDIN_BIN}${path.delimiter}${process.env.PATH}`,
    },
    records: (): StandinRecord[] =>
      fs.existsSync(records)
        ? fs
            .readFileSync(records, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as StandinRecord)
            .filter((record) => record.tool !== undefined)
        : [],
    grandchildren: (): number[] =>
      fs.existsSync(records)
        ? fs
            .readFileSync(records, 'utf8')
            .split('\n')
            .filter((line) => line.includes('"grandchild"') && !line.includes('"tool"'))
            .map((line) => (JSON.parse(line) as { grandchild: number }).grandchild)
        : [],
    started: (): StandinStart[] => readLines<StandinStart>(`${records}.started`),
    commands: (): StandinCommandRecord[] => readLines<StandinCommandRecord>(`${records}.commands`),
  };
}

/** True while a process with this pid runs (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
