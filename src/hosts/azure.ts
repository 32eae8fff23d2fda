import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { azureInputName, camelCase } from '../engine/inputs.js';
import type { Host } from './host.js';
import { jobStartFromTempDir } from './job-start.js';
import { azureGuard } from './output-guards.js';

/** The pipeline's start from System.PipelineStartTime, when the agent sets it. */
function pipelineStart(env: NodeJS.ProcessEnv): number | undefined {
  const value = Date.parse(env.SYSTEM_PIPELINESTARTTIME ?? '');
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The Host port on Azure Pipelines, through azure-pipelines-task-lib. Loaded only by the Azure
 * bundle: importing task-lib clears every INPUT_* variable and writes a `.taskkey` file.
 */
export function createAzureHost(env: NodeJS.ProcessEnv = process.env): Host {
  const tempDir = env.AGENT_TEMPDIRECTORY || os.tmpdir();
  const now = Date.now();
  return {
    kind: 'azure',
    env,
    context: {
      runId: env.BUILD_BUILDID ?? 'local',
      job: env.SYSTEM_JOBNAME ?? env.SYSTEM_JOBID ?? 'job',
      attempt: env.SYSTEM_JOBATTEMPT ?? '1',
      tempDir,
      toolCacheDir: env.AGENT_TOOLSDIRECTORY || os.tmpdir(),
      jobStartedAt: Math.min(
        pipelineStart(env) ?? now,
        jobStartFromTempDir(env.AGENT_TEMPDIRECTORY, now),
      ),
      instance: (env.SYSTEM_TASKINSTANCEID ?? '').slice(0, 8),
      stepName:
        [env.BUILD_DEFINITIONNAME, env.SYSTEM_JOBDISPLAYNAME, env.SYSTEM_TASKDISPLAYNAME]
          .filter(Boolean)
          .join(' / ') || 'azure',
    },
    getInput: (spec) => tl.getInput(azureInputName(spec), false),
    setOutput: (name, value) => tl.setVariable(camelCase(name), value, false, true),
    debug: (message) => tl.debug(message),
    info: (message) => console.log(message),
    warning: (message) => tl.warning(message),
    error: (message) => tl.error(message),
    group: async (title, run) => {
      console.log(`##[group]${title}`);
      try {
        return await run();
      } finally {
        console.log('##[endgroup]');
      }
    },
    saveState: (key, value) => tl.setTaskVariable(key, value),
    getState: (key) => tl.getTaskVariable(key) ?? '',
    setSecret: (value) => tl.setSecret(value),
    setFailed: (message) => tl.setResult(tl.TaskResult.Failed, message),
    writeSummary: async (markdown) => {
      const file = path.join(tempDir, `wcow-build-summary-${process.pid}-${Date.now()}.md`);
      await fs.promises.writeFile(file, markdown);
      tl.uploadSummary(file);
    },
    uploadArtifact: async (name, folder) => {
      tl.uploadArtifact(name, folder, name);
      return { name };
    },
    outputGuard: () => azureGuard(),
    resolveRegistryLogin: (connection) => {
      const username = tl.getEndpointAuthorizationParameter(connection, 'username', true) ?? '';
      const password = tl.getEndpointAuthorizationParameter(connection, 'password', true) ?? '';
      const server =
        tl.getEndpointAuthorizationParameter(connection, 'registry', true) ??
        tl.getEndpointUrl(connection, true) ??
        '';
      return username === '' || password === '' ? undefined : { server, username, password };
    },
    output: process.stdout,
  };
}
