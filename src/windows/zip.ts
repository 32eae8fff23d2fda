import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** A zip archive is malformed, unsafe or uses a feature this reader does not support. */
export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as zip uses it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/**
 * Extracts a zip archive (stored or deflated entries) into `destDir` and returns the relative
 * paths of the files written. Entries that would land outside `destDir` are refused before
 * anything is written, and every file is checked against its CRC-32.
 *
 * LIMITATION: no zip64, no encryption; the small CNI plugin archive needs neither.
 */
export async function extractZip(file: string, destDir: string): Promise<string[]> {
  const data = await fs.readFile(file);
  const entries = readCentralDirectory(data);
  const files: { name: string; body: Buffer }[] = [];
  for (const entry of entries) {
    const name = safeEntryName(entry.name);
    if (name.endsWith('/')) continue;
    files.push({ name, body: readEntry(data, entry) });
  }
  for (const { name, body } of files) {
    const target = path.join(destDir, ...name.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, body, { mode: 0o755 });
  }
  return files.map((entry) => entry.name);
}

function readCentralDirectory(data: Buffer): ZipEntry[] {
  const lowest = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let at = data.length - 22; at >= lowest; at -= 1) {
    if (data.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip archive (no end of central directory record)');
  const count = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff)
    throw new ZipError('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      throw new ZipError(`central directory entry ${i} is damaged`);
    }
    const flags = data.readUInt16LE(offset + 8);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      method: data.readUInt16LE(offset + 10),
      crc: data.readUInt32LE(offset + 16),
      compressedSize: data.readUInt32LE(offset + 20),
      size: data.readUInt32LE(offset + 24),
      localOffset: data.readUInt32LE(offset + 42),
      name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
    };
    if (flags & 0x1) throw new ZipError(`${entry.name} is encrypted`);
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
      throw new ZipError(`${entry.name} needs zip64, which is not supported`);
    }
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(data: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw new ZipError(`${entry.name}: local header is damaged`);
  }
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  const raw = data.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw new ZipError(`${entry.name} is truncated`);
  let body: Buffer;
  if (entry.method === 0) body = Buffer.from(raw);
  else if (entry.method === 8) body = inflateRawSync(raw);
  else
    throw new ZipError(
      `${entry.name} uses compression method ${entry.method}, which is not supported`,
    );
  if (body.length !== entry.size || crc32(body) !== entry.crc) {
    throw new ZipError(`${entry.name} does not match its CRC-32; the archive is damaged`);
  }
  return body;
}

function safeEntryName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  const parts = name.split('/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || parts.includes('..') || name === '') {
    throw new ZipError(`entry '${raw}' would be written outside the target folder`);
  }
  return (
    parts.filter((part) => part !== '.' && part !== '').join('/') + (name.endsWith('/') ? '/' : '')
  );
}
