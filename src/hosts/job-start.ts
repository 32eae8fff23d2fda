import * as fs from 'node:fs';

/**
 * When the job started, as near as the host lets us know: the runner creates its temp folder
 * afresh for every job, so its creation time is the job's start. Falls back to `fallback`.
 */
export function jobStartFromTempDir(tempDir: string | undefined, fallback: number): number {
  if (tempDir === undefined || tempDir === '') return fallback;
  try {
    const stats = fs.statSync(tempDir);
    const born = stats.birthtimeMs > 0 ? stats.birthtimeMs : stats.ctimeMs;
    return Math.min(born, fallback);
  } catch {
    return fallback;
  }
}
