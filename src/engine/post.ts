import type { Host } from '../hosts/host.js';
import type { AttemptRecord } from './attempt-record.js';
import { type EngineDeps, systemDeps } from './deps.js';
import { describeError } from './errors.js';
import { loadSettings, registerSecrets, resolveConnection, withToolsOnPath } from './main.js';
import { prepareOptions } from './prepare-options.js';
import { removeDockerConfig } from './registry-login.js';
import type { RegistryLogin, Settings } from './settings.js';
import type { HostChanges } from '../windows/prepare.js';
import { STATE } from './state.js';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return text === '' ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

/**
 * The post step: removes the registry config, undoes the host changes recorded by the main step,
 * and, when the main step never finished (cancelled, killed), collects what diagnostics it can.
 * It never fails the job: every problem is a warning.
 */
export async function runPost(host: Host, deps: EngineDeps = systemDeps()): Promise<void> {
  await step(host, 'finish', () => runPostSteps(host, deps));
}

async function runPostSteps(host: Host, deps: EngineDeps): Promise<void> {
  const workDir = host.getState(STATE.workDir);
  if (workDir === '') {
    host.debug('The main step made no changes; nothing to clean up.');
    return;
  }
  let settings: Settings | undefined;
  try {
    settings = loadSettings(host, deps);
  } catch (error) {
    const message = `Post step cannot read the inputs (${describeError(error)})`;
    if (host.getState(STATE.hostChanges) !== '') {
      host.warning(
        `${message}, so the host changes recorded by the main step are left in place; ` +
          'docs/host-preparation.md says how to undo them.',
      );
    } else {
      host.debug(`${message}; cleaning up what was recorded.`);
    }
  }

  await step(host, 'remove the registry config', async () => {
    const dir = host.getState(STATE.dockerConfig);
    if (dir !== '') await removeDockerConfig(dir, (message) => host.warning(message));
  });

  const changes = host.getState(STATE.hostChanges);
  if (changes !== '' && settings !== undefined) {
    const { restoreHost } = await import('../windows/prepare.js');
    await step(host, 'undo host changes', () =>
      restoreHost(prepareOptions(host, settings!, deps, workDir), JSON.parse(changes)),
    );
  }

  if (
    host.getState(STATE.finished) !== 'true' &&
    settings !== undefined &&
    settings.diagnostics !== 'never'
  ) {
    host.info('The main step did not finish (cancelled or timed out); collecting diagnostics.');
    const attempts = parseJson<AttemptRecord[]>(host.getState(STATE.attempts), []);
    const { collectAndAttach } = await import('./diagnostics-step.js');
    await collectAndAttach(host, settings, deps, {
      attempts,
      outDir: workDir,
      env: withToolsOnPath(host.env, savedTools(host), deps.platform),
      secrets: registerSecrets(host, settings, loginFor(host, settings), deps.cwd),
      reason: 'cancelled',
    });
  }
}

/** Where the main step installed the tools, from its saved record of host changes. */
function savedTools(host: Host): HostChanges['tools'] {
  return parseJson<Partial<HostChanges>>(host.getState(STATE.hostChanges), {}).tools ?? {};
}

/** The registry login the main step used, so that the bundle redacts it too. */
function loginFor(host: Host, settings: Settings): RegistryLogin | undefined {
  try {
    return settings.registryLogin ?? resolveConnection(host, settings);
  } catch {
    return undefined;
  }
}

async function step(host: Host, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    host.warning(
      `Post step could not ${what}: ${describeError(error)}. The job result is unchanged.`,
    );
  }
}
