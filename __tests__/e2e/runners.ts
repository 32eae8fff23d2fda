// Runs the built bundles the way the GitHub runner and the Azure Pipelines agent do: inputs as
// INPUT_* variables with the manifest defaults, outputs and state through the runner's files or
// the agent's ##vso commands, and stdout read line by line as the runner reads it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A started bundle process: its pid, and a promise of how it ended. */
export interface StartedProcess {
  readonly pid: number;
  readonly done: Promise<ProcessResult>;
}

/**
 * Starts node on a bundle in a process group of its own (as a runner's job does), so a test can
 * kill the step with everything it started.
 */
export function startNode(script: string, env: NodeJS.ProcessEnv, cwd = ROOT): StartedProcess {
  const child = spawn(process.execPath, [script], {
    env,
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<ProcessResult>((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    ),
  );
  return { pid: child.pid ?? -1, done };
}

/** Runs node on a bundle and collects its output. */
export function runNode(
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
  cwd = ROOT,
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** The environment a runner starts a step with: no inherited INPUT_/STATE_/GITHUB_ noise. */
function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_|AGENT_|SYSTEM_|BUILD_|VSTS_)/.test(key))
      env[key] = value;
  }
  return { ...env, ...extra };
}

/** A workflow command as the GitHub runner would act on it. */
export interface GithubCommand {
  readonly command: string;
  readonly properties: string;
  readonly message: string;
}

/** Reads stdout as the runner does, honouring stop-commands; returns the commands acted on. */
export function parseGithubCommands(stdout: string): GithubCommand[] {
  const commands: GithubCommand[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z0-9_-]+)( [^:]*)?::(.*)$/.exec(line);
    if (match === null) continue;
    const [, command, properties = '', message] = match;
    if (stopToken !== undefined) {
      if (command === stopToken && properties === '') stopToken = undefined;
      continue;
    }
    if (command === 'stop-commands') {
      stopToken = message;
      continue;
    }
    commands.push({ command, properties: properties.trim(), message });
  }
  return commands;
}

/** Reads a GITHUB_OUTPUT / GITHUB_STATE file (`name<<delimiter` blocks or `name=value`). */
export function parseFileCommands(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  if (!fs.existsSync(file)) return values;
  const lines = fs.readFileSync(file, 'utf8').split(os.EOL);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (index += 1; index < lines.length && lines[index] !== delimiter; index += 1)
        body.push(lines[index]);
      values[name] = body.join(os.EOL);
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

/** One GitHub job's worth of runner files, shared by its main and post steps. */
export class GithubJob {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-gh-'));
  readonly temp = path.join(this.dir, 'runner-temp');
  readonly toolCache = path.join(this.dir, 'tool-cache');
  readonly summary = path.join(this.dir, 'summary.md');
  private readonly defaults: Record<string, string>;

  constructor(
    private readonly inputs: Record<string, string>,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {
    fs.mkdirSync(this.temp);
    fs.mkdirSync(this.toolCache);
    fs.writeFileSync(this.summary, '');
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    this.defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? '']),
    );
  }

  private stepEnv(kind: 'main' | 'post', state: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'image',
      GITHUB_WORKFLOW: 'ci',
      GITHUB_ACTION: '__self',
      RUNNER_TEMP: this.temp,
      RUNNER_TOOL_CACHE: this.toolCache,
      GITHUB_OUTPUT: path.join(this.dir, `output-${kind}`),
      GITHUB_STATE: path.join(this.dir, `state-${kind}`),
      GITHUB_STEP_SUMMARY: this.summary,
      GITHUB_ENV: path.join(this.dir, `env-${kind}`),
    };
    for (const [name, value] of Object.entries({ ...this.defaults, ...this.inputs })) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value;
    // The runner creates the file-command files empty before each step.
    for (const file of [env.GITHUB_OUTPUT!, env.GITHUB_STATE!, env.GITHUB_ENV!])
      fs.writeFileSync(file, '');
    return baseEnv({ ...env, ...this.env });
  }

  /** Runs the main step; resolves with its exit code, output, commands and outputs. */
  async main(cwd = ROOT) {
    const env = this.stepEnv('main', {});
    const result = await runNode(path.join(ROOT, 'dist/github/main/index.js'), env, [], cwd);
    return {
      ...result,
      commands: parseGithubCommands(result.stdout),
      outputs: parseFileCommands(env.GITHUB_OUTPUT!),
      state: parseFileCommands(env.GITHUB_STATE!),
    };
  }

  /** Starts the main step without waiting for it (several steps at once, or one to kill). */
  startMain(cwd = ROOT) {
    const env = this.stepEnv('main', {});
    const started = startNode(path.join(ROOT, 'dist/github/main/index.js'), env, cwd);
    const finished = started.done.then((result) => ({
      ...result,
      commands: parseGithubCommands(result.stdout),
      outputs: parseFileCommands(env.GITHUB_OUTPUT!),
      state: parseFileCommands(env.GITHUB_STATE!),
    }));
    return { pid: started.pid, finished };
  }

  /** Runs the post step with the state the main step saved. */
  async post(state: Record<string, string>, cwd = ROOT) {
    const env = this.stepEnv('post', state);
    const result = await runNode(path.join(ROOT, 'dist/github/post/index.js'), env, [], cwd);
    return { ...result, commands: parseGithubCommands(result.stdout) };
  }

  summaryText(): string {
    return fs.readFileSync(this.summary, 'utf8');
  }
}

/** A logging command as the Azure agent would act on it. */
export interface AzureCommand {
  readonly area: string;
  readonly properties: Record<string, string>;
  readonly data: string;
}

/** Reads stdout as the agent does: every `##vso[area.event k=v;...]data` anywhere in a line. */
export function parseAzureCommands(stdout: string): AzureCommand[] {
  const commands: AzureCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const at = line.indexOf('##vso[');
    if (at === -1) continue;
    const rest = line.slice(at + 6);
    const close = rest.indexOf(']');
    if (close === -1) continue;
    const [area, ...props] = rest.slice(0, close).split(' ');
    const properties: Record<string, string> = {};
    for (const pair of props.join(' ').split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeAzure(pair.slice(eq + 1));
    }
    commands.push({ area, properties, data: unescapeAzure(rest.slice(close + 1)) });
  }
  return commands;
}

function unescapeAzure(text: string): string {
  return text
    .replace(/%3B/g, ';')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%5D/g, ']')
    .replace(/%25/g, '%');
}

/** One Azure job: inputs from task.json defaults, task variables carried to the post-job step. */
export class AzureJob {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-az-'));
  readonly temp = path.join(this.dir, 'agent-temp');
  readonly tools = path.join(this.dir, 'tools');
  private readonly defaults: Record<string, string>;

  constructor(
    private readonly inputs: Record<string, string>,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {
    fs.mkdirSync(this.temp);
    fs.mkdirSync(this.tools);
    const task = JSON.parse(fs.readFileSync(path.join(ROOT, 'task.json'), 'utf8')) as {
      inputs: { name: string; defaultValue: string }[];
    };
    this.defaults = Object.fromEntries(
      task.inputs.map((input) => [input.name, input.defaultValue]),
    );
  }

  private stepEnv(taskVariables: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      TF_BUILD: 'True',
      BUILD_BUILDID: '77',
      SYSTEM_JOBNAME: 'image',
      SYSTEM_JOBATTEMPT: '1',
      AGENT_TEMPDIRECTORY: this.temp,
      AGENT_TOOLSDIRECTORY: this.tools,
      AGENT_VERSION: '4.255.0',
    };
    for (const [name, value] of Object.entries({ ...this.defaults, ...this.inputs })) {
      env[`INPUT_${name.replace(/\./g, '_').toUpperCase()}`] = value;
    }
    for (const [name, value] of Object.entries(taskVariables)) {
      env[`VSTS_TASKVARIABLE_${name.replace(/\./g, '_').toUpperCase()}`] = value;
    }
    return baseEnv({ ...env, ...this.env });
  }

  async task(cwd = ROOT) {
    const result = await runNode(
      path.join(ROOT, 'dist/azure/task/index.js'),
      this.stepEnv({}),
      [],
      cwd,
    );
    const commands = parseAzureCommands(result.stdout);
    const outputs: Record<string, string> = {};
    const taskVariables: Record<string, string> = {};
    for (const command of commands) {
      if (command.area === 'task.setvariable' && command.properties.isOutput === 'true')
        outputs[command.properties.variable] = command.data;
      if (command.area === 'task.settaskvariable')
        taskVariables[command.properties.variable] = command.data;
    }
    const complete = commands.filter((command) => command.area === 'task.complete').pop();
    return {
      ...result,
      commands,
      outputs,
      taskVariables,
      taskResult: complete?.properties.result ?? 'Succeeded',
      completeMessage: complete?.data ?? '',
    };
  }

  async post(taskVariables: Record<string, string>, cwd = ROOT) {
    const result = await runNode(
      path.join(ROOT, 'dist/azure/post/index.js'),
      this.stepEnv(taskVariables),
      [],
      cwd,
    );
    const commands = parseAzureCommands(result.stdout);
    const complete = commands.filter((command) => command.area === 'task.complete').pop();
    return { ...result, commands, taskResult: complete?.properties.result ?? 'Succeeded' };
  }
}
