// The built command line, dist/cli/index.js, run as a user runs it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeScenario } from '../helpers/standin.js';
import { startReleaseServer } from '../windows/helpers/release-server.js';
import { ROOT } from './runners.js';

const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');
const REPLAY = path.join(ROOT, '__tests__', 'fixtures', 'replay');

function cli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('wcow-build classify', () => {
  it('prints one JSON verdict for a lock log, with the locked path', async () => {
    const result = await cli(['classify', path.join(REPLAY, 'lock-activate-layer.log')]);
    expect(result.code).toBe(0);
    const verdict = JSON.parse(result.stdout);
    expect(verdict).toMatchObject({ class: 'lock', rule: expect.any(String) });
    expect(verdict.evidence).toMatch(/being used by another process/);
    expect(verdict.lockedPaths[0]).toMatch(/snapshots\\4$/);
  });

  it('reads standard input and applies --fatal-patterns', async () => {
    const log = fs.readFileSync(path.join(REPLAY, 'lock-activate-layer.log'), 'utf8');
    const result = await cli(['classify', '-', '--fatal-patterns', 'ActivateLayer'], {
      input: log,
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      class: 'permanent',
      rule: 'user-fatal-pattern',
    });
  });

  it('calls a failing RUN step permanent', async () => {
    const result = await cli(['classify', path.join(REPLAY, 'run-exit-code.log')]);
    expect(JSON.parse(result.stdout).class).toBe('permanent');
  });

  it('refuses an unknown option with exit code 2 and says what is accepted', async () => {
    const result = await cli(['classify', '--colour', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option --colour\. Accepted: .*--retry-patterns/);
    expect(result.stdout).toBe('');
  });
});

describe('wcow-build build', () => {
  it('retries a lock error and prints the outputs as JSON', async () => {
    const scenario = makeScenario([
      { replay: 'lock-activate-layer.log', exitCode: 1 },
      { replay: 'success.log', exitCode: 0, metadata: { 'containerimage.digest': 'sha256:abc' } },
    ]);
    const context = path.join(scenario.dir, 'app');
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM x\n');
    const result = await cli(
      [
        'build',
        '--context',
        context,
        '--tags',
        'a:1',
        '--tags',
        'b:2',
        '--retry-delay',
        '0',
        '--build-spacing',
        '0',
        '--state-dir',
        path.join(scenario.dir, 'state'),
        '--diagnostics',
        'never',
      ],
      { env: scenario.env },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      result: 'success',
      attempts: '2',
      'lock-retries': '1',
      digest: 'sha256:abc',
    });
    expect(result.stderr).toMatch(/warning: Attempt 1 of 3 failed with a lock error/);
    expect(scenario.records()[1].args).toContain('type=image,"name=a:1,b:2",push=false');
  });

  it('takes the registry password from WCOW_BUILD_PASSWORD, never from a flag', async () => {
    const scenario = makeScenario([{ replay: 'success.log', exitCode: 0, metadata: {} }]);
    const context = path.join(scenario.dir, 'app');
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM x\n');
    const common = [
      'build',
      '--context',
      context,
      '--tags',
      'ghcr.io/o/a:1',
      '--build-spacing',
      '0',
    ];
    const state = ['--state-dir', path.join(scenario.dir, 'state'), '--diagnostics', 'never'];

    const refused = await cli([...common, ...state, '--password', 'on-the-command-line']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Unknown option --password/);

    const env = { ...scenario.env, WCOW_BUILD_PASSWORD: 'from-the-environment' };
    const result = await cli([...common, ...state, '--registry', 'ghcr.io', '--username', 'u'], {
      env,
    });
    expect(result.code).toBe(0);
    const auth = Buffer.from('u:from-the-environment').toString('base64');
    expect(scenario.records()[0].dockerConfig).toMatchObject({ auths: { 'ghcr.io': { auth } } });
  });

  it('exits 1 with the input named for a bad value', async () => {
    const result = await cli(['build', '--max-attempts', 'many']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Input max-attempts: 'many' is not accepted; expected a whole number from 1 to 10/,
    );
  });
});

describe('wcow-build setup --plan', () => {
  it('plans a fresh Windows host: downloads with checksums, services with log files, exclusions', async () => {
    const server = await startReleaseServer();
    const digest = 'a'.repeat(64);
    const buildkitDigest = 'b'.repeat(64);
    server.set(
      '/containerd/containerd/releases/download/v2.1.4/containerd-2.1.4-windows-amd64.tar.gz.sha256sum',
      `${digest}  containerd-2.1.4-windows-amd64.tar.gz\n`,
    );
    server.set(
      '/moby/buildkit/releases/download/v0.23.2/buildkit-v0.23.2.windows-amd64.sbom.json',
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v0.1',
        subject: [
          { name: 'buildkit-v0.23.2.windows-amd64.tar.gz', digest: { sha256: buildkitDigest } },
        ],
      }),
    );
    try {
      const result = await cli(['setup', '--plan', '--os', 'windows'], {
        env: { WCOW_BUILD_RELEASES_URL: server.baseUrl },
      });
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.stdout);
      const downloads = Object.fromEntries(
        plan.downloads.map((d: { tool: string; sha256: string }) => [d.tool, d.sha256]),
      );
      expect(downloads).toMatchObject({
        containerd: digest,
        buildkit: buildkitDigest,
        cni: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      for (const service of plan.services)
        expect(service.serviceCommandLine).toMatch(/--log-file \S+\.log/);
      // Full paths: Defender then excludes these executables, not any process of the same name.
      expect(plan.exclusions.processes.map((file: string) => file.split('\\').pop())).toEqual(
        expect.arrayContaining([
          'containerd.exe',
          'containerd-shim-runhcs-v1.exe',
          'buildkitd.exe',
          'buildctl.exe',
        ]),
      );
      expect(plan.exclusions.paths.length).toBeGreaterThan(2);
    } finally {
      await server.close();
    }
  });
});
