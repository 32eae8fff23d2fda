import * as os from 'node:os';
import * as path from 'node:path';
import type { Host } from './host.js';
import { plainGuard } from './output-guards.js';

/** Where the CLI keeps downloads between runs. */
function cliToolCache(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? os.tmpdir(), 'wcow-build', 'tools');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'wcow-build', 'tools');
}

/**
 * The Host port for the command line: inputs from `--name value` flags, logs and build output on
 * stderr, outputs collected for one JSON object on stdout, state kept in memory.
 */
export function createCliHost(
  inputs: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv = process.env,
) {
  const state = new Map<string, string>();
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  let failure: string | undefined;
  const debugOn = env.WCOW_BUILD_DEBUG === '1' || env.RUNNER_DEBUG === '1';
  const say = (text: string): void => {
    process.stderr.write(`${text}\n`);
  };
  const host: Host = {
    kind: 'cli',
    env,
    context: {
      runId: 'local',
      job: 'cli',
      attempt: '1',
      tempDir: os.tmpdir(),
      toolCacheDir: cliToolCache(env),
      jobStartedAt: Date.now(),
      instance: String(process.pid),
      stepName: `wcow-build (${os.userInfo().username})`,
    },
    // A password is never a flag (the process list and shell history would show it).
    // A value that must not be a flag (a password) comes from the variable its spec names.
    getInput: (spec) =>
      spec.cliVariable !== undefined ? env[spec.cliVariable] : inputs.get(spec.name),
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    debug: (message) => {
      if (debugOn) say(`debug: ${message}`);
    },
    info: say,
    warning: (message) => say(`warning: ${message}`),
    error: (message) => say(`error: ${message}`),
    group: async (title, run) => {
      say(`== ${title}`);
      return run();
    },
    saveState: (key, value) => {
      state.set(key, value);
    },
    getState: (key) => state.get(key) ?? '',
    setSecret: () => undefined,
    setFailed: (message) => {
      failure = message;
      say(`error: ${message}`);
    },
    writeSummary: async (markdown) => {
      summaries.push(markdown);
    },
    uploadArtifact: async (name) => {
      throw new Error(`the command line has no run to attach ${name} to; the folder is kept`);
    },
    outputGuard: plainGuard,
    output: process.stderr,
  };
  return { host, outputs, summaries, failed: () => failure };
}
