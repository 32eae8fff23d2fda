import * as fs from 'node:fs';

/** Larger secret files are not read: their lines are registered only up to this size. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;
/** Shorter lines are not secrets worth masking (`{`, `}`, blank lines) and would mangle logs. */
const MIN_SECRET_LINE = 8;

/** A secret file's content, whole and line by line (a log may print one line of it). */
export function secretFileValues(file: string): string[] {
  try {
    if (fs.statSync(file).size > MAX_SECRET_FILE_BYTES) return [];
    const text = fs.readFileSync(file, 'utf8');
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length >= MIN_SECRET_LINE);
    return [text, text.trim(), ...lines];
  } catch {
    return [];
  }
}
