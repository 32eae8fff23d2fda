import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { OutputName } from '../engine/inputs.js';
import type { DownloadCache, Host } from './host.js';
import { jobStartFromTempDir } from './job-start.js';
import { appendFileCommand, formatCommand, readInput } from './github-protocol.js';
import { githubGuard } from './output-guards.js';

/**
 * The Actions cache, where the runner offers it (not on GHES without a cache service). The
 * library, like the artifact client, is loaded only when used: together they are most of the
 * bundle, and most steps need neither (start-up time and memory are measured by `npm run bench`).
 */
const actionsCache: DownloadCache = {
  restore: async (paths, key) => {
    const cache = await import('@actions/cache');
    return cache.isFeatureAvailable() && (await cache.restoreCache(paths, key)) !== undefined;
  },
  save: async (paths, key) => {
    const cache = await import('@actions/cache');
    if (cache.isFeatureAvailable()) await cache.saveCache(paths, key);
  },
};

/** Six hex characters that tell two step instances apart. */
function shortId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

function say(text: string): void {
  process.stdout.write(text);
}

/** The Host port on GitHub Actions: the runner's environment, workflow commands and files. */
export function createGithubHost(env: NodeJS.ProcessEnv = process.env): Host {
  const tempDir = env.RUNNER_TEMP || os.tmpdir();
  return {
    kind: 'github',
    env,
    context: {
      runId: env.GITHUB_RUN_ID ?? 'local',
      job: env.GITHUB_JOB ?? 'job',
      attempt: env.GITHUB_RUN_ATTEMPT ?? '1',
      tempDir,
      toolCacheDir: env.RUNNER_TOOL_CACHE || os.tmpdir(),
      jobStartedAt: jobStartFromTempDir(env.RUNNER_TEMP, Date.now()),
      instance: shortId(`${env.RUNNER_NAME ?? ''}|${env.GITHUB_ACTION ?? ''}`),
      stepName:
        [env.GITHUB_WORKFLOW, env.GITHUB_JOB, env.GITHUB_ACTION].filter(Boolean).join(' / ') ||
        'github',
    },
    getInput: (spec) => readInput(env, spec.name),
    setOutput: (name: OutputName, value) => appendFileCommand(env, 'GITHUB_OUTPUT', name, value),
    debug: (message) => say(formatCommand('debug', message)),
    info: (message) => say(`${message}${os.EOL}`),
    warning: (message, props) => say(formatCommand('warning', message, { ...props })),
    error: (message, props) => say(formatCommand('error', message, { ...props })),
    group: async (title, run) => {
      say(formatCommand('group', title));
      try {
        return await run();
      } finally {
        say(formatCommand('endgroup', ''));
      }
    },
    saveState: (key, value) => appendFileCommand(env, 'GITHUB_STATE', key, value),
    getState: (key) => env[`STATE_${key}`] ?? '',
    setSecret: (value) => say(formatCommand('add-mask', value)),
    setFailed: (message) => {
      process.exitCode = 1;
      say(formatCommand('error', message));
    },
    writeSummary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await fs.promises.appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}${os.EOL}`);
    },
    uploadArtifact: async (name, folder, retentionDays) => {
      const { uploadGithubArtifact } = await import('./github-artifact.js');
      return uploadGithubArtifact(name, folder, retentionDays);
    },
    outputGuard: () => githubGuard(),
    downloadCache: actionsCache,
    output: process.stdout,
  };
}
