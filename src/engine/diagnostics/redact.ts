/** What replaces every secret occurrence. */
export const MASK = '***';

const MASK_BYTES = Buffer.from(MASK);

/** Values shorter than this are redacted in plain form only and reported as short. */
export const SHORT_SECRET_LENGTH = 4;

/** A user name and password whose `user:password` base64 form appears in registry auth. */
export interface Credential {
  readonly username: string;
  readonly password: string;
}

/**
 * The byte patterns one value can take in a log or file: as is, JSON-escaped, URL-encoded,
 * base64 (whole, and the part that does not depend on what follows it when embedded in a longer
 * base64 text), and UTF-16LE as Windows tools write it.
 */
export function secretForms(value: string): Buffer[] {
  const forms = new Set<string>([value, JSON.stringify(value).slice(1, -1)]);
  const buffers: Buffer[] = [];
  if (value.length >= SHORT_SECRET_LENGTH) {
    forms.add(encodeURIComponent(value));
    for (const encoded of base64Forms(value)) forms.add(encoded);
    buffers.push(Buffer.from(value, 'utf16le'));
  }
  for (const form of forms) buffers.push(Buffer.from(form, 'utf8'));
  return buffers;
}

function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const padded = bytes.toString('base64');
  const aligned = bytes.subarray(0, bytes.length - (bytes.length % 3)).toString('base64');
  const forms = [padded, padded.replace(/=+$/, '')];
  return aligned.length >= SHORT_SECRET_LENGTH ? [...forms, aligned] : forms;
}

/** Counts of what a redactor searches for, for the bundle's index. */
export interface RedactionStats {
  readonly values: number;
  readonly patterns: number;
  readonly shortValues: number;
}

/**
 * Replaces every known secret, in each of its forms, by `***`. Works on bytes so that logs in
 * any encoding pass through unchanged apart from the replacements.
 */
export class Redactor {
  readonly needles: readonly Buffer[];
  /** Length of the longest pattern: how much a stream must hold back between chunks. */
  readonly longest: number;
  readonly stats: RedactionStats;

  constructor(values: readonly string[], credentials: readonly Credential[] = []) {
    const distinct = [...new Set(values.filter((value) => value.trim() !== ''))];
    const needles = new Map<string, Buffer>();
    const add = (buffer: Buffer): void => {
      if (buffer.length > 0) needles.set(buffer.toString('hex'), buffer);
    };
    for (const value of distinct) secretForms(value).forEach(add);
    for (const { username, password } of credentials) {
      if (password.trim() === '') continue;
      for (const encoded of base64Forms(`${username}:${password}`)) add(Buffer.from(encoded));
    }
    this.needles = [...needles.values()].sort((a, b) => b.length - a.length);
    this.longest = this.needles.reduce((max, needle) => Math.max(max, needle.length), 0);
    this.stats = {
      values: distinct.length,
      patterns: this.needles.length,
      shortValues: distinct.filter((value) => value.length < SHORT_SECRET_LENGTH).length,
    };
  }

  /** Where secrets occur in `buffer`, as merged, sorted [start, end) ranges. */
  ranges(buffer: Buffer): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const needle of this.needles) {
      for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + 1)) {
        found.push([at, at + needle.length]);
      }
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: Array<[number, number]> = [];
    for (const range of found) {
      const last = merged[merged.length - 1];
      if (last !== undefined && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    return merged;
  }

  /** A redacted copy of `buffer` and the number of replacements. */
  redactBuffer(buffer: Buffer): { output: Buffer; count: number } {
    const ranges = this.ranges(buffer);
    if (ranges.length === 0) return { output: buffer, count: 0 };
    return { output: splice(buffer, ranges, 0, buffer.length, 0), count: ranges.length };
  }

  /** `text` with every secret replaced. */
  redactText(text: string): string {
    if (this.needles.length === 0) return text;
    return this.redactBuffer(Buffer.from(text, 'utf8')).output.toString('utf8');
  }

  /**
   * A redacting stream state. Input before byte `discardBefore` is read (so that a secret that
   * straddles the cut is still recognised) but not emitted; a secret crossing it becomes `***`.
   */
  stream(discardBefore = 0): StreamRedactor {
    return new StreamRedactor(this, discardBefore);
  }
}

/**
 * Redacts a byte stream of any size in bounded memory, line by line where lines allow. After each
 * chunk it emits everything up to the last line end that lies before the final `longest - 1`
 * bytes: a secret that starts in the emitted part must end inside the buffer, so it has been seen
 * whole, and one that a chunk boundary splits is held back until its end arrives. A line longer
 * than the buffer is cut at that same bound, so memory stays bounded whatever the input.
 */
export class StreamRedactor {
  private pending: Buffer = Buffer.alloc(0);
  /** Input offset of `pending[0]`. */
  private offset = 0;
  count = 0;

  constructor(
    private readonly redactor: Redactor,
    private readonly discardBefore: number,
  ) {}

  /** Takes the next input bytes; returns what can be written now. */
  push(chunk: Buffer): Buffer {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.emit(false);
  }

  /** Returns the rest once the input has ended. */
  end(): Buffer {
    return this.emit(true);
  }

  private emit(final: boolean): Buffer {
    const buffer = this.pending;
    const ranges = this.redactor.ranges(buffer);
    let end = final ? buffer.length : buffer.length - Math.max(0, this.redactor.longest - 1);
    if (end <= 0) return Buffer.alloc(0);
    if (!final) {
      const lineEnd = buffer.lastIndexOf(0x0a, end - 1);
      if (lineEnd >= 0) end = lineEnd + 1;
    }
    // A match across the cut waits for the next round, whole, so that overlapping secrets merge.
    for (const [start, stop] of ranges) if (start < end && stop > end) end = start;
    if (end <= 0) return Buffer.alloc(0);
    const used = ranges.filter(([start]) => start < end);
    this.count += used.filter(([, stop]) => this.offset + stop > this.discardBefore).length;
    const output = splice(buffer, used, 0, end, Math.max(0, this.discardBefore - this.offset));
    this.pending = buffer.subarray(end);
    this.offset += end;
    return output;
  }
}

/** Bytes [from, to) of `buffer` with `ranges` masked, leaving out plain bytes before `skip`. */
function splice(
  buffer: Buffer,
  ranges: Array<[number, number]>,
  from: number,
  to: number,
  skip: number,
): Buffer {
  const parts: Buffer[] = [];
  let at = from;
  const plain = (start: number, stop: number): void => {
    const begin = Math.max(start, skip);
    if (stop > begin) parts.push(buffer.subarray(begin, stop));
  };
  for (const [start, stop] of ranges) {
    plain(at, start);
    if (stop > skip) parts.push(MASK_BYTES);
    at = stop;
  }
  plain(at, to);
  return Buffer.concat(parts);
}
