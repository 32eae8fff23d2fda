import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AttemptRecord } from '../../../src/engine/attempt-record.js';
import type { InputSpec } from '../../../src/engine/inputs.js';
import { readSettings, type Settings } from '../../../src/engine/settings.js';

/** Folder of the stand-in powershell, sc, fltmc, buildctl, containerd, buildkitd and docker. */
export const DIAGNOSTICS_BIN = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  'fixtures',
  'bin',
);

const REPLAY = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'fixtures',
  'replay',
);

/** The recorded lock failure (moby/buildkit#5807) that the stand-in build printed. */
export const LOCK_LOG = fs.readFileSync(path.join(REPLAY, 'lock-activate-layer.log'), 'utf8');

/** The path the lock error names, as the classifier reports it. */
export const LOCKED_PATH =
  '\\\\?\\C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\bktest_containerd2597383045\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\4';

export const REGISTRY_USER = 'ci-bot';
/** Holds a quote and a backslash so that its JSON-escaped form differs from it. */
export const REGISTRY_PASSWORD = 'Reg1stry"Pa\\ss-7Q9x';
/** Reached only through the `secrets` input's env=, not through the secrets list. */
export const ENV_SECRET = 'npm_Zx81KqW3aLmN0pQrT5';
/** Registered as secret by other means (the orchestrator's list). */
export const LISTED_SECRET = 'listed-token-55219';

export const JOB_STARTED_AT = Date.parse('2026-12-03T11:50:00Z');

/** One record line the stand-ins append per call. */
export interface StandinCall {
  tool: string;
  args: string[];
  pid: number;
  marker?: string;
  data?: { paths?: string[] } | null;
  spliced?: boolean;
  noProfile?: boolean;
  key?: string;
}

export interface StandinHost {
  readonly dir: string;
  readonly outDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: Settings;
  readonly attempts: AttemptRecord[];
  calls(): StandinCall[];
}

/**
 * A Windows build host as the stand-ins present it: two failed lock attempts with their logs,
 * running services whose log files and panic log lie in `dir`, a Dockerfile on ltsc2019.
 */
export function makeStandinHost(
  options: { hang?: string[]; fail?: string[]; firstLog?: string } = {},
): StandinHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-diag-'));
  const records = path.join(dir, 'calls.jsonl');
  const scenario = path.join(dir, 'scenario.json');
  fs.writeFileSync(
    scenario,
    JSON.stringify({
      dir,
      secret: REGISTRY_PASSWORD,
      hang: options.hang ?? [],
      fail: options.fail ?? [],
      records,
    }),
  );

  fs.mkdirSync(path.join(dir, 'context'));
  fs.writeFileSync(
    path.join(dir, 'context', 'Dockerfile'),
    '# escape=`\nARG BASE=mcr.microsoft.com/windows/servercore:ltsc2019\nFROM ${BASE}\nRUN powershell -Command `\n    Write-Output hi\n',
  );
  fs.writeFileSync(
    path.join(dir, 'containerd.log'),
    'time="2026-12-03T11:58:02Z" level=info msg="starting containerd" version=v2.1.1\n' +
      `time="2026-12-03T11:58:09Z" level=debug msg="resolving" host=registry.example.com token=${ENV_SECRET}\n` +
      'time="2026-12-03T11:58:40Z" level=error msg="failed to activate layer" error="hcsshim::ActivateLayer failed in Win32: The process cannot access the file because it is being used by another process. (0x20)"\n',
  );
  fs.writeFileSync(
    path.join(dir, 'buildkitd.log'),
    `time="2026-12-03T11:57:31Z" level=info msg="auto snapshotter: using windows"\ntime="2026-12-03T11:58:11Z" level=debug msg="session token ${LISTED_SECRET}"\n`,
  );
  fs.mkdirSync(path.join(dir, 'buildkitd-root'));
  fs.writeFileSync(
    path.join(dir, 'buildkitd-root', 'panic.log'),
    'panic: runtime error: invalid memory address or nil pointer dereference\n[signal 0xc0000005 code=0x0 addr=0x18 pc=0x1a2b3c4]\n\ngoroutine 412 [running]:\ngithub.com/moby/buildkit/solver.(*edge).execOp(...)\n',
  );

  const firstLog = path.join(dir, 'attempt-1.out');
  fs.writeFileSync(firstLog, options.firstLog ?? LOCK_LOG);
  const secondLog = path.join(dir, 'attempt-2.out');
  const basic = Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64');
  fs.writeFileSync(secondLog, `#0 resolve auth: Authorization: Basic ${basic}\n${LOCK_LOG}`);

  const env: NodeJS.ProcessEnv = {
    PATH: `${DIAGNOSTICS_BIN}${path.delimiter}${process.env.PATH}`,
    WCOW_DIAG_SCENARIO: scenario,
    NPM_TOKEN: ENV_SECRET,
    ProgramData: 'C:\\ProgramData',
    RUNNER_TEMP: dir,
  };
  const inputs: Record<string, string> = {
    context: 'context',
    'state-dir': path.join(dir, 'state'),
    registry: 'registry.example.com',
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    secrets: 'id=npm,env=NPM_TOKEN',
  };
  const settings = readSettings((spec: InputSpec) => inputs[spec.name], {
    host: 'github',
    platform: 'win32',
    env,
    cwd: dir,
    tempDir: dir,
  });
  const attempt = (number: number, logFile: string): AttemptRecord => ({
    number,
    startedAt: JOB_STARTED_AT + 60_000 * number,
    durationMs: 41_000,
    exitCode: 1,
    failureClass: 'lock',
    rule: 'sharing-violation',
    evidence:
      'hcsshim::ActivateLayer failed in Win32: The process cannot access the file because it is being used by another process. (0x20)',
    lockedPaths: [LOCKED_PATH],
    queueWaitMs: number === 1 ? 1200 : 0,
    waitAfterMs: number === 1 ? 5000 : 0,
    waitReason: number === 1 ? 'backoff' : '',
    logFile,
    logBytes: fs.statSync(logFile).size,
  });
  return {
    dir,
    outDir: path.join(dir, 'out'),
    env,
    settings,
    attempts: [attempt(1, firstLog), attempt(2, secondLog)],
    calls: () =>
      fs.existsSync(records)
        ? fs
            .readFileSync(records, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as StandinCall)
        : [],
  };
}

/** Every file under `folder`, relative, with forward slashes. */
export function listBundle(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(path.relative(folder, full).split(path.sep).join('/'));
    }
  };
  walk(folder);
  return files.sort();
}

/** The byte forms a leaked secret could take in a file. */
export function leakForms(value: string): Array<{ form: string; bytes: Buffer }> {
  return [
    { form: 'plain', bytes: Buffer.from(value) },
    { form: 'json', bytes: Buffer.from(JSON.stringify(value).slice(1, -1)) },
    {
      form: 'base64',
      bytes: Buffer.from(Buffer.from(value).toString('base64').replace(/=+$/, '')),
    },
    { form: 'url', bytes: Buffer.from(encodeURIComponent(value)) },
    { form: 'utf16le', bytes: Buffer.from(value, 'utf16le') },
  ];
}
