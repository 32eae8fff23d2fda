/**
 * The one input schema. action.yml, task.json, the CLI's flags and the README's input table are
 * generated from it (`npm run manifests`), and a test fails when any of them drifts.
 */

export type InputKind =
  'string' | 'boolean' | 'integer' | 'number' | 'choice' | 'list' | 'lines' | 'multiline';

export type InputGroup = 'build' | 'retry' | 'queue' | 'setup' | 'diagnostics' | 'registry';

export type HostKind = 'github' | 'azure' | 'cli';

export interface InputSpec {
  /** kebab-case name used by GitHub and the CLI. */
  readonly name: string;
  /** camelCase name used by Azure Pipelines; derived from `name` unless given. */
  readonly azureName?: string;
  readonly kind: InputKind;
  readonly group: InputGroup;
  readonly description: string;
  /** Default as written in the manifests; empty means "none" or a platform default. */
  readonly default?: string;
  /** Accepted values of a `choice` input. */
  readonly options?: readonly string[];
  /** Hosts that offer the input; all when absent. */
  readonly hosts?: readonly HostKind[];
  /** Azure input type when it is not derived from `kind` (service connections). */
  readonly azureType?: string;
  /** True when the value must be masked and kept out of every log and artifact. */
  readonly secret?: boolean;
  /**
   * The environment variable the command line reads the value from, for a value that must not
   * be a flag (the process list and the shell history would show it).
   */
  readonly cliVariable?: string;
}

export const INPUTS: readonly InputSpec[] = [
  // Build
  {
    name: 'builder',
    kind: 'choice',
    group: 'build',
    options: ['buildctl', 'buildx'],
    default: 'buildctl',
    description: 'Build tool: `buildctl` against a buildkitd daemon, or `docker buildx build`.',
  },
  {
    name: 'buildkit-address',
    kind: 'string',
    group: 'build',
    description:
      'BuildKit daemon address for buildctl. Default `npipe:////./pipe/buildkitd` on Windows, ' +
      '`unix:///run/buildkit/buildkitd.sock` elsewhere; `tcp://host:port` for a remote daemon.',
  },
  {
    name: 'buildkit-tls-dir',
    kind: 'string',
    group: 'build',
    description:
      'Folder with `ca.pem`, `cert.pem` and `key.pem` for a `tcp://` daemon (mutual TLS).',
  },
  {
    name: 'buildx-builder',
    kind: 'string',
    group: 'build',
    description: 'Name of the buildx builder instance (`--builder`); the current one when empty.',
  },
  {
    name: 'context',
    kind: 'string',
    group: 'build',
    default: '.',
    description: 'Build context folder.',
  },
  {
    name: 'file',
    kind: 'string',
    group: 'build',
    description: 'Path of the Dockerfile; `<context>/Dockerfile` when empty.',
  },
  { name: 'target', kind: 'string', group: 'build', description: 'Build stage to stop at.' },
  {
    name: 'build-args',
    kind: 'lines',
    group: 'build',
    description: 'Build arguments, one `KEY=VALUE` per line.',
  },
  {
    name: 'tags',
    kind: 'list',
    group: 'build',
    description: 'Image names to give the result, separated by newlines or commas.',
  },
  {
    name: 'push',
    kind: 'boolean',
    group: 'build',
    default: 'false',
    description: 'Push the tagged image to its registry.',
  },
  {
    name: 'outputs',
    kind: 'lines',
    group: 'build',
    description:
      'Raw BuildKit output specs, one per line (for example `type=oci,dest=out.tar`); ' +
      'replaces what `tags` and `push` would produce.',
  },
  {
    name: 'platform',
    kind: 'list',
    group: 'build',
    description: 'Target platforms, for example `windows/amd64`; the daemon default when empty.',
  },
  {
    name: 'cache-from',
    kind: 'lines',
    group: 'build',
    description: 'Cache import specs, one per line (for example `type=registry,ref=...`).',
  },
  {
    name: 'cache-to',
    kind: 'lines',
    group: 'build',
    description: 'Cache export specs, one per line.',
  },
  {
    name: 'secrets',
    kind: 'lines',
    group: 'build',
    description:
      'Build secrets, one per line: `id=NAME,env=VARIABLE` or `id=NAME,src=FILE`. The values ' +
      'are redacted from logs and diagnostics.',
  },
  {
    name: 'labels',
    kind: 'lines',
    group: 'build',
    description: 'Image labels, one `KEY=VALUE` per line.',
  },
  {
    name: 'no-cache',
    kind: 'boolean',
    group: 'build',
    default: 'false',
    description: 'Build without using the build cache.',
  },
  {
    name: 'extra-args',
    kind: 'lines',
    group: 'build',
    description: 'Further arguments for the build tool, one argument per line, passed unchanged.',
  },

  // Retries
  {
    name: 'max-attempts',
    kind: 'integer',
    group: 'retry',
    default: '3',
    description: 'Most build attempts in all, from 1 (no retry) to 10.',
  },
  {
    name: 'retry-on',
    kind: 'list',
    group: 'retry',
    default: 'lock,transient',
    description:
      'Failure classes that are retried: any of `lock`, `transient`, `unknown`, `timeout`; ' +
      '`none` retries nothing.',
  },
  {
    name: 'retry-delay',
    kind: 'number',
    group: 'retry',
    default: '5',
    description: 'Seconds before the first retry; doubled for each further retry, with jitter.',
  },
  {
    name: 'retry-max-delay',
    kind: 'number',
    group: 'retry',
    default: '60',
    description: 'Longest wait between attempts, in seconds.',
  },
  {
    name: 'lock-wait-timeout',
    kind: 'number',
    group: 'retry',
    default: '60',
    description:
      'After a lock error that names a file, seconds to wait for that file to be released ' +
      'before retrying.',
  },
  {
    name: 'attempt-timeout',
    kind: 'number',
    group: 'retry',
    default: '0',
    description:
      'Minutes one attempt may run before its whole process tree is killed (class `timeout`); ' +
      '0 means no limit.',
  },
  {
    name: 'retry-patterns',
    kind: 'lines',
    group: 'retry',
    description:
      'Extra regular expressions, one per line, that mark a failure as `transient`; matched line ' +
      'by line after the built-in lock and transient rules and before the other permanent ones.',
  },
  {
    name: 'fatal-patterns',
    kind: 'lines',
    group: 'retry',
    description:
      'Extra regular expressions, one per line, that mark a failure as `permanent` (checked ' +
      'before every other rule).',
  },

  // Queue
  {
    name: 'build-spacing',
    kind: 'number',
    group: 'queue',
    default: '10',
    description:
      'Seconds that must pass between the end of one build on this host and the start of the ' +
      'next, whichever step ran it; 0 turns spacing off.',
  },
  {
    name: 'queue-timeout',
    kind: 'number',
    group: 'queue',
    default: '30',
    description: 'Minutes to wait for the host build slot before failing; 0 means no limit.',
  },
  {
    name: 'state-dir',
    kind: 'string',
    group: 'queue',
    description:
      'Machine-wide folder for the build queue. Default `%ProgramData%\\wcow-build` on Windows, ' +
      '`<system temp>/wcow-build` elsewhere.',
  },

  // Host preparation
  {
    name: 'setup',
    kind: 'choice',
    group: 'setup',
    options: ['auto', 'false'],
    default: 'auto',
    description:
      '`auto`: on Windows install and start what is missing (containerd, BuildKit, Defender ' +
      'exclusions); `false`: change nothing on the host.',
  },
  {
    name: 'containerd-version',
    kind: 'string',
    group: 'setup',
    default: '2.1.4',
    description: 'containerd version to install when it is missing or different.',
  },
  {
    name: 'buildkit-version',
    kind: 'string',
    group: 'setup',
    default: '0.23.2',
    description: 'BuildKit version to install when it is missing or different.',
  },
  {
    name: 'service-timeout',
    kind: 'number',
    group: 'setup',
    default: '120',
    description: 'Seconds to wait for containerd and buildkitd to answer after they start.',
  },
  {
    name: 'buildkit-group',
    kind: 'string',
    group: 'setup',
    description:
      'Windows group whose members may use the buildkitd pipe (for agents that do not run as ' +
      'administrator).',
  },
  {
    name: 'warmup-images',
    kind: 'list',
    group: 'setup',
    description:
      'Base images to pull into BuildKit before the first build, separated by newlines or ' +
      'commas.',
  },
  {
    name: 'defender-exclusions',
    kind: 'choice',
    group: 'setup',
    options: ['auto', 'true', 'false'],
    default: 'auto',
    description:
      'Add Microsoft Defender exclusions for containerd and BuildKit: `auto` only when ' +
      'real-time protection is on, `true` always, `false` never.',
  },
  {
    name: 'exclusion-paths',
    kind: 'lines',
    group: 'setup',
    description: 'Further folders to exclude from Defender scanning, one per line.',
  },
  {
    name: 'keep-exclusions',
    kind: 'boolean',
    group: 'setup',
    default: 'false',
    description: 'Leave the Defender exclusions that this step added in place after the job.',
  },

  // Diagnostics
  {
    name: 'diagnostics',
    kind: 'choice',
    group: 'diagnostics',
    options: ['on-failure', 'always', 'never'],
    default: 'on-failure',
    description: 'When to collect the diagnostics bundle and attach it to the run.',
  },
  {
    name: 'diagnostics-name',
    kind: 'string',
    group: 'diagnostics',
    description: 'Artifact name; default unique per run, job and attempt.',
  },
  {
    name: 'diagnostics-retention-days',
    kind: 'integer',
    group: 'diagnostics',
    default: '0',
    description: 'Days to keep the artifact on GitHub; 0 uses the repository setting.',
    hosts: ['github'],
  },
  {
    name: 'diagnostics-max-mb',
    kind: 'number',
    group: 'diagnostics',
    default: '50',
    description: 'Largest bundle size in MB; larger files are cut and the cut is recorded.',
  },

  // Registry
  {
    name: 'registry',
    kind: 'string',
    group: 'registry',
    description: 'Registry server to log in to before the build (for example `ghcr.io`).',
    hosts: ['github', 'cli'],
  },
  {
    name: 'username',
    kind: 'string',
    group: 'registry',
    description: 'Registry user name.',
    hosts: ['github', 'cli'],
  },
  {
    name: 'password',
    kind: 'string',
    group: 'registry',
    secret: true,
    description: 'Registry password or token; masked, and passed only through a private config.',
    hosts: ['github'],
    cliVariable: 'WCOW_BUILD_PASSWORD',
  },
  {
    name: 'container-registry',
    azureName: 'containerRegistry',
    kind: 'string',
    group: 'registry',
    azureType: 'connectedService:dockerregistry',
    description: 'Docker registry service connection to log in with before the build.',
    hosts: ['azure'],
  },
];

export interface OutputSpec {
  readonly name: string;
  readonly description: string;
}

export const OUTPUTS: readonly OutputSpec[] = [
  { name: 'result', description: '`success` or `failure`.' },
  { name: 'attempts', description: 'Number of build attempts made.' },
  {
    name: 'failure-class',
    description:
      'Class of the last failure: `lock`, `transient`, `permanent`, `unknown`, `timeout` or ' +
      '`cancelled`; empty on success.',
  },
  { name: 'lock-retries', description: 'How many retries were caused by lock errors.' },
  { name: 'digest', description: 'Image digest reported by the build tool.' },
  { name: 'image-id', description: 'Image id (config digest) reported by the build tool.' },
  { name: 'metadata', description: 'Build result metadata as JSON.' },
  { name: 'queue-wait-seconds', description: 'Seconds spent waiting for the host build slot.' },
  { name: 'diagnostics-path', description: 'Folder of the diagnostics bundle, when one was made.' },
  {
    name: 'diagnostics-artifact',
    description: 'Name of the uploaded diagnostics artifact, when one was uploaded.',
  },
];

/** camelCase form of a kebab-case name, as Azure Pipelines names inputs and output variables. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Azure name of an input. */
export function azureInputName(spec: InputSpec): string {
  return spec.azureName ?? camelCase(spec.name);
}

/** True when `host` offers the input. */
export function offersInput(spec: InputSpec, host: HostKind): boolean {
  return spec.hosts === undefined || spec.hosts.includes(host);
}

export type OutputName = (typeof OUTPUTS)[number]['name'];
