import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runBuildProcess } from '../../src/engine/build-process.js';
import { azureGuard } from '../../src/hosts/output-guards.js';
import { isAlive, makeScenario, STANDIN_BIN } from '../helpers/standin.js';

function collect() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(
  attempts: Parameters<typeof makeScenario>[0],
  options: { timeoutMs?: number; tailBytes?: number } = {},
) {
  const scenario = makeScenario(attempts);
  const output = collect();
  const logFile = path.join(scenario.dir, 'attempt.log');
  const result = await runBuildProcess({
    command: path.join(STANDIN_BIN, 'buildctl'),
    args: ['build', '--metadata-file', path.join(scenario.dir, 'meta.json')],
    env: { ...process.env, ...scenario.env },
    cwd: scenario.dir,
    logFile,
    output: output.stream,
    guard: azureGuard(),
    timeoutMs: options.timeoutMs ?? 0,
    tailBytes: options.tailBytes,
  });
  return { result, scenario, output, logFile };
}

describe('runBuildProcess', () => {
  it('streams the output through the guard and keeps the whole log on disk', async () => {
    const { result, output, logFile } = await run([{ replay: 'forged-commands.log', exitCode: 0 }]);
    const recorded = fs.readFileSync(
      path.resolve(STANDIN_BIN, '..', 'replay', 'forged-commands.log'),
      'utf8',
    );
    expect(result.exitCode).toBe(0);
    expect(fs.readFileSync(logFile, 'utf8')).toBe(recorded);
    expect(output.text()).toBe(recorded.replace(/##vso\[/g, '## vso[').replace(/##\[/g, '## ['));
    expect(result.logBytes).toBe(Buffer.byteLength(recorded));
  });

  it('keeps only a bounded tail in memory', async () => {
    const { result, logFile } = await run(
      [{ floodMb: 3, replay: 'lock-activate-layer.log', exitCode: 1 }],
      { tailBytes: 64 * 1024 },
    );
    expect(result.exitCode).toBe(1);
    expect(fs.statSync(logFile).size).toBeGreaterThan(3 * 1024 * 1024);
    expect(Buffer.byteLength(result.tail)).toBeLessThanOrEqual(64 * 1024);
    const log = fs.readFileSync(logFile);
    expect(result.tail).toBe(log.subarray(log.length - 64 * 1024).toString('utf8'));
  });

  it('kills the whole process tree when the attempt times out', async () => {
    const { result, scenario } = await run([{ hang: true, grandchild: true }], { timeoutMs: 1500 });
    expect(result).toMatchObject({ exitCode: null, timedOut: true });
    const [grandchild] = scenario.grandchildren();
    expect(grandchild).toBeGreaterThan(0);
    for (let i = 0; i < 50 && isAlive(grandchild); i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('reports a tool that cannot be started', async () => {
    const scenario = makeScenario([]);
    const result = await runBuildProcess({
      command: path.join(scenario.dir, 'no-such-buildctl'),
      args: [],
      env: process.env,
      cwd: scenario.dir,
      logFile: path.join(scenario.dir, 'a.log'),
      output: collect().stream,
      guard: azureGuard(),
      timeoutMs: 0,
    });
    expect(result.exitCode).toBeNull();
    expect(result.startError).toMatch(/ENOENT/);
  });
});
