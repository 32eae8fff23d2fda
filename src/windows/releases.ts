/**
 * Which release archives the host preparation downloads and how each one's SHA-256 is known.
 *
 * - containerd publishes `<archive>.sha256sum` next to every archive (`<hex>  <name>`).
 * - BuildKit publishes no checksum file; next to every archive it publishes
 *   `<archive base>.sbom.json`, an in-toto statement whose `subject` lists the archive by name
 *   with its sha256 digest (the release job writes the archive and the statement together).
 * - microsoft/windows-container-networking publishes no checksum at all, so its archive is only
 *   accepted with a SHA-256 pinned here or given by the caller.
 *
 * A pin (built in or given) always wins over a published document. When neither exists the
 * download is refused: a release is never installed unverified.
 */

export type ReleaseTool = 'containerd' | 'buildkit' | 'cni';
export type ReleaseArch = 'amd64' | 'arm64';

/** GitHub's release downloads; a mirror with the same `<owner>/<repo>/releases/download` layout may replace it. */
export const DEFAULT_RELEASES_BASE = 'https://github.com';

/** The Windows NAT CNI plugin release that is installed when `nat.exe` is missing. */
export const CNI_VERSION = '0.3.1';

export type ChecksumSource =
  | { readonly kind: 'pinned'; readonly sha256: string; readonly origin: string }
  | { readonly kind: 'sha256sum'; readonly url: string }
  | { readonly kind: 'in-toto'; readonly url: string }
  | { readonly kind: 'none'; readonly reason: string };

export interface ReleaseArtifact {
  readonly tool: ReleaseTool;
  readonly version: string;
  readonly arch: ReleaseArch;
  readonly fileName: string;
  readonly url: string;
  readonly format: 'tar.gz' | 'zip';
  readonly checksum: ChecksumSource;
}

interface Pin {
  readonly sha256: string;
  readonly origin: string;
}

/**
 * SHA-256 values pinned in code, by archive file name. Only values read from a real record are
 * listed; an archive that is missing here and has no published checksum is refused.
 */
export const PINNED_SHA256: Readonly<Record<string, Pin>> = {
  // LIMITATION: Microsoft publishes no checksum for this archive. The value below was recorded
  // by a third-party project (a signed manifest of verified downloads), not by Microsoft; it has
  // not been checked against a download from here. A wrong pin fails closed.
  'windows-container-networking-cni-amd64-v0.3.1.zip': {
    sha256: '4f36ee6905ada238ca2a9e1bfb8a1fb2912c2d88c4b6e5af4c41a42db70d7d68',
    origin: 'pinned in wcow-build (recorded from a third-party verified download)',
  },
};

/** A checksum or checksum document could not be had, so the download is refused. */
export class ChecksumUnavailableError extends Error {
  override name = 'ChecksumUnavailableError';
}

/** The downloaded bytes do not match the expected SHA-256; nothing was extracted. */
export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}

/** Maps Node's `process.arch` to the release naming; undefined when no release exists for it. */
export function releaseArch(nodeArch: string): ReleaseArch | undefined {
  if (nodeArch === 'x64') return 'amd64';
  if (nodeArch === 'arm64') return 'arm64';
  return undefined;
}

/** Describes one release archive: its URL and where its SHA-256 comes from. */
export function releaseArtifact(
  tool: ReleaseTool,
  version: string,
  arch: ReleaseArch,
  base: string = DEFAULT_RELEASES_BASE,
  extraPins: Readonly<Record<string, string>> = {},
): ReleaseArtifact {
  const root = base.replace(/\/+$/, '');
  let fileName: string;
  let url: string;
  let published: ChecksumSource;
  if (tool === 'containerd') {
    fileName = `containerd-${version}-windows-${arch}.tar.gz`;
    url = `${root}/containerd/containerd/releases/download/v${version}/${fileName}`;
    published = { kind: 'sha256sum', url: `${url}.sha256sum` };
  } else if (tool === 'buildkit') {
    const stem = `buildkit-v${version}.windows-${arch}`;
    fileName = `${stem}.tar.gz`;
    url = `${root}/moby/buildkit/releases/download/v${version}/${fileName}`;
    published = {
      kind: 'in-toto',
      url: `${root}/moby/buildkit/releases/download/v${version}/${stem}.sbom.json`,
    };
  } else {
    fileName = `windows-container-networking-cni-${arch}-v${version}.zip`;
    url = `${root}/microsoft/windows-container-networking/releases/download/v${version}/${fileName}`;
    published = {
      kind: 'none',
      reason:
        'microsoft/windows-container-networking publishes no checksum and no SHA-256 is pinned ' +
        `for ${fileName}`,
    };
  }
  const given = extraPins[fileName];
  const builtIn = PINNED_SHA256[fileName];
  const checksum: ChecksumSource =
    given !== undefined
      ? { kind: 'pinned', sha256: given.toLowerCase(), origin: 'given by the caller' }
      : builtIn !== undefined
        ? { kind: 'pinned', sha256: builtIn.sha256, origin: builtIn.origin }
        : published;
  return {
    tool,
    version,
    arch,
    fileName,
    url,
    format: tool === 'cni' ? 'zip' : 'tar.gz',
    checksum,
  };
}

/** Reads the digest for `fileName` from a `sha256sum`-style document. */
export function parseSha256Sum(text: string, fileName: string): string {
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S.*)$/.exec(line.trim());
    if (match && baseName(match[2].trim()) === fileName) return match[1].toLowerCase();
  }
  throw new ChecksumUnavailableError(`the checksum file lists no SHA-256 for ${fileName}`);
}

/** Reads the sha256 digest of `fileName` from an in-toto statement's `subject` list. */
export function parseInTotoSubject(text: string, fileName: string): string {
  let statement: unknown;
  try {
    statement = JSON.parse(text);
  } catch {
    throw new ChecksumUnavailableError('the in-toto statement is not valid JSON');
  }
  const subjects = (statement as { subject?: unknown }).subject;
  if (!Array.isArray(subjects)) {
    throw new ChecksumUnavailableError('the in-toto statement has no subject list');
  }
  for (const subject of subjects as { name?: unknown; digest?: { sha256?: unknown } }[]) {
    const digest = subject.digest?.sha256;
    if (
      typeof subject.name === 'string' &&
      baseName(subject.name) === fileName &&
      typeof digest === 'string'
    ) {
      if (/^[0-9a-fA-F]{64}$/.test(digest)) return digest.toLowerCase();
    }
  }
  throw new ChecksumUnavailableError(
    `the in-toto statement names no sha256 digest for ${fileName}`,
  );
}

/**
 * The SHA-256 an archive must have: pinned, or read from the document its publisher puts next to
 * it. Throws ChecksumUnavailableError (fail closed) when there is none.
 */
export async function resolveChecksum(
  artifact: ReleaseArtifact,
  fetchText: (url: string) => Promise<string>,
): Promise<string> {
  const source = artifact.checksum;
  if (source.kind === 'pinned') return source.sha256;
  if (source.kind === 'none') {
    throw new ChecksumUnavailableError(
      `${artifact.fileName} cannot be verified: ${source.reason}. Install it yourself, or give ` +
        'its SHA-256 as a pinned checksum.',
    );
  }
  let text: string;
  try {
    text = await fetchText(source.url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ChecksumUnavailableError(
      `the published checksum of ${artifact.fileName} could not be read from ${source.url}: ${reason}`,
    );
  }
  return source.kind === 'sha256sum'
    ? parseSha256Sum(text, artifact.fileName)
    : parseInTotoSubject(text, artifact.fileName);
}

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '');
}
