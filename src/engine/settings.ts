import * as path from 'node:path';
import { INPUTS, azureInputName, type HostKind, type InputSpec } from './inputs.js';
import { InputError } from './errors.js';

export type Builder = 'buildctl' | 'buildx';
/** `cancelled`: the runner cancelled the job while the attempt ran (never retried). */
export type FailureClass = 'lock' | 'transient' | 'permanent' | 'unknown' | 'timeout' | 'cancelled';
export const RETRYABLE_CLASSES: readonly FailureClass[] = [
  'lock',
  'transient',
  'unknown',
  'timeout',
];

export interface SecretSpec {
  readonly id: string;
  readonly env?: string;
  readonly src?: string;
}

export interface RegistryLogin {
  readonly server: string;
  readonly username: string;
  readonly password: string;
}

export interface Settings {
  readonly builder: Builder;
  readonly buildkitAddress: string;
  readonly buildkitTlsDir: string;
  readonly buildxBuilder: string;
  readonly context: string;
  readonly file: string;
  readonly target: string;
  readonly buildArgs: readonly string[];
  readonly tags: readonly string[];
  readonly push: boolean;
  readonly outputs: readonly string[];
  readonly platforms: readonly string[];
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  readonly secrets: readonly SecretSpec[];
  readonly labels: readonly string[];
  readonly noCache: boolean;
  readonly extraArgs: readonly string[];

  readonly maxAttempts: number;
  readonly retryOn: readonly FailureClass[];
  /** Milliseconds. */
  readonly retryDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly lockWaitTimeoutMs: number;
  /** 0 = no limit. */
  readonly attemptTimeoutMs: number;
  readonly retryPatterns: readonly RegExp[];
  readonly fatalPatterns: readonly RegExp[];

  readonly buildSpacingMs: number;
  readonly queueTimeoutMs: number;
  readonly stateDir: string;

  readonly setup: 'auto' | 'false';
  readonly containerdVersion: string;
  readonly buildkitVersion: string;
  readonly serviceTimeoutMs: number;
  readonly buildkitGroup: string;
  readonly warmupImages: readonly string[];
  readonly defenderExclusions: 'auto' | 'true' | 'false';
  readonly exclusionPaths: readonly string[];
  readonly keepExclusions: boolean;

  readonly diagnostics: 'on-failure' | 'always' | 'never';
  readonly diagnosticsName: string;
  readonly diagnosticsRetentionDays: number;
  readonly diagnosticsMaxBytes: number;

  /** Registry login from `registry`/`username`/`password`, or from an Azure service connection. */
  readonly registryLogin?: RegistryLogin;
  /** Azure service connection id, resolved by the Azure host. */
  readonly containerRegistry: string;
}

/** What the settings depend on besides the raw inputs. */
export interface SettingsContext {
  readonly host: HostKind;
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** Folder relative paths are resolved against. */
  readonly cwd: string;
  readonly tempDir: string;
}

/** Reads a raw input value: undefined or '' when unset. */
export type InputReader = (spec: InputSpec) => string | undefined;

/** The default daemon address for a platform. */
export function defaultBuildkitAddress(platform: NodeJS.Platform): string {
  return platform === 'win32'
    ? 'npipe:////./pipe/buildkitd'
    : 'unix:///run/buildkit/buildkitd.sock';
}

/** The default machine-wide state folder for a platform. */
export function defaultStateDir(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  tempDir: string,
): string {
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'wcow-build');
  }
  return path.join(tempDir, 'wcow-build');
}

class Reader {
  constructor(
    private readonly read: InputReader,
    private readonly host: HostKind,
  ) {}

  spec(name: string): InputSpec {
    const spec = INPUTS.find((candidate) => candidate.name === name);
    if (spec === undefined) throw new Error(`unknown input ${name}`);
    return spec;
  }

  label(spec: InputSpec): string {
    return this.host === 'azure' ? azureInputName(spec) : spec.name;
  }

  raw(name: string): string {
    const spec = this.spec(name);
    const value = this.read(spec);
    const text = value === undefined || value.trim() === '' ? (spec.default ?? '') : value;
    return text.trim();
  }

  fail(name: string, value: string, accepted: string): never {
    throw new InputError(this.label(this.spec(name)), value, accepted);
  }

  string(name: string): string {
    return this.raw(name);
  }

  choice<T extends string>(name: string): T {
    const spec = this.spec(name);
    const value = this.raw(name).toLowerCase();
    const options = spec.options ?? [];
    if (!options.includes(value)) this.fail(name, value, `one of ${options.join(', ')}`);
    return value as T;
  }

  boolean(name: string): boolean {
    const value = this.raw(name).toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.fail(name, value, '`true` or `false`');
  }

  number(name: string, min: number, max: number, integer = false): number {
    const text = this.raw(name);
    const value = Number(text);
    const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
    if (!pattern.test(text) || !Number.isFinite(value) || value < min || value > max) {
      const kind = integer ? 'a whole number' : 'a number';
      this.fail(name, text, `${kind} from ${min} to ${max}`);
    }
    return value;
  }

  lines(name: string): string[] {
    return this.raw(name)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }

  list(name: string): string[] {
    return this.raw(name)
      .split(/[\r\n,]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

/** Reads and validates every input; throws an InputError naming the first bad one. */
export function readSettings(read: InputReader, context: SettingsContext): Settings {
  const r = new Reader(read, context.host);
  const resolve = (value: string): string => (value === '' ? '' : path.resolve(context.cwd, value));

  const buildArgs = r.lines('build-args');
  for (const arg of buildArgs) checkKeyValue(r, 'build-args', arg);
  const labels = r.lines('labels');
  for (const label of labels) checkKeyValue(r, 'labels', label);

  const address = r.string('buildkit-address') || defaultBuildkitAddress(context.platform);
  if (!/^(npipe|unix|tcp|docker-container|kube-pod|podman-container|ssh):\/\//.test(address)) {
    r.fail(
      'buildkit-address',
      address,
      'an address such as npipe:////./pipe/buildkitd, unix:///path or tcp://host:port',
    );
  }

  const retryOn = readRetryOn(r);
  const retryDelay = r.number('retry-delay', 0, 3600);
  const retryMaxDelay = r.number('retry-max-delay', 0, 3600);
  if (retryMaxDelay < retryDelay) {
    r.fail(
      'retry-max-delay',
      String(retryMaxDelay),
      `a number of seconds not below retry-delay (${retryDelay})`,
    );
  }

  const push = r.boolean('push');
  if (push && r.list('tags').length === 0 && r.lines('outputs').length === 0) {
    r.fail('push', 'true', 'push: true only together with tags (or outputs) naming the image');
  }

  const registry = r.string('registry');
  const username = r.string('username');
  const password = r.string('password');
  if ((username !== '' || password !== '') && (username === '' || password === '')) {
    r.fail(
      username === '' ? 'username' : 'password',
      '',
      'a value whenever the other of username and password is set',
    );
  }

  return {
    builder: r.choice<Builder>('builder'),
    buildkitAddress: address,
    buildkitTlsDir: resolve(r.string('buildkit-tls-dir')),
    buildxBuilder: r.string('buildx-builder'),
    context: r.string('context'),
    file: r.string('file'),
    target: r.string('target'),
    buildArgs,
    tags: r.list('tags'),
    push,
    outputs: r.lines('outputs'),
    platforms: r.list('platform'),
    cacheFrom: r.lines('cache-from'),
    cacheTo: r.lines('cache-to'),
    secrets: r.lines('secrets').map((line) => parseSecret(r, line, context.env)),
    labels,
    noCache: r.boolean('no-cache'),
    extraArgs: r.lines('extra-args'),

    maxAttempts: r.number('max-attempts', 1, 10, true),
    retryOn,
    retryDelayMs: retryDelay * 1000,
    retryMaxDelayMs: retryMaxDelay * 1000,
    lockWaitTimeoutMs: r.number('lock-wait-timeout', 0, 3600) * 1000,
    attemptTimeoutMs: r.number('attempt-timeout', 0, 24 * 60) * 60_000,
    retryPatterns: r.lines('retry-patterns').map((line) => parsePattern(r, 'retry-patterns', line)),
    fatalPatterns: r.lines('fatal-patterns').map((line) => parsePattern(r, 'fatal-patterns', line)),

    buildSpacingMs: r.number('build-spacing', 0, 3600) * 1000,
    queueTimeoutMs: r.number('queue-timeout', 0, 24 * 60) * 60_000,
    stateDir:
      resolve(r.string('state-dir')) ||
      defaultStateDir(context.platform, context.env, context.tempDir),

    setup: r.choice<'auto' | 'false'>('setup'),
    containerdVersion: readVersion(r, 'containerd-version'),
    buildkitVersion: readVersion(r, 'buildkit-version'),
    serviceTimeoutMs: r.number('service-timeout', 1, 3600) * 1000,
    buildkitGroup: r.string('buildkit-group'),
    warmupImages: r.list('warmup-images'),
    defenderExclusions: r.choice<'auto' | 'true' | 'false'>('defender-exclusions'),
    exclusionPaths: readExclusionPaths(r, context.platform),
    keepExclusions: r.boolean('keep-exclusions'),

    diagnostics: r.choice<'on-failure' | 'always' | 'never'>('diagnostics'),
    diagnosticsName: r.string('diagnostics-name'),
    diagnosticsRetentionDays: r.number('diagnostics-retention-days', 0, 400, true),
    diagnosticsMaxBytes: Math.round(r.number('diagnostics-max-mb', 1, 10_000) * 1024 * 1024),

    registryLogin: username !== '' ? { server: registry, username, password } : undefined,
    containerRegistry: r.string('container-registry'),
  };
}

function checkKeyValue(r: Reader, name: string, line: string): void {
  if (!/^[^=\s][^=]*=/.test(line)) r.fail(name, line, 'one KEY=VALUE per line');
}

/** Defender takes absolute paths only; a relative one would exclude nothing, or the wrong folder. */
function readExclusionPaths(r: Reader, platform: NodeJS.Platform): string[] {
  const paths = r.lines('exclusion-paths');
  for (const folder of paths) {
    if (platform === 'win32' && !path.win32.isAbsolute(folder)) {
      r.fail('exclusion-paths', folder, 'absolute Windows paths, one per line (C:\\build\\cache)');
    }
  }
  return paths;
}

function readRetryOn(r: Reader): FailureClass[] {
  const items = r.list('retry-on').map((item) => item.toLowerCase());
  if (items.length === 1 && items[0] === 'none') return [];
  for (const item of items) {
    if (!(RETRYABLE_CLASSES as readonly string[]).includes(item)) {
      r.fail('retry-on', item, `a list of ${RETRYABLE_CLASSES.join(', ')}, or none`);
    }
  }
  return items as FailureClass[];
}

function readVersion(r: Reader, name: string): string {
  const value = r.string(name).replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(value))
    r.fail(name, value, 'a release version such as 1.2.3');
  return value;
}

function parsePattern(r: Reader, name: string, line: string): RegExp {
  try {
    return new RegExp(line, 'i');
  } catch (error) {
    return r.fail(
      name,
      line,
      `valid regular expressions, one per line (${(error as Error).message})`,
    );
  }
}

function parseSecret(r: Reader, line: string, env: NodeJS.ProcessEnv): SecretSpec {
  const fields = new Map<string, string>();
  for (const part of line.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) r.fail('secrets', line, 'id=NAME,env=VARIABLE or id=NAME,src=FILE per line');
    fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const id = fields.get('id') ?? '';
  const source = fields.get('env');
  const src = fields.get('src') ?? fields.get('source');
  const known = [...fields.keys()].every((key) =>
    ['id', 'env', 'src', 'source', 'type'].includes(key),
  );
  if (id === '' || !known || (source === undefined) === (src === undefined)) {
    r.fail('secrets', line, 'id=NAME,env=VARIABLE or id=NAME,src=FILE per line');
  }
  if (source !== undefined && env[source] === undefined) {
    r.fail('secrets', line, `a variable that is set in the step's environment (${source} is not)`);
  }
  return source !== undefined ? { id, env: source } : { id, src };
}
