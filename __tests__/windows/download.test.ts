import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DownloadError, downloadVerified, ensureArchive } from '../../src/windows/download.js';
import { ChecksumMismatchError, releaseArtifact } from '../../src/windows/releases.js';
import { fakeClock, recordingLog, sha256 } from './helpers/fake-host.js';
import { startReleaseServer, type ReleaseServer } from './helpers/release-server.js';

let server: ReleaseServer;
let dir: string;
const body = Buffer.from('containerd archive bytes '.repeat(4000));

beforeEach(async () => {
  server = await startReleaseServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-download-'));
});

afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('downloadVerified', () => {
  it('follows a redirect, hashes while streaming and keeps the verified file', async () => {
    server.set('/objects/a.tar.gz', body);
    const dest = path.join(dir, 'cache', 'a.tar.gz');

    const result = await downloadVerified(
      `${server.baseUrl}/redirect/objects/a.tar.gz`,
      dest,
      sha256(body),
    );

    expect(result.bytes).toBe(body.length);
    expect(fs.readFileSync(dest)).toEqual(body);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['a.tar.gz']);
    expect(server.requests).toEqual(['/redirect/objects/a.tar.gz', '/objects/a.tar.gz']);
  });

  it('discards bytes with another SHA-256 and leaves no file behind', async () => {
    server.set('/a.tar.gz', body);
    const dest = path.join(dir, 'a.tar.gz');

    const error = await downloadVerified(`${server.baseUrl}/a.tar.gz`, dest, 'f'.repeat(64)).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toContain(
      `has SHA-256 ${sha256(body)}, expected ${'f'.repeat(64)}`,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports an HTTP error with the URL and status', async () => {
    const error = await downloadVerified(
      `${server.baseUrl}/missing.tar.gz`,
      path.join(dir, 'x'),
      'a'.repeat(64),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toBe(
      `${server.baseUrl}/missing.tar.gz answered HTTP 404 Not Found`,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('ensureArchive', () => {
  function artifact() {
    return releaseArtifact('containerd', '2.1.4', 'amd64', server.baseUrl);
  }

  it('downloads once, then serves the verified copy from the tool cache', async () => {
    server.set(new URL(artifact().url).pathname, body);
    const options = { toolCacheDir: dir, clock: fakeClock(), log: recordingLog() };

    const first = await ensureArchive(artifact(), sha256(body), options);
    const second = await ensureArchive(artifact(), sha256(body), options);

    expect(first).toEqual({
      file: path.join(dir, 'wcow-build', 'containerd', '2.1.4', 'amd64', artifact().fileName),
      source: 'download',
    });
    expect(second.source).toBe('tool-cache');
    expect(server.requests).toHaveLength(1);
  });

  it('replaces a cached copy that no longer matches', async () => {
    server.set(new URL(artifact().url).pathname, body);
    const log = recordingLog();
    const { file } = await ensureArchive(artifact(), sha256(body), {
      toolCacheDir: dir,
      clock: fakeClock(),
      log,
    });
    fs.writeFileSync(file, 'tampered');

    const again = await ensureArchive(artifact(), sha256(body), {
      toolCacheDir: dir,
      clock: fakeClock(),
      log,
    });

    expect(again.source).toBe('download');
    expect(fs.readFileSync(file)).toEqual(body);
    expect(log.text('info')).toContain(`Cached archive ${file} has SHA-256 ${sha256('tampered')}`);
  });

  it('tries a failed download again after a pause on the injected clock', async () => {
    const clock = fakeClock();
    const urlPath = new URL(artifact().url).pathname;
    const waiting = {
      ...clock,
      sleep: async (ms: number) => {
        await clock.sleep(ms);
        server.set(urlPath, body); // the mirror recovers while we wait
      },
    };

    const result = await ensureArchive(artifact(), sha256(body), {
      toolCacheDir: dir,
      clock: waiting,
      log: recordingLog(),
    });

    expect(result.source).toBe('download');
    expect(clock.slept).toEqual([2000]);
  });

  it('never retries a wrong checksum', async () => {
    server.set(new URL(artifact().url).pathname, body);
    const clock = fakeClock();
    await expect(
      ensureArchive(artifact(), 'e'.repeat(64), { toolCacheDir: dir, clock, log: recordingLog() }),
    ).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(clock.slept).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});
