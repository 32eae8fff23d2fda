import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Host } from '../hosts/host.js';
import type { HostChanges } from '../windows/prepare.js';
import type { AttemptRecord } from './attempt-record.js';
import { runAttempts, seconds, type AttemptOutcome, type AttemptsResult } from './attempts.js';
import { buildCommand } from './build-command.js';
import { runBuildProcess } from './build-process.js';
import { classify } from './classify.js';
import { type EngineDeps, systemDeps } from './deps.js';
import { Redactor } from './diagnostics/redact.js';
import { describeError, InputError } from './errors.js';
import { acquireBuildSlot } from './queue.js';
import {
  checkRegistryLogin,
  writeDockerConfig,
  type DockerConfigHandle,
} from './registry-login.js';
import { prepareOptions } from './prepare-options.js';
import { readSettings, type RegistryLogin, type Settings } from './settings.js';
import { secretFileValues } from './secret-files.js';
import { STATE } from './state.js';
import { renderAttemptsTable } from './summary.js';

/** Reads and validates the settings for this host; the step's first action. */
export function loadSettings(host: Host, deps: EngineDeps): Settings {
  return readSettings((spec) => host.getInput(spec), {
    host: host.kind,
    platform: deps.platform,
    env: host.env,
    cwd: deps.cwd,
    tempDir: os.tmpdir(),
  });
}

/** Fails on paths that cannot work, before anything changes on the host. */
function checkPaths(settings: Settings, cwd: string): void {
  const context = path.resolve(cwd, settings.context);
  if (!isDirectory(context))
    throw new InputError('context', settings.context, 'an existing folder');
  const file =
    settings.file === '' ? path.join(context, 'Dockerfile') : path.resolve(cwd, settings.file);
  if (!fs.existsSync(file)) {
    throw new InputError(
      settings.file === '' ? 'context' : 'file',
      settings.file || settings.context,
      `a path to an existing Dockerfile (${file} does not exist)`,
    );
  }
  for (const secret of settings.secrets) {
    if (secret.src !== undefined && !fs.existsSync(path.resolve(cwd, secret.src))) {
      throw new InputError(
        'secrets',
        `id=${secret.id},src=${secret.src}`,
        'a src file that exists',
      );
    }
  }
  if (settings.buildkitTlsDir !== '' && !isDirectory(settings.buildkitTlsDir)) {
    throw new InputError(
      'buildkit-tls-dir',
      settings.buildkitTlsDir,
      'an existing folder with ca.pem, cert.pem and key.pem',
    );
  }
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Every value that must never be shown: registers each with the host and returns them all. */
export function registerSecrets(
  host: Host,
  settings: Settings,
  login: RegistryLogin | undefined,
  cwd: string,
): string[] {
  const values: string[] = [];
  for (const secret of settings.secrets) {
    if (secret.env !== undefined) values.push(host.env[secret.env] ?? '');
    if (secret.src !== undefined) values.push(...secretFileValues(path.resolve(cwd, secret.src)));
  }
  if (login !== undefined) {
    values.push(
      login.password,
      Buffer.from(`${login.username}:${login.password}`).toString('base64'),
    );
  }
  const kept = [
    ...new Set(values.map((value) => value.trim()).filter((value) => value.length > 0)),
  ];
  for (const value of kept) host.setSecret(value);
  return kept;
}

/** Reads the tool's metadata file; an empty object when it wrote none. */
function readMetadata(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The failure message: what failed, why, and the tool's own error lines. */
export function failureMessage(result: AttemptsResult, settings: Settings): string {
  const verdict = result.verdict;
  const count = result.attempts.length;
  if (verdict === undefined) return `Build failed after ${count} attempt(s).`;
  const reason = result.cancelled
    ? 'the job was cancelled'
    : count >= settings.maxAttempts && settings.retryOn.includes(verdict.class)
      ? `max-attempts (${settings.maxAttempts}) reached`
      : `class ${verdict.class} is not retried (retry-on: ${settings.retryOn.join(',') || 'none'})`;
  return `Build failed after ${count} attempt(s) with a ${verdict.class} error (rule ${verdict.rule}; ${reason}):\n${verdict.evidence}`;
}

/** Queue key: the daemon the build talks to. */
function daemonKey(settings: Settings): string {
  return settings.builder === 'buildx'
    ? `buildx:${settings.buildxBuilder || 'default'}`
    : settings.buildkitAddress;
}

/**
 * The main step: prepare the host, run the build with retries, report, and collect diagnostics.
 * Never throws: every failure reaches the host as a failed step with a message.
 */
export async function runMain(host: Host, deps: EngineDeps = systemDeps()): Promise<void> {
  try {
    await runMainSteps(host, deps);
  } catch (error) {
    host.setFailed(describeError(error));
  }
}

async function runMainSteps(host: Host, deps: EngineDeps): Promise<void> {
  let settings: Settings;
  let login: RegistryLogin | undefined;
  try {
    settings = loadSettings(host, deps);
    checkPaths(settings, deps.cwd);
    login = settings.registryLogin ?? resolveConnection(host, settings);
    if (login !== undefined) checkRegistryLogin(login);
  } catch (error) {
    host.setFailed(describeError(error));
    return;
  }
  const secrets = registerSecrets(host, settings, login, deps.cwd);
  const workDir = fs.mkdtempSync(path.join(host.context.tempDir, 'wcow-build-'));
  host.saveState(STATE.workDir, workDir);

  let dockerConfig: DockerConfigHandle | undefined;
  let result: AttemptsResult | undefined;
  let lastToolEnv = host.env;
  // The attempts so far, kept even when the retry loop is cut short (queue timeout, cancel).
  let recorded: readonly AttemptRecord[] = [];
  try {
    const changes = await prepareHostOnce(host, settings, deps, workDir);
    const toolEnv = withToolsOnPath(host.env, changes.tools, deps.platform);
    lastToolEnv = toolEnv;

    if (login !== undefined) {
      dockerConfig = await writeDockerConfig(login, workDir, { env: toolEnv });
      host.saveState(STATE.dockerConfig, dockerConfig.dir);
      host.info(`Registry credentials for ${dockerConfig.server} are in a private Docker config.`);
    }

    result = await runBuildAttempts(
      host,
      settings,
      deps,
      workDir,
      toolEnv,
      dockerConfig,
      (records) => {
        recorded = [...records];
      },
    );
    await report(host, settings, result, workDir, new Redactor(secrets));
  } catch (error) {
    if (recorded.length > 0) reportInterrupted(host, recorded);
    host.setFailed(describeError(error));
  } finally {
    await dockerConfig?.remove((message) => host.warning(message));
  }

  if (result?.cancelled === true || deps.signal?.aborted === true) {
    // The runner asked the step to stop: leave `finished` unset, and the post step (which the
    // runner still runs) collects the diagnostics with reason `cancelled`.
    host.info('The job was cancelled; the post step collects the diagnostics.');
    return;
  }

  const failed = result === undefined || !result.succeeded;
  if (settings.diagnostics === 'always' || (failed && settings.diagnostics === 'on-failure')) {
    // Loaded when needed: diagnostics and host preparation are most of the engine's code, and
    // most steps run neither (start-up time is measured by `npm run bench`).
    const { collectAndAttach } = await import('./diagnostics-step.js');
    await collectAndAttach(host, settings, deps, {
      env: lastToolEnv,
      attempts: result?.attempts ?? recorded,
      outDir: workDir,
      secrets,
      reason: failed ? 'failure' : 'always',
    });
  }
  host.saveState(STATE.finished, 'true');
}

/** The login of the Azure service connection named by `containerRegistry`, if any. */
export function resolveConnection(host: Host, settings: Settings): RegistryLogin | undefined {
  if (settings.containerRegistry === '' || host.resolveRegistryLogin === undefined)
    return undefined;
  const login = host.resolveRegistryLogin(settings.containerRegistry);
  if (login === undefined) {
    throw new InputError(
      'containerRegistry',
      settings.containerRegistry,
      'a Docker registry service connection with a user name and password',
    );
  }
  return login;
}

/**
 * Prepares the host while holding the host-wide preparation slot, so two jobs on one machine
 * never install or register services at the same time. Every change is saved as it is made, so
 * the post step can undo it even when preparation fails half way.
 */
async function prepareHostOnce(
  host: Host,
  settings: Settings,
  deps: EngineDeps,
  workDir: string,
): Promise<HostChanges> {
  const options = {
    ...prepareOptions(host, settings, deps, workDir),
    onChange: (changes: HostChanges) => host.saveState(STATE.hostChanges, JSON.stringify(changes)),
  };
  const { prepareHost } = await import('../windows/prepare.js');
  if (settings.setup === 'false' || deps.platform !== 'win32') return prepareHost(options);
  const slot = await acquireBuildSlot({
    stateDir: settings.stateDir,
    daemonAddress: 'host-preparation',
    spacingMs: 0,
    timeoutMs: settings.queueTimeoutMs,
    holder: {
      pid: process.pid,
      step: `${host.context.stepName} (host preparation)`,
      host: host.kind,
    },
    clock: deps.clock,
    log: host,
    signal: deps.signal,
  });
  try {
    const changes = await prepareHost(options);
    host.saveState(STATE.hostChanges, JSON.stringify(changes));
    return changes;
  } finally {
    await slot.release();
  }
}

/** The environment with the folders of freshly installed tools first on PATH. */
export function withToolsOnPath(
  env: NodeJS.ProcessEnv,
  tools: HostChanges['tools'],
  platform: NodeJS.Platform,
): NodeJS.ProcessEnv {
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const folders = [tools.buildctl, tools.ctr]
    .filter((tool): tool is string => tool !== undefined)
    .map((tool) => pathApi.dirname(tool));
  if (folders.length === 0) return env;
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  return { ...env, [key]: [...new Set(folders), env[key] ?? ''].join(pathApi.delimiter) };
}

async function runBuildAttempts(
  host: Host,
  settings: Settings,
  deps: EngineDeps,
  workDir: string,
  toolEnv: NodeJS.ProcessEnv,
  dockerConfig: DockerConfigHandle | undefined,
  onRecords: (records: readonly AttemptRecord[]) => void,
): Promise<AttemptsResult> {
  const env = { ...toolEnv, ...(dockerConfig?.env ?? {}) };
  const runBuild = async (attempt: number): Promise<AttemptOutcome> => {
    const metadataFile = path.join(workDir, `metadata-${attempt}.json`);
    const logFile = path.join(workDir, `attempt-${attempt}.log`);
    const command = buildCommand(settings, metadataFile, deps.cwd);
    host.debug(`argv: ${JSON.stringify([command.command, ...command.args])}`);
    const startedAt = deps.clock.now();
    const outcome = await runBuildProcess({
      command: command.command,
      args: command.args,
      env,
      cwd: deps.cwd,
      logFile,
      output: host.output,
      guard: host.outputGuard(),
      timeoutMs: settings.attemptTimeoutMs,
      signal: deps.signal,
    });
    return { ...outcome, logFile, startedAt };
  };
  const result = await runAttempts(settings, {
    clock: deps.clock,
    random: deps.random,
    acquireSlot: () =>
      acquireBuildSlot({
        stateDir: settings.stateDir,
        daemonAddress: daemonKey(settings),
        spacingMs: settings.buildSpacingMs,
        timeoutMs: settings.queueTimeoutMs,
        holder: { pid: process.pid, step: host.context.stepName, host: host.kind },
        clock: deps.clock,
        log: host,
        signal: deps.signal,
      }),
    runBuild,
    classify: (tail) =>
      classify(tail, {
        retryPatterns: settings.retryPatterns,
        fatalPatterns: settings.fatalPatterns,
      }),
    probeFile: deps.probeFile,
    log: host,
    group: (title, run) => host.group(title, run),
    onAttempt: (records) => {
      onRecords(records);
      host.saveState(STATE.attempts, JSON.stringify(records));
    },
    signal: deps.signal,
  });
  return result;
}

async function report(
  host: Host,
  settings: Settings,
  result: AttemptsResult,
  workDir: string,
  redactor: Redactor,
): Promise<void> {
  const last = result.attempts[result.attempts.length - 1];
  host.setOutput('result', result.succeeded ? 'success' : 'failure');
  host.setOutput('attempts', String(result.attempts.length));
  host.setOutput('failure-class', result.verdict?.class ?? '');
  host.setOutput('lock-retries', String(result.lockRetries));
  host.setOutput('queue-wait-seconds', (result.queueWaitMs / 1000).toFixed(1));
  if (result.succeeded && last !== undefined) {
    const metadata = readMetadata(path.join(workDir, `metadata-${last.number}.json`));
    host.setOutput('digest', String(metadata['containerimage.digest'] ?? ''));
    host.setOutput('image-id', String(metadata['containerimage.config.digest'] ?? ''));
    host.setOutput('metadata', JSON.stringify(metadata));
  }
  // The summary quotes the build's own error lines, which may show a secret; the runner masks
  // its log, not the files a step writes.
  await writeSummarySafely(host, redactor.redactText(renderAttemptsTable(result, settings)));
  if (result.succeeded) {
    const retries = result.attempts.length - 1;
    host.info(
      `Build succeeded after ${result.attempts.length} attempt(s)${retries > 0 ? ` (${result.lockRetries} lock retries)` : ''}; queue wait ${seconds(result.queueWaitMs)}.`,
    );
  } else {
    host.setFailed(redactor.redactText(failureMessage(result, settings)));
  }
}

/** Outputs for a retry loop that was cut short: the attempts made and the last one's class. */
function reportInterrupted(host: Host, records: readonly AttemptRecord[]): void {
  host.setOutput('result', 'failure');
  host.setOutput('attempts', String(records.length));
  host.setOutput('failure-class', records[records.length - 1].failureClass ?? '');
}

/** The summary is a courtesy: a failure to write it is a warning, never the step's result. */
export async function writeSummarySafely(host: Host, markdown: string): Promise<void> {
  try {
    await host.writeSummary(markdown);
  } catch (error) {
    host.warning(`Could not write the job summary: ${describeError(error)}`);
  }
}
