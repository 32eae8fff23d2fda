import type { WindowsContext } from './services.js';

/** BuildKit's containerd worker keeps its images and snapshots in this containerd namespace. */
export const BUILDKIT_NAMESPACE = 'buildkit';

/**
 * Writes an image reference in full, as containerd stores it: `nanoserver:ltsc2022` is not
 * understood by ctr, `docker.io/library/nanoserver:ltsc2022` is.
 */
export function normalizeImageRef(ref: string): string {
  let name = ref.trim();
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
    name = `docker.io/${name}`;
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (!last.includes(':') && !last.includes('@')) name = `${name}:latest`;
  return name;
}

/** The argv of `ctr` that pulls (and unpacks) an image into BuildKit's namespace. */
export function pullArgs(ref: string): string[] {
  return ['--namespace', BUILDKIT_NAMESPACE, 'images', 'pull', ref];
}

/** The images BuildKit's namespace already holds; null when containerd cannot be asked. */
export async function listImages(ctr: string, ctx: WindowsContext): Promise<string[] | null> {
  const result = await ctx.exec(
    ctr,
    ['--namespace', BUILDKIT_NAMESPACE, 'images', 'list', '--quiet'],
    {
      env: ctx.env,
      timeoutMs: 60_000,
    },
  );
  if (result.exitCode !== 0) {
    ctx.log.debug(`ctr images list failed: ${result.startError ?? result.stderr.trim()}`);
    return null;
  }
  return result.stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
