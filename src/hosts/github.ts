import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as core from '@actions/core';
import * as cache from '@actions/cache';
import type { OutputName } from '../engine/inputs.js';
import type { DownloadCache, Host } from './host.js';
import { uploadGithubArtifact } from './github-artifact.js';
import { jobStartFromTempDir } from './job-start.js';
import { githubGuard } from './output-guards.js';

/** The Actions cache, when the runner offers it (not on GHES without a cache service). */
function actionsCache(): DownloadCache | undefined {
  if (!cache.isFeatureAvailable()) return undefined;
  return {
    restore: async (paths, key) => (await cache.restoreCache(paths, key)) !== undefined,
    save: async (paths, key) => {
      await cache.saveCache(paths, key);
    },
  };
}

/** Six hex characters that tell two step instances apart. */
function shortId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** The Host port on GitHub Actions, through @actions/core and the runner's files. */
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
    getInput: (spec) => core.getInput(spec.name),
    setOutput: (name: OutputName, value) => core.setOutput(name, value),
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    warning: (message, props) => core.warning(message, props),
    error: (message, props) => core.error(message, props),
    group: (title, run) => core.group(title, run),
    saveState: (key, value) => core.saveState(key, value),
    getState: (key) => core.getState(key),
    setSecret: (value) => core.setSecret(value),
    setFailed: (message) => core.setFailed(message),
    writeSummary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    uploadArtifact: async (name, folder, retentionDays) =>
      uploadGithubArtifact(name, folder, retentionDays),
    outputGuard: () => githubGuard(),
    downloadCache: actionsCache(),
    output: process.stdout,
  };
}
