import * as path from 'node:path';
import type { Settings } from './settings.js';

/** The program and arguments of one build; every value is its own argv element. */
export interface BuildCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Where the tool writes its result metadata (digest, image id). */
  readonly metadataFile: string;
}

/** Builds the buildctl or docker buildx argv for the settings; pure, no I/O. */
export function buildCommand(settings: Settings, metadataFile: string, cwd: string): BuildCommand {
  const args =
    settings.builder === 'buildx'
      ? buildxArgs(settings, metadataFile, cwd)
      : buildctlArgs(settings, metadataFile, cwd);
  return { command: settings.builder === 'buildx' ? 'docker' : 'buildctl', args, metadataFile };
}

function dockerfileParts(
  settings: Settings,
  cwd: string,
): { dir: string; name: string; context: string } {
  const context = path.resolve(cwd, settings.context);
  const file =
    settings.file === '' ? path.join(context, 'Dockerfile') : path.resolve(cwd, settings.file);
  return { dir: path.dirname(file), name: path.basename(file), context };
}

function buildctlArgs(settings: Settings, metadataFile: string, cwd: string): string[] {
  const { dir, name, context } = dockerfileParts(settings, cwd);
  const args = ['--addr', settings.buildkitAddress];
  if (settings.buildkitTlsDir !== '') args.push('--tlsdir', settings.buildkitTlsDir);
  args.push('build', '--progress', 'plain', '--frontend', 'dockerfile.v0');
  args.push('--local', `context=${context}`, '--local', `dockerfile=${dir}`);
  args.push('--opt', `filename=${name}`);
  if (settings.target !== '') args.push('--opt', `target=${settings.target}`);
  for (const arg of settings.buildArgs) args.push('--opt', `build-arg:${arg}`);
  for (const label of settings.labels) args.push('--opt', `label:${label}`);
  if (settings.platforms.length > 0) args.push('--opt', `platform=${settings.platforms.join(',')}`);
  if (settings.noCache) args.push('--no-cache');
  for (const spec of settings.cacheFrom) args.push('--import-cache', spec);
  for (const spec of settings.cacheTo) args.push('--export-cache', spec);
  for (const secret of settings.secrets) args.push('--secret', secretSpec(secret, cwd));
  for (const output of buildctlOutputs(settings)) args.push('--output', output);
  args.push('--metadata-file', metadataFile);
  args.push(...settings.extraArgs);
  return args;
}

/**
 * buildctl takes one image output whose `name` lists every tag; the field is quoted because the
 * output spec is itself comma-separated (CSV), so `name=a,b` would split.
 */
function buildctlOutputs(settings: Settings): string[] {
  if (settings.outputs.length > 0) return [...settings.outputs];
  // Without tags the result stays in the build cache (settings refuse push without tags).
  if (settings.tags.length === 0) return [];
  const names = settings.tags.join(',');
  const name = settings.tags.length > 1 ? `"name=${names}"` : `name=${names}`;
  return [`type=image,${name},push=${settings.push}`];
}

function buildxArgs(settings: Settings, metadataFile: string, cwd: string): string[] {
  const { dir, name, context } = dockerfileParts(settings, cwd);
  const args = ['buildx', 'build'];
  if (settings.buildxBuilder !== '') args.push('--builder', settings.buildxBuilder);
  args.push('--progress', 'plain');
  args.push('--file', path.join(dir, name));
  if (settings.target !== '') args.push('--target', settings.target);
  for (const arg of settings.buildArgs) args.push('--build-arg', arg);
  for (const label of settings.labels) args.push('--label', label);
  if (settings.platforms.length > 0) args.push('--platform', settings.platforms.join(','));
  if (settings.noCache) args.push('--no-cache');
  for (const spec of settings.cacheFrom) args.push('--cache-from', spec);
  for (const spec of settings.cacheTo) args.push('--cache-to', spec);
  for (const secret of settings.secrets) args.push('--secret', secretSpec(secret, cwd));
  if (settings.outputs.length > 0) {
    for (const output of settings.outputs) args.push('--output', output);
  } else {
    for (const tag of settings.tags) args.push('--tag', tag);
    if (settings.push) args.push('--push');
  }
  args.push('--metadata-file', metadataFile);
  args.push(...settings.extraArgs);
  args.push(context);
  return args;
}

function secretSpec(secret: Settings['secrets'][number], cwd: string): string {
  if (secret.env !== undefined) return `id=${secret.id},env=${secret.env}`;
  return `id=${secret.id},src=${path.resolve(cwd, secret.src ?? '')}`;
}
