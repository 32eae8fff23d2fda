import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Folder of the stand-in `buildctl` and `docker` executables. */
export const STANDIN_BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'bin');

export interface StandinAttempt {
  replay?: string;
  exitCode?: number;
  durationMs?: number;
  hang?: boolean;
  grandchild?: boolean;
  metadata?: Record<string, unknown>;
  floodMb?: number;
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

/** A scenario for the stand-in tool in a fresh folder; `records()` reads what it was given. */
export function makeScenario(attempts: StandinAttempt[], extra: { secretEnv?: string } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-standin-'));
  const records = path.join(dir, 'records.jsonl');
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify({ records, attempts, ...extra }));
  return {
    dir,
    file,
    env: { WCOW_STANDIN_SCENARIO: file, PATH: `${STANDIN_BIN}${path.delimiter}${process.env.PATH}` },
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
