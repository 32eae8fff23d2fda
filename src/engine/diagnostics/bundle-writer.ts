import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Redactor } from './redact.js';
import type { FileRecord } from './types.js';

/** Read size for copies: large enough to be fast, small enough for bounded memory. */
const CHUNK_BYTES = 1024 * 1024;

/** A write refused because the collector that asked for it was already cut off. */
export class ScopeClosedError extends Error {
  override name = 'ScopeClosedError';
}

/** How much of a source file a copy took. */
export interface CopyResult {
  readonly sourceBytes: number;
  /** First source byte copied; > 0 when the head was left out. */
  readonly fromByte: number;
  readonly bytes: number;
}

/** One collector's access to the bundle: every byte written passes the redactor. */
export interface BundleScope {
  writeText(name: string, text: string): Promise<void>;
  writeJson(name: string, value: unknown): Promise<void>;
  /**
   * Copies the last `maxBytes` of `source` (all of it when smaller), redacted, streaming.
   * A first line says how much was left out.
   */
  copyTail(source: string, name: string, maxBytes: number): Promise<CopyResult>;
}

/** The bundle folder and the index of what was written into it. */
export class BundleWriter {
  private readonly records = new Map<string, FileRecord>();

  constructor(
    readonly folder: string,
    readonly redactor: Redactor,
  ) {}

  /** The files written so far, in write order. */
  get files(): FileRecord[] {
    return [...this.records.values()];
  }

  /** Absolute path of a bundle file. */
  resolve(name: string): string {
    const target = path.resolve(this.folder, name);
    if (!target.startsWith(path.resolve(this.folder) + path.sep)) {
      throw new Error(`bundle file name ${name} points outside the bundle folder`);
    }
    return target;
  }

  /** A scope for one collector; `close()` makes later writes fail and drops unfinished files. */
  scope(collector: string): BundleScope & { close(): void } {
    let open = true;
    const controller = new AbortController();
    const guard = async (
      name: string,
      write: (target: string) => Promise<number>,
    ): Promise<void> => {
      if (!open)
        throw new ScopeClosedError(`collector ${collector} was cut off; ${name} not written`);
      const target = this.resolve(name);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      let redactions: number;
      try {
        redactions = await write(target);
      } catch (error) {
        await fs.promises.rm(target, { force: true });
        throw error;
      }
      if (!open) {
        await fs.promises.rm(target, { force: true });
        throw new ScopeClosedError(`collector ${collector} was cut off while writing ${name}`);
      }
      const bytes = (await fs.promises.stat(target)).size;
      this.record({ path: toBundlePath(name), bytes, collector, redactions });
    };
    const writeText = (name: string, text: string): Promise<void> =>
      guard(name, async (target) => {
        const { output, count } = this.redactor.redactBuffer(Buffer.from(text, 'utf8'));
        await fs.promises.writeFile(target, output);
        return count;
      });
    return {
      close() {
        open = false;
        controller.abort();
      },
      writeText,
      writeJson: (name, value) => writeText(name, `${JSON.stringify(value, jsonReplacer, 2)}\n`),
      copyTail: async (source, name, maxBytes) => {
        let result: CopyResult = { sourceBytes: 0, fromByte: 0, bytes: 0 };
        await guard(name, async (target) => {
          const copied = await this.copyRedacted(source, target, maxBytes, controller.signal);
          result = copied.result;
          return copied.redactions;
        });
        return result;
      },
    };
  }

  /** Streams the tail of `source` through the redactor into `target`. */
  async copyRedacted(
    source: string,
    target: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<{ result: CopyResult; redactions: number }> {
    const sourceBytes = (await fs.promises.stat(source)).size;
    const fromByte = Math.max(0, sourceBytes - maxBytes);
    // Start early by the longest pattern so a secret straddling the cut is still recognised.
    const readFrom = Math.max(0, fromByte - Math.max(0, this.redactor.longest - 1));
    const state = this.redactor.stream(fromByte - readFrom);
    const out = fs.createWriteStream(target);
    if (fromByte > 0) out.write(cutNotice(fromByte, sourceBytes));
    const redact = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        done(null, state.push(chunk));
      },
      flush(done) {
        done(null, state.end());
      },
    });
    const input = fs.createReadStream(source, { start: readFrom, highWaterMark: CHUNK_BYTES });
    await pipeline(input, redact, out, { signal });
    const bytes = (await fs.promises.stat(target)).size;
    return { result: { sourceBytes, fromByte, bytes }, redactions: state.count };
  }

  /**
   * Shortens a written file to its last `keepBytes` (plus a first line saying so). The content is
   * already redacted, so any suffix of it is too.
   */
  async keepTail(name: string, keepBytes: number): Promise<number> {
    const target = this.resolve(name);
    const size = (await fs.promises.stat(target)).size;
    if (size <= keepBytes) return size;
    const temporary = `${target}.cut`;
    const out = fs.createWriteStream(temporary);
    out.write(cutNotice(size - keepBytes, size));
    await pipeline(
      fs.createReadStream(target, { start: size - keepBytes, highWaterMark: CHUNK_BYTES }),
      out,
    );
    await fs.promises.rename(temporary, target);
    const bytes = (await fs.promises.stat(target)).size;
    const record = this.records.get(toBundlePath(name));
    if (record !== undefined) this.records.set(record.path, { ...record, bytes });
    return bytes;
  }

  /** Writes a file outside any collector scope: the index itself. */
  async writeOwn(name: string, text: string, collector: string): Promise<number> {
    const target = this.resolve(name);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const { output, count } = this.redactor.redactBuffer(Buffer.from(text, 'utf8'));
    await fs.promises.writeFile(target, output);
    this.record({ path: toBundlePath(name), bytes: output.length, collector, redactions: count });
    return output.length;
  }

  private record(file: FileRecord): void {
    this.records.set(file.path, file);
  }
}

function cutNotice(cutBytes: number, totalBytes: number): string {
  return `[wcow-build: the first ${cutBytes} of ${totalBytes} bytes were left out to keep the bundle within its size cap]\n`;
}

function toBundlePath(name: string): string {
  return name.split(path.sep).join('/');
}

/** JSON for values JSON cannot show: regular expressions as their source, big numbers as text. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof RegExp) return value.source;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
