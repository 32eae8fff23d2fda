/**
 * Benchmark of the host-wide build queue: several real step processes take the build slot of one
 * daemon at once, and the handoff latency is measured from their own records as
 *   next build's start - (previous build's end + spacing).
 *
 * Run alone: `node scripts/bench-queue.mjs [--processes 4] [--builds 3] [--spacing 1000]`.
 * From another script: `import { benchQueue } from './bench-queue.mjs'`.
 * It needs only node and this repository: the stand-in step (__tests__/engine/queue/harness.ts)
 * is bundled with ncc into a temporary folder.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs the benchmark and returns the handoff latencies in milliseconds.
 * @param {{ processes?: number, buildsPerProcess?: number, spacingMs?: number, buildMs?: number,
 *   harness?: string }} [options] `harness`: a prebuilt bundle of the stand-in step, else built.
 */
export async function benchQueue(options = {}) {
  const processes = options.processes ?? 4;
  const buildsPerProcess = options.buildsPerProcess ?? 3;
  const spacingMs = options.spacingMs ?? 1000;
  const buildMs = options.buildMs ?? 300;
  const work = await mkdtemp(path.join(tmpdir(), 'wcow-bench-queue-'));
  try {
    const harness = options.harness ?? (await buildHarness(path.join(work, 'harness')));
    const records = path.join(work, 'records.txt');
    await writeFile(records, '');
    const runs = [];
    for (let index = 1; index <= processes; index += 1) {
      runs.push(
        runStep(harness, {
          stateDir: path.join(work, 'state'),
          address: 'npipe:////./pipe/buildkitd',
          spacingMs,
          timeoutMs: 10 * 60_000,
          id: `step-${index}`,
          builds: buildsPerProcess,
          buildMs,
          records,
        }),
      );
    }
    await Promise.all(runs);
    const builds = pairBuilds(await readFile(records, 'utf8'));
    const handoffs = [];
    for (let index = 1; index < builds.length; index += 1) {
      const gap = builds[index].start - builds[index - 1].end;
      if (gap < spacingMs) throw new Error(`builds ${index - 1} and ${index} are ${gap} ms apart`);
      handoffs.push(gap - spacingMs);
    }
    const sorted = [...handoffs].sort((a, b) => a - b);
    return {
      processes,
      builds: builds.length,
      spacingMs,
      buildMs,
      handoffs: handoffs.length,
      handoffMedianMs: median(sorted),
      handoffMaxMs: sorted[sorted.length - 1],
      handoffMinMs: sorted[0],
      handoffSamplesMs: handoffs,
      targetMs: 250,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function buildHarness(out) {
  const ncc = path.join(
    ROOT,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'ncc.cmd' : 'ncc',
  );
  const entry = path.join(ROOT, '__tests__', 'engine', 'queue', 'harness.ts');
  await promisify(execFile)(ncc, ['build', entry, '-o', out, '-t', '-q'], {
    cwd: ROOT,
    shell: process.platform === 'win32',
  });
  return path.join(out, 'index.js');
}

function runStep(harness, config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [harness, JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${config.id} exited ${code}: ${errors.trim()}`)),
    );
  });
}

/** Builds in start order from the `start <id> <ms>` and `end <id> <ms>` lines. */
function pairBuilds(text) {
  const open = new Map();
  const builds = [];
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const records = lines.map((line) => {
    const [kind, id, at] = line.split(' ');
    return { kind, id, at: Number(at) };
  });
  for (const record of records.sort((a, b) => a.at - b.at)) {
    if (record.kind === 'start') open.set(record.id, record.at);
    if (record.kind === 'end') {
      builds.push({ id: record.id, start: open.get(record.id), end: record.at });
      open.delete(record.id);
    }
  }
  return builds.sort((a, b) => a.start - b.start);
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function readFlag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await benchQueue({
    processes: readFlag('processes', 4),
    buildsPerProcess: readFlag('builds', 3),
    spacingMs: readFlag('spacing', 1000),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
