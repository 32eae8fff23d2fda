// The built GitHub and Azure bundles, run as the runners run them, against the stand-in buildctl
// and docker that replay recorded build output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive, makeScenario, type StandinAttempt } from '../helpers/standin.js';
import { AzureJob, GithubJob, ROOT } from './runners.js';

const METADATA = {
  'containerimage.digest':
    'sha256:5b0cd3b1a8c6e0f7d9e2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6',
  'containerimage.config.digest':
    'sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
  'image.name': 'docker.io/library/myapp:test',
};
const LOCK: StandinAttempt = { replay: 'lock-activate-layer.log', exitCode: 1 };
const SUCCESS: StandinAttempt = { replay: 'success.log', exitCode: 0, metadata: METADATA };
const PERMANENT: StandinAttempt = { replay: 'run-exit-code.log', exitCode: 1 };

/** A build context with a Dockerfile, and the inputs every test shares. */
function project(attempts: StandinAttempt[], extraEnv: NodeJS.ProcessEnv = {}) {
  const scenario = makeScenario(attempts, { secretEnv: 'MY_TOKEN' });
  const context = path.join(scenario.dir, 'app');
  fs.mkdirSync(context);
  fs.writeFileSync(
    path.join(context, 'Dockerfile'),
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
  );
  const inputs = {
    context,
    tags: 'myapp:test',
    'retry-delay': '0',
    'build-spacing': '0',
    'state-dir': path.join(scenario.dir, 'state'),
    diagnostics: 'never',
  };
  return { scenario, context, inputs, env: { ...scenario.env, ...extraEnv } };
}

function camel(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [
      key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}

describe('GitHub bundle', () => {
  it('retries a lock error and succeeds, with outputs, an annotation and a summary table', async () => {
    const { scenario, inputs, env } = project([LOCK, SUCCESS]);
    const job = new GithubJob(inputs, env);
    const main = await job.main();

    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({
      result: 'success',
      attempts: '2',
      'lock-retries': '1',
      'failure-class': '',
      digest: METADATA['containerimage.digest'],
      'image-id': METADATA['containerimage.config.digest'],
    });
    expect(JSON.parse(main.outputs.metadata)).toEqual(METADATA);
    const warnings = main.commands.filter((command) => command.command === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(
      /Attempt 1 of 3 failed with a lock error \(rule [a-z0-9-]+\)/,
    );
    expect(scenario.records().map((record) => record.attempt)).toEqual([1, 2]);
    expect(job.summaryText()).toMatch(/\| 1 \| exit 1 \| lock \|/);
    expect(job.summaryText()).toMatch(/\| 2 \| success \|/);
    expect(main.stdout).toContain('hcsshim::ActivateLayer failed in Win32');
  });

  it('fails at once on a permanent error, with the tool error lines in the message', async () => {
    const { scenario, inputs, env } = project([PERMANENT, SUCCESS]);
    const main = await new GithubJob(inputs, env).main();

    expect(main.code).toBe(1);
    expect(scenario.records()).toHaveLength(1);
    expect(main.outputs).toMatchObject({
      result: 'failure',
      attempts: '1',
      'failure-class': 'permanent',
    });
    const errors = main.commands.filter((command) => command.command === 'error');
    expect(errors).toHaveLength(1);
    expect(decodeURIComponent(errors[0].message)).toMatch(
      /permanent error.*did not complete successfully: exit code: 1/s,
    );
  });

  it('stops at max-attempts when the lock never clears', async () => {
    const { scenario, inputs, env } = project([LOCK]);
    const main = await new GithubJob({ ...inputs, 'max-attempts': '2' }, env).main();

    expect(main.code).toBe(1);
    expect(scenario.records()).toHaveLength(2);
    expect(main.outputs).toMatchObject({
      result: 'failure',
      attempts: '2',
      'failure-class': 'lock',
      'lock-retries': '1',
    });
    const error = main.commands.find((command) => command.command === 'error');
    expect(decodeURIComponent(error?.message ?? '')).toMatch(
      /max-attempts \(2\) reached.*used by another process/s,
    );
  });

  it('kills a build that runs past attempt-timeout, with its whole process tree', async () => {
    const { scenario, inputs, env } = project([{ hang: true, grandchild: true }]);
    const main = await new GithubJob({ ...inputs, 'attempt-timeout': '0.02' }, env).main();

    expect(main.code).toBe(1);
    expect(main.outputs['failure-class']).toBe('timeout');
    const [grandchild] = scenario.grandchildren();
    for (let i = 0; i < 50 && isAlive(grandchild); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isAlive(grandchild)).toBe(false);
  });

  it.each([
    [
      'max-attempts',
      'three',
      /Input max-attempts: 'three' is not accepted; expected a whole number from 1 to 10/,
    ],
    [
      'retry-delay',
      '-5',
      /Input retry-delay: '-5' is not accepted; expected a number from 0 to 3600/,
    ],
    [
      'retry-on',
      'lock,sometimes',
      /Input retry-on: 'sometimes' is not accepted; expected a list of lock, transient, unknown, timeout, or none/,
    ],
    [
      'builder',
      'kaniko',
      /Input builder: 'kaniko' is not accepted; expected one of buildctl, buildx/,
    ],
    [
      'build-args',
      'VERSION',
      /Input build-args: 'VERSION' is not accepted; expected one KEY=VALUE per line/,
    ],
  ])('refuses %s=%s before anything runs', async (name, value, message) => {
    const { scenario, inputs, env } = project([SUCCESS]);
    const main = await new GithubJob({ ...inputs, [name]: value }, env).main();

    expect(main.code).toBe(1);
    const errors = main.commands.filter((command) => command.command === 'error');
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(message)]);
    expect(main.stdout + main.stderr).not.toMatch(/\n\s+at /);
    expect(scenario.records()).toHaveLength(0);
    expect(fs.existsSync(inputs['state-dir'])).toBe(false);
  });

  it('keeps forged runner commands in the build output inert', async () => {
    const { inputs, env } = project([
      { replay: 'forged-commands.log', exitCode: 0, metadata: METADATA },
    ]);
    const main = await new GithubJob(inputs, env).main();

    expect(main.code).toBe(0);
    expect(main.stdout).toContain('::error::forged by the build');
    expect(main.commands.filter((command) => /forged|hacked/.test(command.message))).toEqual([]);
    expect(main.outputs.result).toBe('success');
  });

  it('passes every value as its own argument and masks secret values', async () => {
    const { scenario, context, inputs, env } = project([SUCCESS], {
      MY_TOKEN: 's3cr3t-t0ken-value',
    });
    const main = await new GithubJob(
      {
        ...inputs,
        tags: 'myapp:test, reg.example/myapp:1',
        'build-args': 'GREETING=hello world; echo $HOME\nEMPTY=',
        secrets: 'id=token,env=MY_TOKEN',
        target: 'final',
      },
      env,
    ).main();

    expect(main.code).toBe(0);
    const [record] = scenario.records();
    expect(record.args).toEqual([
      '--addr',
      'unix:///run/buildkit/buildkitd.sock',
      'build',
      '--progress',
      'plain',
      '--frontend',
      'dockerfile.v0',
      '--local',
      `context=${context}`,
      '--local',
      `dockerfile=${context}`,
      '--opt',
      'filename=Dockerfile',
      '--opt',
      'target=final',
      '--opt',
      'build-arg:GREETING=hello world; echo $HOME',
      '--opt',
      'build-arg:EMPTY=',
      '--secret',
      'id=token,env=MY_TOKEN',
      '--output',
      'type=image,"name=myapp:test,reg.example/myapp:1",push=false',
      '--metadata-file',
      expect.stringMatching(/metadata-1\.json$/),
    ]);
    expect(record.secretEnv).toBe('s3cr3t-t0ken-value');
    expect(main.commands).toContainEqual({
      command: 'add-mask',
      properties: '',
      message: 's3cr3t-t0ken-value',
    });
    expect(JSON.stringify(record.args)).not.toContain('s3cr3t');
  });

  it.each([
    ['success', SUCCESS, 0],
    ['failure', PERMANENT, 1],
  ])(
    'gives registry credentials to the tool only through a private Docker config, removed after %s',
    async (_name, attempt, code) => {
      const { scenario, inputs, env } = project([attempt]);
      const password = 'ghp_p4ssw0rd-for-the-registry';
      const job = new GithubJob(
        { ...inputs, registry: 'ghcr.io', username: 'octo', password },
        env,
      );
      const main = await job.main();

      expect(main.code).toBe(code);
      const [record] = scenario.records();
      const auth = Buffer.from(`octo:${password}`).toString('base64');
      expect(record.dockerConfig).toMatchObject({ auths: { 'ghcr.io': { auth } } });
      expect(JSON.stringify(record.args)).not.toContain(password);
      // The runner consumes ::add-mask:: lines; nothing else may show the credentials.
      const shown = (main.stdout + main.stderr)
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'));
      expect(shown.join('\n')).not.toContain(auth);
      expect(shown.join('\n')).not.toContain(password);
      expect(main.commands).toContainEqual({
        command: 'add-mask',
        properties: '',
        message: password,
      });
      const configDirs = fs
        .readdirSync(main.state['wcow-work-dir'])
        .filter((name) => name.startsWith('wcow-build-docker-'));
      expect(configDirs).toEqual([]);
      const post = await job.post(main.state);
      expect(post.code).toBe(0);
    },
  );

  it('keeps a secret the build printed out of the failure message and the job summary', async () => {
    const secret = 'tok-8c1f0e5a-quite-secret';
    const { inputs, env } = project([{ replay: 'run-prints-secret.log', exitCode: 1 }], {
      MY_TOKEN: secret,
    });
    const job = new GithubJob({ ...inputs, secrets: 'id=tok,env=MY_TOKEN' }, env);
    const main = await job.main();

    expect(main.code).toBe(1);
    const error = main.commands.find((command) => command.command === 'error');
    expect(error?.message).toMatch(/did not complete successfully/);
    expect(error?.message).not.toContain(secret);
    expect(job.summaryText()).toMatch(/exit code: 22/);
    expect(job.summaryText()).not.toContain(secret);
  });

  it('post step after a successful main has nothing to rescue and never fails', async () => {
    const { inputs, env } = project([SUCCESS]);
    const job = new GithubJob(inputs, env);
    const main = await job.main();
    const post = await job.post(main.state);
    expect(post.code).toBe(0);
    expect(post.commands.filter((command) => command.command === 'error')).toEqual([]);
  });
});

describe('Azure bundle', () => {
  it('retries a lock error and sets camelCase output variables', async () => {
    const { inputs, env } = project([LOCK, SUCCESS]);
    const result = await new AzureJob(camel(inputs), env).task();

    expect(result.code).toBe(0);
    expect(result.taskResult).toBe('Succeeded');
    expect(result.outputs).toMatchObject({
      result: 'success',
      attempts: '2',
      lockRetries: '1',
      failureClass: '',
      digest: METADATA['containerimage.digest'],
    });
    const warnings = result.commands.filter(
      (command) => command.area === 'task.issue' && command.properties.type === 'warning',
    );
    expect(warnings.map((warning) => warning.data)).toEqual([
      expect.stringMatching(/Attempt 1 of 3 failed with a lock error/),
    ]);
    expect(result.commands.some((command) => command.area === 'task.uploadsummary')).toBe(true);
  });

  it('fails the task with the tool error lines on a permanent error', async () => {
    const { inputs, env } = project([PERMANENT]);
    const result = await new AzureJob(camel(inputs), env).task();

    expect(result.taskResult).toBe('Failed');
    expect(result.completeMessage).toMatch(
      /permanent error.*did not complete successfully: exit code: 1/s,
    );
    expect(result.outputs.failureClass).toBe('permanent');
  });

  it('names the camelCase input in a bad-input error', async () => {
    const { scenario, inputs, env } = project([SUCCESS]);
    const result = await new AzureJob({ ...camel(inputs), maxAttempts: '0' }, env).task();

    expect(result.taskResult).toBe('Failed');
    expect(result.completeMessage).toMatch(
      /Input maxAttempts: '0' is not accepted; expected a whole number from 1 to 10/,
    );
    expect(scenario.records()).toHaveLength(0);
  });

  it('keeps forged ##vso commands in the build output inert', async () => {
    const { inputs, env } = project([
      { replay: 'forged-commands.log', exitCode: 0, metadata: METADATA },
    ]);
    const result = await new AzureJob(camel(inputs), env).task();

    expect(result.taskResult).toBe('Succeeded');
    expect(result.stdout).toContain('## vso[task.setvariable variable=result;isOutput=true]hacked');
    expect(result.commands.filter((command) => /forged|hacked/.test(command.data))).toEqual([]);
    expect(result.outputs.result).toBe('success');
  });

  it('logs in with a Docker registry service connection through a private config only', async () => {
    const { scenario, inputs, env } = project([SUCCESS], {
      ENDPOINT_AUTH_PARAMETER_ACR1_USERNAME: 'acr-user',
      ENDPOINT_AUTH_PARAMETER_ACR1_PASSWORD: 'acr-p4ss-from-connection',
      ENDPOINT_AUTH_PARAMETER_ACR1_REGISTRY: 'https://myregistry.azurecr.io',
    });
    const result = await new AzureJob({ ...camel(inputs), containerRegistry: 'acr1' }, env).task();

    expect(result.taskResult).toBe('Succeeded');
    const [record] = scenario.records();
    const auth = Buffer.from('acr-user:acr-p4ss-from-connection').toString('base64');
    expect(record.dockerConfig).toMatchObject({ auths: { 'myregistry.azurecr.io': { auth } } });
    expect(JSON.stringify(record.args)).not.toContain('acr-p4ss');
    const masked = result.commands
      .filter((command) => command.area === 'task.setsecret')
      .map((c) => c.data);
    expect(masked).toEqual(expect.arrayContaining(['acr-p4ss-from-connection', auth]));
  });

  it('carries its state to the post-job step through task variables, which never fails', async () => {
    const { inputs, env } = project([PERMANENT]);
    const job = new AzureJob(camel(inputs), env);
    const task = await job.task();
    expect(task.taskResult).toBe('Failed');
    expect(task.taskVariables['wcow-work-dir']).toBeTruthy();
    expect(task.taskVariables['wcow-finished']).toBe('true');

    const post = await job.post(task.taskVariables);
    expect(post.code).toBe(0);
    expect(post.taskResult).toBe('Succeeded');
    expect(post.commands.filter((command) => command.properties.type === 'error')).toEqual([]);
  });

  it('never loads task-lib side effects into the GitHub bundle', () => {
    const github = fs.readFileSync(path.join(ROOT, 'dist/github/main/index.js'), 'utf8');
    expect(github).not.toContain('.taskkey');
    expect(github).not.toContain('azure-pipelines-task-lib');
  });
});
