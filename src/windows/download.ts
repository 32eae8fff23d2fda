import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Clock } from '../engine/clock.js';
import type { DownloadCache } from '../hosts/host.js';
import { hostDirname, joinHostPath } from './host-paths.js';
import { ChecksumMismatchError, type ReleaseArtifact } from './releases.js';

/** A download failed for a reason other than a wrong checksum. */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

const TEXT_LIMIT = 1024 * 1024;

/** Reads a small text document (checksum files); follows redirects; throws DownloadError. */
export async function fetchText(url: string, timeoutMs = 60_000): Promise<string> {
  const response = await request(url, timeoutMs);
  const text = await response.text();
  if (text.length > TEXT_LIMIT)
    throw new DownloadError(`${url} is larger than ${TEXT_LIMIT} bytes`);
  return text;
}

/** The SHA-256 of a file, in lower-case hex. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Downloads `url` to `dest`, hashing while it streams into a temporary file next to `dest`. Only
 * bytes whose SHA-256 equals `sha256` ever reach `dest`; otherwise the temporary file is removed
 * and ChecksumMismatchError is thrown.
 */
export async function downloadVerified(
  url: string,
  dest: string,
  sha256: string,
  timeoutMs = 15 * 60_000,
): Promise<{ bytes: number }> {
  const partial = `${dest}.partial`;
  await fs.mkdir(hostDirname(dest), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    const response = await request(url, timeoutMs);
    if (response.body === null) throw new DownloadError(`${url} answered without a body`);
    const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(body, tee, createWriteStream(partial));
  } catch (error) {
    await fs.rm(partial, { force: true });
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`download of ${url} failed: ${(error as Error).message}`);
  }
  const actual = hash.digest('hex');
  if (actual !== sha256.toLowerCase()) {
    await fs.rm(partial, { force: true });
    throw new ChecksumMismatchError(
      `${url} has SHA-256 ${actual}, expected ${sha256}; the download was discarded and nothing ` +
        'was extracted. Check the version and the mirror (WCOW_BUILD_RELEASES_URL) you download from.',
    );
  }
  await fs.rename(partial, dest);
  return { bytes };
}

async function request(url: string, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    // LIMITATION: Node's fetch ignores HTTPS_PROXY unless NODE_USE_ENV_PROXY=1 (Node 24); hosts
    // behind a proxy need that variable or a mirror reachable without one.
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new DownloadError(
      `${url} could not be fetched: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      `${url} answered HTTP ${response.status} ${response.statusText}`.trim(),
    );
  }
  return response;
}

export interface ArchiveCacheOptions {
  readonly toolCacheDir: string;
  readonly downloadCache?: DownloadCache;
  readonly clock: Clock;
  readonly log: { debug(message: string): void; info(message: string): void };
  /** Attempts for network failures (never for a wrong checksum). */
  readonly attempts?: number;
}

/** Where an archive is kept between jobs: `<tool cache>/wcow-build/<tool>/<version>/<arch>`. */
export function archiveCacheDir(toolCacheDir: string, artifact: ReleaseArtifact): string {
  return joinHostPath(toolCacheDir, 'wcow-build', artifact.tool, artifact.version, artifact.arch);
}

/**
 * Returns a local copy of the archive whose SHA-256 is `sha256`: from the tool cache, else from
 * the host's download cache, else downloaded (and then saved to both). Every copy is verified.
 */
export async function ensureArchive(
  artifact: ReleaseArtifact,
  sha256: string,
  options: ArchiveCacheOptions,
): Promise<{ file: string; source: 'tool-cache' | 'download-cache' | 'download' }> {
  const dir = archiveCacheDir(options.toolCacheDir, artifact);
  const file = joinHostPath(dir, artifact.fileName);
  const key = `wcow-build-${artifact.fileName}-${sha256.slice(0, 16)}`;

  if (await isVerified(file, sha256, options)) return { file, source: 'tool-cache' };

  if (options.downloadCache) {
    try {
      const restored = await options.downloadCache.restore([dir], key);
      if (restored && (await isVerified(file, sha256, options))) {
        options.log.info(`Restored ${artifact.fileName} from the download cache (key ${key}).`);
        return { file, source: 'download-cache' };
      }
    } catch (error) {
      options.log.debug(`Download cache restore of ${key} failed: ${(error as Error).message}`);
    }
  }

  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const started = options.clock.now();
      const { bytes } = await downloadVerified(artifact.url, file, sha256);
      options.log.info(
        `Downloaded ${artifact.url} (${bytes} bytes, SHA-256 ${sha256} verified) in ` +
          `${options.clock.now() - started} ms.`,
      );
      break;
    } catch (error) {
      if (!(error instanceof DownloadError) || attempt >= attempts) throw error;
      const delay = 2000 * attempt;
      options.log.info(
        `${error.message}; trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${attempts}).`,
      );
      await options.clock.sleep(delay);
    }
  }

  if (options.downloadCache) {
    try {
      await options.downloadCache.save([dir], key);
      options.log.debug(`Saved ${artifact.fileName} to the download cache (key ${key}).`);
    } catch (error) {
      options.log.debug(`Download cache save of ${key} failed: ${(error as Error).message}`);
    }
  }
  return { file, source: 'download' };
}

async function isVerified(
  file: string,
  sha256: string,
  options: ArchiveCacheOptions,
): Promise<boolean> {
  try {
    await fs.access(file);
  } catch {
    return false;
  }
  const actual = await hashFile(file);
  if (actual === sha256) {
    options.log.debug(`Using cached ${file} (SHA-256 verified).`);
    return true;
  }
  options.log.info(
    `Cached archive ${file} has SHA-256 ${actual}, expected ${sha256}; it was removed and will be ` +
      'downloaded again.',
  );
  await fs.rm(file, { force: true });
  return false;
}
