import { constants as fsConstants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeError } from './errors.js';
import type { RegistryLogin } from './settings.js';

/**
 * Every private Docker config folder is named with this prefix; the post step removes only
 * folders named so, whatever its saved state says.
 */
export const DOCKER_CONFIG_PREFIX = 'wcow-build-docker-';

/**
 * The key Docker Hub credentials are stored under. buildctl and buildx ask for the host
 * `registry-1.docker.io` and both translate it to this legacy key before reading config.json,
 * so Hub credentials stored under any other name are never found.
 */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

/** Names people write for Docker Hub; all of them mean DOCKER_HUB_CONFIG_KEY. */
const DOCKER_HUB_NAMES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

const HOST_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The registry login cannot be used: the message says which part is wrong, never its value. */
export class RegistryLoginError extends Error {
  override name = 'RegistryLoginError';
}

/** Called with a sentence when a cleanup step could not finish; cleanup itself never throws. */
export type CleanupReporter = (message: string) => void;

/** A private Docker config folder that holds one registry login for one step. */
export interface DockerConfigHandle {
  readonly dir: string;
  /** The key the credentials are stored under in config.json (Docker Hub is normalised). */
  readonly server: string;
  /**
   * Variables to merge into the build tool's environment: DOCKER_CONFIG, and BUILDX_CONFIG
   * when it was not set, so buildx keeps finding its builder instances.
   */
  readonly env: NodeJS.ProcessEnv;
  /** Values to register with the host as secrets: the password and the encoded auth. */
  readonly secrets: readonly string[];
  /** Deletes the folder; never throws, and may be called any number of times. */
  remove(report?: CleanupReporter): Promise<void>;
}

/** What the private config inherits from the user's own Docker configuration. */
export interface DockerConfigOptions {
  /** The environment the build tool would otherwise run with; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Home folder used when DOCKER_CONFIG is not set; default `os.homedir()`. */
  readonly homeDir?: string;
}

/** The config.json key for a registry server as users write it (URL, host, host:port, empty). */
export function normaliseRegistryServer(server: string): string {
  const trimmed = server.trim();
  if (trimmed === '') return DOCKER_HUB_CONFIG_KEY;
  const withoutScheme = trimmed.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  const host = withoutScheme.split('/')[0] ?? '';

  if (DOCKER_HUB_NAMES.has(host.toLowerCase())) return DOCKER_HUB_CONFIG_KEY;
  if (!HOST_PATTERN.test(host)) {
    throw new RegistryLoginError(
      `Registry login: server '${trimmed}' is not a registry host; expected a host name such as ` +
        'ghcr.io or registry.example.com:5000 (empty means Docker Hub).',
    );
  }
  return host;
}

/** The `auth` value Docker keeps in config.json: base64 of `user:password`. */
export function encodeDockerAuth(login: Pick<RegistryLogin, 'username' | 'password'>): string {
  return Buffer.from(`${login.username}:${login.password}`, 'utf8').toString('base64');
}

/**
 * Writes a private Docker config folder under parentDir holding one login, for the build tool to
 * read through DOCKER_CONFIG; nothing is written when the login is invalid.
 */
export async function writeDockerConfig(
  login: RegistryLogin,
  parentDir: string,
  options: DockerConfigOptions = {},
): Promise<DockerConfigHandle> {
  const server = checkRegistryLogin(login);
  const auth = encodeDockerAuth(login);

  const env = options.env ?? process.env;
  const userConfigDir = env.DOCKER_CONFIG || path.join(options.homeDir ?? os.homedir(), '.docker');
  const inherited = await readInheritedSettings(userConfigDir);
  const config = { auths: { [server]: { auth } }, ...inherited };

  let dir: string;
  try {
    dir = await fs.mkdtemp(path.join(parentDir, DOCKER_CONFIG_PREFIX));
  } catch (error) {
    throw new RegistryLoginError(
      `Registry login: could not create a private Docker config folder in ${parentDir} ` +
        `(${describeError(error)}); check that the folder exists and is writable.`,
    );
  }

  try {
    // mkdtemp already uses 0700 on POSIX; chmod makes it independent of the platform default.
    await fs.chmod(dir, 0o700);
    await writePrivateFile(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  } catch (error) {
    await removeDockerConfig(dir);
    throw new RegistryLoginError(
      `Registry login: could not write the private Docker config in ${dir} ` +
        `(${describeError(error)}); nothing was left behind.`,
    );
  }

  const toolEnv: NodeJS.ProcessEnv = { DOCKER_CONFIG: dir };
  if (!env.BUILDX_CONFIG) toolEnv.BUILDX_CONFIG = path.join(userConfigDir, 'buildx');

  return {
    dir,
    server,
    env: toolEnv,
    secrets: [login.password, auth],
    remove: (report?: CleanupReporter) => removeDockerConfig(dir, report).then(() => undefined),
  };
}

/**
 * Deletes a private Docker config folder made by writeDockerConfig (also from the post step,
 * given only its path); never throws. Resolves true when the folder is gone.
 */
export async function removeDockerConfig(dir: string, report?: CleanupReporter): Promise<boolean> {
  if (dir === '') return true;
  if (!path.basename(dir).startsWith(DOCKER_CONFIG_PREFIX)) {
    report?.(`Left ${dir} alone: it is not a wcow-build Docker config folder.`);
    return false;
  }

  try {
    const stats = await fs.lstat(dir);
    if (!stats.isDirectory()) {
      report?.(`Left ${dir} alone: it is not a folder.`);
      return false;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
  }

  try {
    // Windows may hold a just-closed file for a moment (antivirus, indexer): retry briefly.
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    return true;
  } catch (error) {
    report?.(
      `Could not delete the private Docker config ${dir} (${describeError(error)}); it holds ` +
        'registry credentials, so delete it by hand.',
    );
    return false;
  }
}

/**
 * Checks a login without writing anything and returns its config.json key; call it before the
 * host is changed so that a bad login fails the step first.
 */
export function checkRegistryLogin(login: RegistryLogin): string {
  const server = normaliseRegistryServer(login.server);
  checkCredentials(login);
  return server;
}

function checkCredentials(login: RegistryLogin): void {
  if (login.username === '') {
    throw new RegistryLoginError('Registry login: the user name is empty; give a user name.');
  }
  // Docker splits the decoded auth at the first colon, so a colon in the user name would move
  // part of it into the password.
  if (login.username.includes(':') || CONTROL_CHARACTERS.test(login.username)) {
    throw new RegistryLoginError(
      'Registry login: the user name contains a colon or a control character, which the Docker ' +
        'config format cannot hold; check the username input or the service connection.',
    );
  }
  if (login.password === '') {
    throw new RegistryLoginError(
      'Registry login: the password is empty; give a password or token.',
    );
  }
}

/**
 * Settings of the user's own config.json that the build tools need and that hold no secret:
 * plugin folders (so `docker buildx` is still found once DOCKER_CONFIG moves) and proxies
 * (which buildx turns into build arguments). Credential stores and helpers are left out on
 * purpose: they would take precedence over the login written here.
 */
async function readInheritedSettings(userConfigDir: string): Promise<Record<string, unknown>> {
  const inherited: Record<string, unknown> = {};
  const pluginDirs: string[] = [];

  const ownPlugins = path.join(userConfigDir, 'cli-plugins');
  if (await isDirectory(ownPlugins)) pluginDirs.push(ownPlugins);

  const userConfig = await readJsonObject(path.join(userConfigDir, 'config.json'));
  const extraDirs = userConfig?.cliPluginsExtraDirs;
  if (Array.isArray(extraDirs)) {
    for (const extra of extraDirs) if (typeof extra === 'string') pluginDirs.push(extra);
  }
  if (pluginDirs.length > 0) inherited.cliPluginsExtraDirs = pluginDirs;

  const proxies = userConfig?.proxies;
  if (proxies !== null && typeof proxies === 'object' && !Array.isArray(proxies)) {
    inherited.proxies = proxies;
  }

  // LIMITATION: Docker contexts live in <config dir>/contexts and cannot be pointed to from
  // another folder, so with a registry login `docker buildx` uses the default context (or
  // DOCKER_HOST / DOCKER_CONTEXT from the environment). Builder instances are still found
  // through BUILDX_CONFIG.
  return inherited;
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // A missing or unreadable user config only means there is nothing to inherit.
    return undefined;
  }
}

async function isDirectory(candidate: string): Promise<boolean> {
  try {
    return (await fs.stat(candidate)).isDirectory();
  } catch {
    return false;
  }
}

async function writePrivateFile(file: string, content: string): Promise<void> {
  // LIMITATION: on Windows, modes are not ACLs; the file is private only as far as parentDir is
  // (the runner's and agent's temp folders are readable by the runner account and
  // administrators only).
  const handle = await fs.open(
    file,
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL,
    0o600,
  );
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  await fs.chmod(file, 0o600);
}
