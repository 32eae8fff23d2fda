import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * The GitHub runner's step protocol: inputs and state from the environment, workflow commands on
 * stdout, outputs, state and the summary in the runner's files.
 *
 * Written here rather than taken from @actions/core because that package loads an HTTP client
 * for OIDC tokens that this step never asks for, which made up most of the step's start-up time
 * (see the benchmark in the README). @actions/artifact and @actions/cache still load it, only
 * when an artifact is uploaded or a download is cached.
 */

/** `%`, CR and LF in a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property also escapes the `:` and `,` that separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line: `::name key=value,...::message`. */
export function formatCommand(
  name: string,
  message: string,
  properties: Readonly<Record<string, string | number | undefined>> = {},
): string {
  const pairs = Object.entries(properties)
    .filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '',
    )
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  const head = pairs.length > 0 ? `${name} ${pairs.join(',')}` : name;
  return `::${head}::${escapeData(message)}${os.EOL}`;
}

/** A `name<<delimiter` block for GITHUB_OUTPUT and GITHUB_STATE; the delimiter is random. */
export function formatFileCommand(
  name: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`The value of ${name} contains the delimiter ${delimiter}.`);
  }
  return `${name}<<${delimiter}${os.EOL}${value}${os.EOL}${delimiter}${os.EOL}`;
}

/** The value of input `name` (trimmed), as the runner passes it. */
export function readInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Appends a name/value block to one of the runner's files (GITHUB_OUTPUT, GITHUB_STATE). */
export function appendFileCommand(
  env: NodeJS.ProcessEnv,
  variable: string,
  name: string,
  value: string,
): void {
  const file = env[variable];
  if (file === undefined || file === '') {
    throw new Error(
      `${variable} is not set: this step must run on a GitHub Actions runner 2.297 or later.`,
    );
  }
  fs.appendFileSync(file, formatFileCommand(name, value));
}

/** The name/value blocks of a GITHUB_OUTPUT or GITHUB_STATE file, as the runner reads them. */
export function readFileCommands(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split(os.EOL);
  for (let index = 0; index < lines.length; index += 1) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[index]);
    if (heredoc === null) continue;
    const [, name, delimiter] = heredoc;
    const body: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== delimiter; index += 1) {
      body.push(lines[index]);
    }
    values[name] = body.join(os.EOL);
  }
  return values;
}
