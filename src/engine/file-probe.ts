import * as fs from 'node:fs';
import type { FileProbe } from './attempts.js';

/**
 * Tries to open a file named in a lock error. On Windows a file held open without sharing fails
 * to open with EBUSY (ERROR_SHARING_VIOLATION); anything else (opened, gone, a folder) counts as
 * free, because only a sharing violation says another process still holds it.
 */
export const probeFile: FileProbe = async (file) => {
  try {
    const handle = await fs.promises.open(file, 'r');
    await handle.close();
    return 'free';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EBUSY' ? 'held' : 'free';
  }
};
