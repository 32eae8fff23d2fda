import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { extractZip } from './zip.js';

/**
 * Unpacks a verified archive into a staging folder next to `destDir` (same volume, so files can be
 * renamed into place), then moves every file into `destDir`. A file already there is renamed
 * aside first and put back if any later move fails, so a failed install leaves the old files.
 * Returns the installed files (absolute paths).
 */
export async function installArchive(
  archive: string,
  format: 'tar.gz' | 'zip',
  destDir: string,
): Promise<string[]> {
  const staging = `${destDir.replace(/[\\/]+$/, '')}.wcow-staging-${randomBytes(4).toString('hex')}`;
  await fs.mkdir(staging, { recursive: true });
  try {
    const files =
      format === 'zip' ? await extractZip(archive, staging) : await extractTarGz(archive, staging);
    if (files.length === 0) throw new Error(`${archive} contains no files`);
    return await moveIntoPlace(staging, files, destDir);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function extractTarGz(archive: string, staging: string): Promise<string[]> {
  const files: string[] = [];
  // Loaded when an archive is unpacked: most steps install nothing.
  const { x: extractTar } = await import('tar');
  // strict turns tar's warnings (absolute or `..` paths, bad headers) into errors; links and
  // devices are skipped because a release archive of executables has no use for them.
  await extractTar({
    file: archive,
    cwd: staging,
    strict: true,
    filter: (_entryPath, entry) => {
      const type = 'type' in entry ? entry.type : entry.isDirectory() ? 'Directory' : 'File';
      return type === 'File' || type === 'OldFile' || type === 'Directory';
    },
    onReadEntry: (entry) => {
      if (entry.type === 'File' || entry.type === 'OldFile')
        files.push(entry.path.replace(/\\/g, '/'));
    },
  });
  return files;
}

async function moveIntoPlace(staging: string, files: string[], destDir: string): Promise<string[]> {
  const moved: { dest: string; backup?: string }[] = [];
  try {
    for (const rel of files) {
      const parts = rel.split('/').filter((part) => part !== '' && part !== '.');
      const src = path.join(staging, ...parts);
      const dest = path.join(destDir, ...parts);
      await fs.mkdir(path.dirname(dest), { recursive: true });
      let backup: string | undefined;
      if (await exists(dest)) {
        // Windows lets a running executable be renamed but not deleted or overwritten.
        backup = `${dest}.wcow-old`;
        await fs.rm(backup, { force: true });
        await fs.rename(dest, backup);
      }
      moved.push({ dest, backup });
      await fs.rename(src, dest);
    }
  } catch (error) {
    for (const { dest, backup } of moved.reverse()) {
      await fs.rm(dest, { force: true }).catch(() => undefined);
      if (backup) await fs.rename(backup, dest).catch(() => undefined);
    }
    throw error;
  }
  for (const { backup } of moved) {
    if (backup) await fs.rm(backup, { force: true }).catch(() => undefined);
  }
  return moved.map(({ dest }) => dest);
}

/** True when the path exists (file or folder). */
export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
