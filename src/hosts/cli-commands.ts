import * as fs from 'node:fs';
import { classify } from '../engine/classify.js';
import { systemDeps } from '../engine/deps.js';
import { cancelOnSignals } from '../engine/cancel.js';
import { describeError } from '../engine/errors.js';
import { INPUTS, offersInput, type InputSpec } from '../engine/inputs.js';
import { loadSettings, runMain } from '../engine/main.js';
import { runPost } from '../engine/post.js';
import { prepareOptions } from '../engine/prepare-options.js';
import { VERSION } from '../version.js';
import { planHostPreparation } from '../windows/prepare.js';
import { createCliHost } from './cli.js';

const USAGE = `Usage:
  wcow-build build [--<input> <value> ...]   run a build with retries (inputs as in action.yml)
  wcow-build classify [FILE|-] [--retry-patterns RE] [--fatal-patterns RE]
                                            print how a build log would be classified, as JSON
  wcow-build setup --plan [--os windows] [--<input> <value> ...]
                                            print every change host preparation would make, as JSON
  wcow-build --help | --version

Repeat a flag to give several lines (--tags a --tags b). A boolean flag alone means true.
`;

/** Exit codes: 0 done, 1 the build (or the command) failed, 2 the command line was wrong. */
class UsageError extends Error {
  override name = 'UsageError';
}

const CLI_INPUTS = INPUTS.filter((spec) => offersInput(spec, 'cli'));

/**
 * Parses `--name value` flags into input values; repeated flags become lines. `extra` names the
 * command's own options: a `switch` takes no value.
 */
export function parseFlags(
  args: readonly string[],
  extraOptions: Readonly<Record<string, 'switch' | 'value'>> = {},
): { inputs: Map<string, string>; positional: string[] } {
  const extra = Object.keys(extraOptions);
  const inputs = new Map<string, string>();
  const positional: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec: InputSpec | undefined = CLI_INPUTS.find((candidate) => candidate.name === name);
    if (spec === undefined && !extra.includes(name)) {
      throw new UsageError(
        `Unknown option --${name}. Accepted: ${[...CLI_INPUTS.map((s) => s.name), ...extra].map((n) => `--${n}`).join(', ')}.`,
      );
    }
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else if (extraOptions[name] === 'switch') {
      value = 'true';
    } else if (
      spec?.kind === 'boolean' &&
      (index + 1 >= args.length || args[index + 1].startsWith('--'))
    ) {
      value = 'true';
    } else if (index + 1 < args.length) {
      index += 1;
      value = args[index];
    } else {
      throw new UsageError(`Option --${name} needs a value.`);
    }
    const before = inputs.get(name);
    inputs.set(name, before === undefined ? value : `${before}\n${value}`);
  }
  return { inputs, positional };
}

async function readLog(source: string | undefined): Promise<string> {
  if (source === undefined || source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  const handle = await fs.promises.open(source, 'r');
  try {
    // The classifier reads the end of a log; a multi-gigabyte file is not read whole.
    const { size } = await handle.stat();
    const length = Math.min(size, 4 * 1024 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

async function classifyCommand(args: readonly string[]): Promise<number> {
  const { inputs, positional } = parseFlags(args);
  if (positional.length > 1)
    throw new UsageError('classify takes one FILE (or - for standard input).');
  const { host } = createCliHost(inputs);
  const settings = loadSettings(host, systemDeps());
  const text = await readLog(positional[0]);
  const verdict = classify(text, {
    retryPatterns: settings.retryPatterns,
    fatalPatterns: settings.fatalPatterns,
  });
  process.stdout.write(
    `${JSON.stringify({ class: verdict.class, rule: verdict.rule, evidence: verdict.evidence, lockedPaths: verdict.lockedPaths })}\n`,
  );
  return 0;
}

async function buildCommandLine(args: readonly string[]): Promise<number> {
  const { inputs, positional } = parseFlags(args);
  if (positional.length > 0)
    throw new UsageError(`build takes only --<input> flags, not ${positional.join(' ')}.`);
  const { host, outputs, failed } = createCliHost(inputs);
  const deps = systemDeps(cancelOnSignals());
  await runMain(host, deps);
  await runPost(host, deps);
  process.stdout.write(`${JSON.stringify(outputs)}\n`);
  return failed() === undefined ? 0 : 1;
}

async function setupCommand(args: readonly string[]): Promise<number> {
  const { inputs, positional } = parseFlags(args, { plan: 'switch', os: 'value' });
  if (!inputs.has('plan') || positional.length > 0)
    throw new UsageError('setup needs --plan: it only shows what it would change.');
  const os = inputs.get('os');
  if (os !== undefined && os !== 'windows')
    throw new UsageError(`--os accepts only windows, not ${os}.`);
  inputs.delete('plan');
  inputs.delete('os');
  const { host } = createCliHost(inputs);
  const deps = systemDeps();
  const platform = os === 'windows' ? 'win32' : deps.platform;
  const settings = loadSettings(host, { ...deps, platform });
  const plan = await planHostPreparation({
    ...prepareOptions(host, settings, { ...deps, platform }, host.context.tempDir),
    assumeFreshHost: os === 'windows' && deps.platform !== 'win32',
  });
  process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  return 0;
}

/** Runs the `wcow-build` command line; resolves with the exit code. */
export async function runCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'build':
        return await buildCommandLine(rest);
      case 'classify':
        return await classifyCommand(rest);
      case 'setup':
        return await setupCommand(rest);
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command ${command}.`);
    }
  } catch (error) {
    process.stderr.write(`wcow-build: ${describeError(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(USAGE);
    return error instanceof UsageError ? 2 : 1;
  }
}
