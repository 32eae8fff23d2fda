// The host build queue, through the built GitHub bundle: several real step processes at once
// against one state folder, judged by the stand-in build tool's own start and end records.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive, makeScenario, type StandinAttempt } from '../helpers/standin.js';
import { GithubJob } from './runners.js';

const SUCCESS: StandinAttempt = {
  replay: 'success.log',
  exitCode: 0,
  durationMs: 300,
  metadata: { 'containerimage.digest': 'sha256:1' },
};

function project(attempts: StandinAttempt[]) {
  const scenario = makeScenario(attempts);
  const context = path.join(scenario.dir, 'app');
  fs.mkdirSync(context);
  fs.writeFileSync(
    path.join(context, 'Dockerfile'),
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
  );
  const stateDir = path.join(scenario.dir, 'state');
  const inputs = {
    context,
    tags: 'app:1',
    'state-dir': stateDir,
    diagnostics: 'never',
    'build-spacing': '1',
  };
  return { scenario, inputs, stateDir };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function filesNamed(folder: string, name: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === name)
    .map((file) => path.join(folder, file));
}

describe('host build queue (GitHub bundle)', () => {
  it('runs four concurrent steps one at a time, each start at least build-spacing after the last end', async () => {
    const { scenario, inputs } = project([SUCCESS]);
    const steps = Array.from({ length: 4 }, () => new GithubJob(inputs, scenario.env).startMain());
    const results = await Promise.all(steps.map((step) => step.finished));

    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0]);
    const builds = scenario.records().sort((a, b) => a.start - b.start);
    expect(builds).toHaveLength(4);
    const gaps = builds
      .slice(1)
      .map((build, index) => build.start - (builds[index].end ?? Infinity));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(1000);
      // The handoff adds little beyond the spacing: the step's release, the next step's start
      // and the stand-in's own start-up, on a loaded test machine.
      expect(gap).toBeLessThan(1000 + 1500);
    }
    const waits = results
      .map((result) => Number(result.outputs['queue-wait-seconds']))
      .sort((a, b) => a - b);
    expect(waits[3]).toBeGreaterThan(2.5);
    const waiting = results.map((result) => result.stdout).join('\n');
    expect(waiting).toMatch(/Waiting for the build slot of daemon/);
  });

  it('does not let a step killed with its process group mid-build block the next one', async () => {
    const { scenario, inputs } = project([{ hang: true }, SUCCESS]);
    const first = new GithubJob(inputs, scenario.env).startMain();
    await waitFor(() => scenario.started().length === 1, 15_000);
    const second = new GithubJob(inputs, scenario.env).startMain();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const killedAt = Date.now();
    process.kill(-first.pid, 'SIGKILL');
    const result = await second.finished;
    const hungTool = scenario.started()[0].pid;
    if (isAlive(hungTool)) process.kill(hungTool, 'SIGKILL');

    expect(result.code).toBe(0);
    const secondStart = scenario.started()[1].start;
    // Spacing (1 s) counts from the moment the dead holder was found; finding it takes ms.
    expect(secondStart - killedAt).toBeGreaterThanOrEqual(1000);
    expect(secondStart - killedAt).toBeLessThan(1000 + 3000);
    await first.finished;
  });

  it('recovers from a corrupted and a half-written state file', async () => {
    const { scenario, inputs, stateDir } = project([SUCCESS]);
    const first = await new GithubJob(inputs, scenario.env).startMain().finished;
    expect(first.code).toBe(0);
    const [queueFile] = filesNamed(stateDir, 'queue.json');
    const [lastEndFile] = filesNamed(stateDir, 'last-end.json');
    fs.writeFileSync(queueFile, '{"version":1,"entries":[{"id":"x","pid":');
    fs.writeFileSync(lastEndFile, '\u0000\u0000garbage');

    const second = await new GithubJob(inputs, scenario.env).startMain().finished;
    expect(second.code).toBe(0);
    expect(
      second.commands.filter((command) => command.command === 'warning').map((c) => c.message),
    ).toEqual([expect.stringMatching(/queue/i)]);
    expect(JSON.parse(fs.readFileSync(queueFile, 'utf8'))).toBeInstanceOf(Object);
    expect(scenario.records()).toHaveLength(2);
  });
});
