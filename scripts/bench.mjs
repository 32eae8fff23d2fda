// `npm run bench`: measures the built GitHub bundle against the bare stand-in build tool in the
// same run, so the figures are the step's own overhead:
//   1. start-up overhead on a clean build (median of several runs; target under 300 ms);
//   2. a 200 MB build log: extra wall time (target under 1 s) and the step's peak RSS (target
//      under 64 MB), read from the process's own resource usage at exit;
//   3. the host queue's handoff latency with 4 concurrent steps (scripts/bench-queue.mjs).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = path.join(root, '__tests__', 'fixtures', 'bin');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const floodMb = Number(process.env.BENCH_LOG_MB ?? 200);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-bench-'));
const context = path.join(work, 'app');
fs.mkdirSync(context);
fs.writeFileSync(
  path.join(context, 'Dockerfile'),
  'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
);
// Reports the process's own peak RSS when it exits.
const preload = path.join(work, 'peak-rss.cjs');
fs.writeFileSync(
  preload,
  "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);

function scenario(attempt) {
  const dir = fs.mkdtempSync(path.join(work, 'run-'));
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ records: path.join(dir, 'records.jsonl'), attempts: [attempt] }),
  );
  return { dir, file };
}

/** Runs a command, draining its output as a runner would; resolves with wall time in ms. */
function timed(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${command} exited with ${code}`));
      else resolve(ms);
    });
  });
}

function githubEnv(run, rssFile) {
  const dir = run.dir;
  const inputs = {
    INPUT_CONTEXT: context,
    INPUT_TAGS: 'bench:1',
    'INPUT_MAX-ATTEMPTS': '1',
    'INPUT_BUILD-SPACING': '0',
    'INPUT_STATE-DIR': path.join(work, 'state'),
    INPUT_DIAGNOSTICS: 'never',
    INPUT_SETUP: 'false',
    INPUT_BUILDER: 'buildctl',
  };
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'])
    fs.writeFileSync(path.join(dir, name), '');
  return {
    ...process.env,
    ...inputs,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    WCOW_STANDIN_SCENARIO: run.file,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: path.join(dir, 'GITHUB_OUTPUT'),
    GITHUB_STATE: path.join(dir, 'GITHUB_STATE'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'GITHUB_STEP_SUMMARY'),
    BENCH_RSS_FILE: rssFile,
  };
}

async function compare(attempt, count) {
  const bare = [];
  const step = [];
  const rss = [];
  for (let i = 0; i < count; i += 1) {
    const plain = scenario(attempt);
    bare.push(
      await timed(path.join(bin, 'buildctl'), ['build'], {
        ...process.env,
        WCOW_STANDIN_SCENARIO: plain.file,
      }),
    );
    const run = scenario(attempt);
    const rssFile = path.join(run.dir, 'rss');
    step.push(
      await timed(
        process.execPath,
        ['--require', preload, path.join(root, 'dist/github/main/index.js')],
        githubEnv(run, rssFile),
      ),
    );
    rss.push(Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    bareMs: median(bare),
    stepMs: median(step),
    overheadMs: median(step) - median(bare),
    peakRssMb: Math.max(...rss),
  };
}

const clean = await compare(
  { replay: 'success.log', exitCode: 0, metadata: { 'containerimage.digest': 'sha256:0' } },
  runs,
);
const flood = await compare(
  { floodMb, exitCode: 0, metadata: { 'containerimage.digest': 'sha256:0' } },
  3,
);
const { benchQueue } = await import('./bench-queue.mjs');
const queue = await benchQueue();

const round = (value) => Math.round(value * 10) / 10;
const figures = {
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  startupOverheadMs: round(clean.overheadMs),
  cleanBuild: {
    bareMs: round(clean.bareMs),
    stepMs: round(clean.stepMs),
    peakRssMb: round(clean.peakRssMb),
  },
  [`log${floodMb}Mb`]: {
    bareMs: round(flood.bareMs),
    stepMs: round(flood.stepMs),
    extraMs: round(flood.overheadMs),
    peakRssMb: round(flood.peakRssMb),
  },
  queueHandoff: queue,
};
console.log(JSON.stringify(figures, null, 2));
fs.rmSync(work, { recursive: true, force: true });
