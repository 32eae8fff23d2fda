import type { BundleWriter } from './bundle-writer.js';
import type { CutRecord } from './types.js';

/** Room a cut file needs for its first line saying what was left out. */
export const CUT_NOTICE_BYTES = 160;

/**
 * The largest size each item may keep so that all of them fit `budget`, cutting the largest
 * first ("water-filling"): items at or below the returned cap stay whole. Infinity = no cut.
 */
export function capFor(sizes: readonly number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let remaining = Math.max(0, budget);
  for (let index = 0; index < sorted.length; index++) {
    const share = remaining / (sorted.length - index);
    if (sorted[index] > share) return Math.floor(share);
    remaining -= sorted[index];
  }
  return Infinity;
}

/** Bytes kept of an item of `size` under `cap`, leaving room for the cut notice. */
export function keepUnder(size: number, cap: number): number {
  return size <= cap ? size : Math.max(0, cap - CUT_NOTICE_BYTES);
}

/**
 * Cuts the bundle's written files (keeping their tails) until they fit `budget` bytes. Returns
 * one record per file it cut.
 */
export async function fitFiles(
  writer: BundleWriter,
  budget: number,
  exclude: ReadonlySet<string>,
): Promise<CutRecord[]> {
  const files = writer.files.filter((file) => !exclude.has(file.path));
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  if (total <= budget) return [];
  const cap = capFor(
    files.map((file) => file.bytes),
    budget,
  );
  const cuts: CutRecord[] = [];
  for (const file of files) {
    if (file.bytes <= cap) continue;
    const bytesAfter = await writer.keepTail(file.path, keepUnder(file.bytes, cap));
    cuts.push({
      path: file.path,
      bytesBefore: file.bytes,
      bytesAfter,
      reason: 'size cap: kept the tail',
    });
  }
  return cuts;
}

/** Merges cut records of the same file: first size before, last size after. */
export function mergeCuts(cuts: readonly CutRecord[]): CutRecord[] {
  const merged = new Map<string, CutRecord>();
  for (const cut of cuts) {
    const earlier = merged.get(cut.path);
    merged.set(cut.path, earlier === undefined ? cut : { ...earlier, bytesAfter: cut.bytesAfter });
  }
  return [...merged.values()];
}
