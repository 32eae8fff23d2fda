// The diagnostics bundle end to end: the built GitHub and Azure bundles run a failing stand-in
// build, collect the bundle through the stand-in tools, and attach it — on GitHub to a loopback
// stand-in of the artifact service, on Azure through the artifact.upload logging command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type ArtifactService,
  runtimeToken,
  startArtifactService,
} from '../helpers/artifact-service.js';
import {
  isAlive,
  makeScenario,
  type StandinAttempt,
  type StandinCommand,
} from '../helpers/standin.js';
import { AzureJob, GithubJob, ROOT } from './runners.js';

const REPLAY = path.join(ROOT, '__tests__', 'fixtures', 'replay');
const LOCK: StandinAttempt = { replay: 'lock-activate-layer.log', exitCode: 1 };
const SUCCESS: StandinAttempt = {
  replay: 'success.log',
  exitCode: 0,
  metadata: { 'containerimage.digest': `sha256:${'ab'.repeat(32)}` },
};
/** The build's own failure, as the step must report it whatever happens to the diagnostics. */
const BUILD_FAILURE = /max-attempts \(2\) reached.*used by another process/s;
/** Long and unlike anything else in the bundle, so that any copy of it is found. */
const SECRET = 'wcow-Pl4nted-S3cret-9c1f7e2b';
const REPOSITORY = 'octo-org/windows-images';

/** A build context and the inputs every test shares; diagnostics keep the manifest default. */
function project(
  attempts: StandinAttempt[],
  options: { commands?: Record<string, StandinCommand>; env?: NodeJS.ProcessEnv } = {},
) {
  const scenario = makeScenario(attempts, { secretEnv: 'MY_TOKEN', commands: options.commands });
  const context = path.join(scenario.dir, 'app');
  fs.mkdirSync(context);
  fs.writeFileSync(
    path.join(context, 'Dockerfile'),
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
  );
  const inputs: Record<string, string> = {
    context,
    tags: 'myapp:test',
    'max-attempts': '2',
    'retry-delay': '0',
    'build-spacing': '0',
    'state-dir': path.join(scenario.dir, 'state'),
  };
  return { scenario, inputs, env: { ...scenario.env, ...options.env } };
}

/** The environment a GitHub job with an artifact service gives its steps. */
function artifactEnv(service: ArtifactService): NodeJS.ProcessEnv {
  return {
    ACTIONS_RUNTIME_TOKEN: runtimeToken(),
    ACTIONS_RESULTS_URL: service.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: REPOSITORY,
  };
}

function camel(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [
      key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}

/** Every file under `folder` by its path relative to it (forward slashes). */
function readTree(folder: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory())
      for (const [sub, data] of readTree(full, `${name}/`)) files.set(sub, data);
    else files.set(name, fs.readFileSync(full));
  }
  return files;
}

/** The bundle folders in a step's work folder. */
function bundlesIn(workDir: string): string[] {
  return fs
    .readdirSync(workDir)
    .filter((name) => name.startsWith('wcow-diagnostics-'))
    .map((name) => path.join(workDir, name));
}

interface ManifestView {
  reason: string;
  collectors: Array<{
    id: string;
    status: string;
    limitMs: number;
    reason?: string;
    files: string[];
  }>;
  files: Array<{ path: string; bytes: number }>;
  redaction: { replacements: number };
  highlights: string[];
}

function readManifest(files: Map<string, Buffer>): ManifestView {
  return JSON.parse(files.get('manifest.json')!.toString('utf8')) as ManifestView;
}

/** The forms in which a secret could be found in a file. */
function leakForms(secret: string): Array<[string, Buffer]> {
  return [
    ['utf-8', Buffer.from(secret, 'utf8')],
    ['utf-16', Buffer.from(secret, 'utf16le')],
    ['base64', Buffer.from(Buffer.from(secret).toString('base64'))],
  ];
}

function leaksIn(files: Map<string, Buffer>, secret: string): string[] {
  const leaks: string[] = [];
  for (const [name, data] of files) {
    for (const [form, needle] of leakForms(secret)) {
      if (data.includes(needle)) leaks.push(`${name} (${form})`);
    }
  }
  return leaks;
}

function errorsOf(main: { commands: Array<{ command: string; message: string }> }): string[] {
  return main.commands
    .filter((command) => command.command === 'error')
    .map((command) => decodeURIComponent(command.message));
}

function warningsOf(main: { commands: Array<{ command: string; message: string }> }): string[] {
  return main.commands
    .filter((command) => command.command === 'warning')
    .map((command) => decodeURIComponent(command.message));
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitUntilDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 20));
  return !isAlive(pid);
}

describe('GitHub bundle: diagnostics', () => {
  let service: ArtifactService;

  beforeEach(async () => {
    service = await startArtifactService();
  });

  afterEach(async () => {
    await service.close();
  });

  it('fails for the build, and attaches a bundle whose zip equals the folder', async () => {
    const { scenario, inputs, env } = project([LOCK]);
    const job = new GithubJob(inputs, { ...env, ...artifactEnv(service) });
    const main = await job.main();

    expect(main.code).toBe(1);
    expect(errorsOf(main)).toEqual([expect.stringMatching(BUILD_FAILURE)]);
    // The collectors called the tools too; only the builds were attempts.
    expect(scenario.records().map((record) => record.attempt)).toEqual([1, 2]);
    const helperCalls = scenario.commands().map((call) => [call.tool, ...call.args].join(' '));
    expect(helperCalls).toEqual(
      expect.arrayContaining([
        'buildctl --version',
        'docker buildx version',
        'buildctl --addr unix:///run/buildkit/buildkitd.sock debug workers --verbose',
        'buildctl --addr unix:///run/buildkit/buildkitd.sock du --verbose',
      ]),
    );

    const folder = main.outputs['diagnostics-path'];
    expect(path.dirname(folder)).toBe(main.state['wcow-work-dir']);
    const files = readTree(folder);
    expect([...files.keys()].sort()).toEqual([
      'attempt-1.log',
      'attempt-2.log',
      'buildkit/disk-usage.txt',
      'buildkit/workers.txt',
      'disk.json',
      'disk.txt',
      'manifest.json',
      'settings.json',
      'timeline.json',
      'versions.json',
    ]);
    const replay = fs.readFileSync(path.join(REPLAY, 'lock-activate-layer.log'));
    expect(files.get('attempt-1.log')!.equals(replay)).toBe(true);
    expect(files.get('attempt-2.log')!.equals(replay)).toBe(true);
    const timeline = JSON.parse(files.get('timeline.json')!.toString()) as object[];
    expect(timeline).toEqual([
      expect.objectContaining({ attempt: 1, exitCode: 1, class: 'lock', log: 'attempt-1.log' }),
      expect.objectContaining({ attempt: 2, exitCode: 1, class: 'lock', log: 'attempt-2.log' }),
    ]);
    const settings = JSON.parse(files.get('settings.json')!.toString()) as Record<string, unknown>;
    expect(settings).toMatchObject({ maxAttempts: 2, context: inputs.context });
    const versions = JSON.parse(files.get('versions.json')!.toString()) as {
      tools: Record<string, { version?: string; error?: string }>;
    };
    expect(versions.tools.buildctl.version).toMatch(
      /^buildctl github.com\/moby\/buildkit v0\.23\.2/,
    );
    expect(versions.tools.buildx.version).toMatch(/^github.com\/docker\/buildx v/);
    expect(versions.tools.containerd.error).toMatch(/ENOENT/);
    expect(files.get('buildkit/workers.txt')!.toString()).toContain('Platforms:\twindows/amd64');

    const manifest = readManifest(files);
    expect(manifest.reason).toBe('failure');
    const status = Object.fromEntries(manifest.collectors.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      timeline: 'ok',
      settings: 'ok',
      versions: 'ok',
      buildkit: 'ok',
      disk: 'ok',
      'build-logs': 'ok',
      defender: 'skipped',
      'event-logs': 'skipped',
    });
    const listed = manifest.files.map((file) => file.path).sort();
    expect(listed).toEqual([...files.keys()].filter((name) => name !== 'manifest.json').sort());
    for (const file of manifest.files) expect(files.get(file.path)!.length).toBe(file.bytes);

    const name = main.outputs['diagnostics-artifact'];
    expect(name).toMatch(/^wcow-diagnostics-4242-image-[0-9a-f]{6}-1$/);
    expect(service.recorded.create).toMatchObject({ name, mime_type: 'application/zip' });
    expect(service.recorded.finalize).toMatchObject({ name });
    const uploaded = service.uploadedFiles();
    expect([...uploaded.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [file, data] of files) expect(uploaded.get(file)!.equals(data)).toBe(true);

    const summary = job.summaryText();
    expect(summary).toContain(
      `[${name}](https://github.com/${REPOSITORY}/actions/runs/4242/artifacts/4242)`,
    );
    expect(summary).toContain('**Most likely explanations**');
    expect(manifest.highlights.length).toBeGreaterThan(0);
    expect(manifest.highlights[0]).toMatch(/Attempt 2 failed \(lock, rule `[a-z0-9-]+`\)/);
    for (const highlight of manifest.highlights) {
      expect(summary).toContain(
        highlight.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
    }
  });

  it('lets a secret printed by the build and by a collector into no file and no upload', async () => {
    const { scenario, inputs, env } = project([{ ...LOCK, echoEnv: 'MY_TOKEN' }], {
      commands: { du: { echoEnv: 'MY_TOKEN', stdout: 'Total:\t\t309.5MB\n' } },
      env: { MY_TOKEN: SECRET },
    });
    const job = new GithubJob(
      { ...inputs, secrets: 'id=tok,env=MY_TOKEN' },
      { ...env, ...artifactEnv(service) },
    );
    const main = await job.main();

    expect(main.code).toBe(1);
    expect(errorsOf(main)).toEqual([expect.stringMatching(BUILD_FAILURE)]);
    // The secret reached the build, and the build printed it into its raw log.
    const records = scenario.records();
    expect(records.map((record) => record.secretEnv)).toEqual([SECRET, SECRET]);
    expect(records[0].args).toEqual(expect.arrayContaining(['--secret', 'id=tok,env=MY_TOKEN']));
    const workDir = main.state['wcow-work-dir'];
    expect(fs.readFileSync(path.join(workDir, 'attempt-1.log'), 'utf8')).toContain(SECRET);
    expect(main.commands).toContainEqual({ command: 'add-mask', properties: '', message: SECRET });

    const folder = main.outputs['diagnostics-path'];
    const files = readTree(folder);
    expect(files.get('attempt-1.log')!.toString()).toContain('#5 0.731 MY_TOKEN=***');
    expect(files.get('buildkit/disk-usage.txt')!.toString()).toContain('MY_TOKEN=***');
    expect(leaksIn(files, SECRET)).toEqual([]);
    expect(readManifest(files).redaction.replacements).toBeGreaterThanOrEqual(3);

    const uploaded = service.uploadedFiles();
    expect([...uploaded.keys()].sort()).toEqual([...files.keys()].sort());
    expect(leaksIn(uploaded, SECRET)).toEqual([]);
    expect(service.recorded.blob!.includes(Buffer.from(SECRET))).toBe(false);
    expect(job.summaryText()).not.toContain(SECRET);
  });

  it('cuts off a collector that hangs, records it, and still fails for the build', async () => {
    const { scenario, inputs, env } = project([LOCK], {
      commands: { 'debug workers': { hang: true } },
      env: { WCOW_BUILD_COLLECTOR_TIMEOUT_MS: '1500' },
    });
    const job = new GithubJob(inputs, { ...env, ...artifactEnv(service) });
    const started = Date.now();
    const main = await job.main();
    const tookMs = Date.now() - started;

    expect(main.code).toBe(1);
    expect(errorsOf(main)).toEqual([expect.stringMatching(BUILD_FAILURE)]);
    expect(tookMs).toBeLessThan(15_000);
    const files = readTree(main.outputs['diagnostics-path']);
    const buildkit = readManifest(files).collectors.find(
      (collector) => collector.id === 'buildkit',
    );
    expect(buildkit).toMatchObject({ status: 'timed-out', limitMs: 1500 });
    expect(buildkit?.reason).toMatch(/did not finish within its 1500 ms limit/);
    expect(files.has('buildkit/workers.txt')).toBe(false);
    expect(files.has('attempt-2.log')).toBe(true);
    expect(main.outputs['diagnostics-artifact']).toBe(service.recorded.finalize?.name);
    expect(job.summaryText()).toContain('incomplete: buildkit timed-out');
    const hung = scenario.commands().find((call) => call.key === 'debug workers');
    expect(hung).toBeDefined();
    expect(await waitUntilDead(hung!.pid)).toBe(true);
  });

  it.each([
    ['no runtime token', false],
    ['a full artifact quota', true],
  ])(
    'keeps the bundle and fails for the build when the upload fails (%s)',
    async (_what, quota) => {
      const { inputs, env } = project([LOCK]);
      const full = await startArtifactService({
        createStatus: 403,
        createBody: { code: 'permission_denied', msg: 'insufficient usage to create artifact' },
      });
      try {
        const jobEnv = quota ? { ...env, ...artifactEnv(full) } : env;
        const main = await new GithubJob(inputs, jobEnv).main();

        expect(main.code).toBe(1);
        expect(errorsOf(main)).toEqual([expect.stringMatching(BUILD_FAILURE)]);
        const folder = main.outputs['diagnostics-path'];
        expect(fs.existsSync(path.join(folder, 'manifest.json'))).toBe(true);
        expect(main.outputs['diagnostics-artifact']).toBeUndefined();
        const warning = warningsOf(main).find((text) => text.includes('diagnostics artifact'));
        expect(warning).toContain(`The bundle is kept at ${folder}.`);
        expect(warning).toMatch(quota ? /quota/ : /ACTIONS_RUNTIME_TOKEN/);
        expect(full.recorded.create === undefined).toBe(!quota);
        expect(full.recorded.finalize).toBeUndefined();
      } finally {
        await full.close();
      }
    },
  );

  it('collects in the post step when the job is cancelled during a build', async () => {
    const { scenario, inputs, env } = project([{ ...LOCK, hang: true }]);
    const job = new GithubJob(inputs, { ...env, ...artifactEnv(service) });
    const running = job.main();
    const build = await waitFor(() => scenario.started()[0], 'the build to start');
    // The build's parent is the main step's node process: cancel it as the runner does.
    const cmdline = fs.readFileSync(`/proc/${build.ppid}/cmdline`, 'utf8');
    expect(cmdline).toContain(path.join('dist', 'github', 'main', 'index.js'));
    process.kill(build.ppid, 'SIGINT');
    const main = await running;

    expect(await waitUntilDead(build.pid)).toBe(true);
    expect(main.code).toBe(1);
    expect(errorsOf(main)).toEqual([expect.stringMatching(/cancelled/)]);

    const post = await job.post(main.state);
    expect(post.code).toBe(0);
    expect(errorsOf(post)).toEqual([]);
    const folder = bundlesIn(main.state['wcow-work-dir']);
    expect(folder).toHaveLength(1);
    const files = readTree(folder[0]);
    expect(readManifest(files).reason).toBe('cancelled');
    expect(files.get('attempt-1.log')!.toString()).toContain('hcsshim::ActivateLayer failed');
    expect(service.uploadedFiles().get('manifest.json')).toEqual(files.get('manifest.json'));
  });

  it('makes no bundle with diagnostics: never', async () => {
    const { inputs, env } = project([LOCK]);
    const main = await new GithubJob(
      { ...inputs, diagnostics: 'never' },
      { ...env, ...artifactEnv(service) },
    ).main();

    expect(main.code).toBe(1);
    expect(errorsOf(main)).toEqual([expect.stringMatching(BUILD_FAILURE)]);
    expect(main.outputs['diagnostics-path']).toBeUndefined();
    expect(bundlesIn(main.state['wcow-work-dir'])).toEqual([]);
    expect(service.recorded.create).toBeUndefined();
  });

  it('attaches a bundle to a successful build with diagnostics: always', async () => {
    const { inputs, env } = project([SUCCESS]);
    const job = new GithubJob(
      { ...inputs, diagnostics: 'always' },
      { ...env, ...artifactEnv(service) },
    );
    const main = await job.main();

    expect(main.code).toBe(0);
    expect(errorsOf(main)).toEqual([]);
    expect(main.outputs.result).toBe('success');
    const files = readTree(main.outputs['diagnostics-path']);
    expect(readManifest(files).reason).toBe('always');
    expect(
      files.get('attempt-1.log')!.equals(fs.readFileSync(path.join(REPLAY, 'success.log'))),
    ).toBe(true);
    expect(main.outputs['diagnostics-artifact']).toBe(service.recorded.finalize?.name);
    expect([...service.uploadedFiles().keys()].sort()).toEqual([...files.keys()].sort());
    const post = await job.post(main.state);
    expect(post.code).toBe(0);
    expect(bundlesIn(main.state['wcow-work-dir'])).toHaveLength(1);
  });
});

describe('Azure bundle: diagnostics', () => {
  it('publishes the bundle folder with artifact.upload and fails for the build', async () => {
    const { scenario, inputs, env } = project([LOCK]);
    const result = await new AzureJob(camel(inputs), env).task();

    expect(result.taskResult).toBe('Failed');
    expect(result.completeMessage).toMatch(BUILD_FAILURE);
    expect(scenario.records()).toHaveLength(2);
    const folder = result.outputs.diagnosticsPath;
    expect(folder).toMatch(/wcow-diagnostics-/);
    const uploads = result.commands.filter((command) => command.area === 'artifact.upload');
    expect(uploads).toHaveLength(1);
    expect(uploads[0].properties.artifactname).toMatch(/^wcow-diagnostics-77-image-1$/);
    expect(uploads[0].properties.containerfolder).toBe(uploads[0].properties.artifactname);
    expect(uploads[0].data).toBe(folder);
    expect(result.outputs.diagnosticsArtifact).toBe(uploads[0].properties.artifactname);
    const files = readTree(folder);
    expect(readManifest(files).reason).toBe('failure');
    expect(files.get('attempt-2.log')!.toString()).toContain('hcsshim::ActivateLayer failed');
    expect([...files.keys()]).toEqual(expect.arrayContaining(['timeline.json', 'settings.json']));
    expect(result.commands.some((command) => command.area === 'task.uploadsummary')).toBe(true);
  });
});
