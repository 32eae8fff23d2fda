/** A base image named by a Dockerfile, with the Windows build its tag stands for when known. */
export interface BaseImage {
  readonly ref: string;
  readonly build?: number;
}

/** Windows release names in image tags and the build each one is. Order matters: first wins. */
const TAG_BUILDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/ltsc2025/i, 26100],
  [/ltsc2022/i, 20348],
  [/ltsc2019/i, 17763],
  [/ltsc2016/i, 14393],
  [/(^|\D)24h2(\D|$)/i, 26100],
  [/(^|\D)23h2(\D|$)/i, 25398],
  [/(^|\D)20h2(\D|$)/i, 19042],
  [/(^|\D)2004(\D|$)/, 19041],
  [/(^|\D)1909(\D|$)/, 18363],
  [/(^|\D)1903(\D|$)/, 18362],
  [/(^|\D)1809(\D|$)/, 17763],
  [/(^|\D)1803(\D|$)/, 17134],
  [/(^|\D)1709(\D|$)/, 16299],
  [/(^|\D)1607(\D|$)/, 14393],
];

/** LTSC builds whose images later hosts keep running in process isolation (stable ABI). */
const STABLE_LTSC = [20348, 26100];

/** The Windows build an image reference's tag names, when it names one. */
export function windowsBuildOfRef(ref: string): number | undefined {
  if (!/windows|nanoserver|servercore|mcr\.microsoft\.com/i.test(ref)) return undefined;
  const name = ref.split('@')[0];
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return undefined;
  const tag = lastSegment.slice(colon + 1);
  const explicit = /10\.0\.(\d{5})/.exec(tag);
  if (explicit) return Number(explicit[1]);
  return TAG_BUILDS.find(([pattern]) => pattern.test(tag))?.[1];
}

/**
 * Whether a container of `imageBuild` can run process-isolated on a host of `hostBuild`. Before
 * Windows Server 2022 the builds must be equal; from 20348 on a host also runs images from the
 * newest stable LTSC below it up to its own build.
 */
export function processIsolationCompatible(hostBuild: number, imageBuild: number): boolean {
  if (hostBuild < STABLE_LTSC[0]) return hostBuild === imageBuild;
  const floor = [...STABLE_LTSC].reverse().find((ltsc) => ltsc < hostBuild) ?? hostBuild;
  return imageBuild >= floor && imageBuild <= hostBuild;
}

/**
 * The base images of every stage of a Dockerfile, with `ARG` defaults and `--build-arg` values
 * substituted; stages built FROM an earlier stage are left out.
 */
export function baseImagesOf(dockerfile: string, buildArgs: readonly string[]): BaseImage[] {
  const args = new Map<string, string>();
  for (const arg of buildArgs) {
    const at = arg.indexOf('=');
    if (at > 0) args.set(arg.slice(0, at), arg.slice(at + 1));
  }
  const stages = new Set<string>();
  const images: BaseImage[] = [];
  let inStages = false;
  for (const line of logicalLines(dockerfile)) {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    const keyword = instruction?.toUpperCase();
    if (keyword === 'ARG' && !inStages) {
      const [name, value] = (rest[0] ?? '').split(/=(.*)/s, 2);
      if (name !== '' && !args.has(name) && value !== undefined) args.set(name, unquote(value));
    }
    if (keyword !== 'FROM') continue;
    inStages = true;
    const words = rest.filter((word) => !word.startsWith('--'));
    const ref = substitute(words[0] ?? '', args);
    if (words[1]?.toUpperCase() === 'AS' && words[2] !== undefined)
      stages.add(words[2].toLowerCase());
    if (ref === '' || ref.toLowerCase() === 'scratch' || stages.has(ref.toLowerCase())) continue;
    images.push({ ref, build: windowsBuildOfRef(ref) });
  }
  return images;
}

/** Dockerfile lines with continuations joined; honours the `# escape=` directive. */
function logicalLines(text: string): string[] {
  const escape = /^#\s*escape\s*=\s*(\S)/im.exec(text.split(/\r?\n/, 5).join('\n'))?.[1] ?? '\\';
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) && current === '') continue;
    const trimmed = raw.trimEnd();
    if (trimmed.endsWith(escape)) {
      current += `${trimmed.slice(0, -1)} `;
      continue;
    }
    lines.push(current + trimmed);
    current = '';
  }
  if (current !== '') lines.push(current);
  return lines;
}

function substitute(value: string, args: ReadonlyMap<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_match, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    return args.get(name) || (fallback as string | undefined) || '';
  });
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
