import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { c as createTar } from 'tar';
import { installArchive } from '../../src/windows/archive.js';
import { extractZip, ZipError } from '../../src/windows/zip.js';
import { tarGz } from './helpers/fake-host.js';
import { createZip } from './helpers/zip-writer.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-archive-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, data: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

describe('extractZip', () => {
  it('extracts deflated and stored entries, folders included', async () => {
    const zip = write(
      'cni.zip',
      createZip([
        { name: 'nat.exe', data: Buffer.from('nat '.repeat(100)) },
        { name: 'docs/', data: Buffer.alloc(0), method: 0 },
        { name: 'docs/readme.txt', data: Buffer.from('stored'), method: 0 },
      ]),
    );
    const dest = path.join(dir, 'out');

    expect(await extractZip(zip, dest)).toEqual(['nat.exe', 'docs/readme.txt']);
    expect(fs.readFileSync(path.join(dest, 'nat.exe'), 'utf8')).toBe('nat '.repeat(100));
    expect(fs.readFileSync(path.join(dest, 'docs', 'readme.txt'), 'utf8')).toBe('stored');
  });

  it.each([
    [
      'a damaged entry',
      [{ name: 'nat.exe', data: Buffer.from('x'), crc: 1 }],
      /does not match its CRC-32/,
    ],
    [
      'a path outside the folder',
      [{ name: '../evil.exe', data: Buffer.from('x') }],
      /would be written outside/,
    ],
    [
      'an absolute path',
      [{ name: 'C:/Windows/evil.exe', data: Buffer.from('x') }],
      /would be written outside/,
    ],
  ])('refuses %s and writes nothing', async (_what, entries, message) => {
    const zip = write(
      'bad.zip',
      createZip([{ name: 'first.exe', data: Buffer.from('ok') }, ...entries]),
    );
    const dest = path.join(dir, 'out');
    await expect(extractZip(zip, dest)).rejects.toThrow(message);
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('refuses a file that is not a zip', async () => {
    await expect(
      extractZip(write('x.zip', Buffer.from('not a zip at all')), dir),
    ).rejects.toBeInstanceOf(ZipError);
  });
});

describe('installArchive', () => {
  it('replaces the files of the archive and leaves other files in the folder alone', async () => {
    const dest = path.join(dir, 'Program Files', 'containerd');
    fs.mkdirSync(path.join(dest, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(dest, 'cni', 'conf'), { recursive: true });
    fs.writeFileSync(path.join(dest, 'bin', 'containerd.exe'), 'old');
    fs.writeFileSync(path.join(dest, 'cni', 'conf', '0-containerd-nat.conf'), '{}');
    const archive = write(
      'c.tar.gz',
      await tarGz(dir, 'c.tar.gz', { 'bin/containerd.exe': 'new', 'bin/ctr.exe': 'ctr' }),
    );

    const files = await installArchive(archive, 'tar.gz', dest);

    expect(files.sort()).toEqual([
      path.join(dest, 'bin', 'containerd.exe'),
      path.join(dest, 'bin', 'ctr.exe'),
    ]);
    expect(fs.readFileSync(path.join(dest, 'bin', 'containerd.exe'), 'utf8')).toBe('new');
    expect(fs.readFileSync(path.join(dest, 'cni', 'conf', '0-containerd-nat.conf'), 'utf8')).toBe(
      '{}',
    );
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['containerd']);
    expect(fs.statSync(path.join(dest, 'bin', 'ctr.exe')).mode & 0o111).not.toBe(0);
  });

  it('refuses a tar entry that climbs out of the folder and installs nothing', async () => {
    const inner = path.join(dir, 'src', 'inner');
    fs.mkdirSync(inner, { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'evil.exe'), 'x');
    fs.writeFileSync(path.join(inner, 'fine.exe'), 'x');
    const archive = path.join(dir, 'evil.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: inner, preservePaths: true }, [
      'fine.exe',
      '../evil.exe',
    ]);
    const dest = path.join(dir, 'dest');

    await expect(installArchive(archive, 'tar.gz', dest)).rejects.toThrow(/path contains '\.\.'/);
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['evil.tar.gz', 'src']);
  });
});
