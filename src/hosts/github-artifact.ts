import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';

/** The artifact could not be uploaded; the bundle folder is still on the runner. */
export class ArtifactUploadError extends Error {
  override name = 'ArtifactUploadError';
}

/** What GitHub recorded for an uploaded artifact. */
export interface GithubArtifact {
  readonly name: string;
  readonly id?: number;
  /** The artifact's page in the run, when the run's repository is known. */
  readonly url?: string;
  /** Bytes uploaded (the zip). */
  readonly size?: number;
}

/**
 * Uploads every file under `folder` (paths kept relative to it) as one artifact of this job.
 * `retentionDays` 0 keeps the repository's default. Throws ArtifactUploadError when the job has
 * no artifact service (no runtime token) or the upload fails.
 */
export async function uploadGithubArtifact(
  name: string,
  folder: string,
  retentionDays: number,
): Promise<GithubArtifact> {
  const env = process.env;
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
    throw new ArtifactUploadError(
      `Cannot upload artifact ${name}: ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set, so this step ` +
        `is not running in a GitHub Actions job that can store artifacts. The files stay in ${folder}.`,
    );
  }
  const files = listFiles(folder);
  if (files.length === 0)
    throw new ArtifactUploadError(`Cannot upload artifact ${name}: ${folder} holds no files.`);

  let uploaded: { id?: number; size?: number };
  try {
    const client = new DefaultArtifactClient();
    uploaded = await client.uploadArtifact(
      name,
      files,
      folder,
      retentionDays > 0 ? { retentionDays } : {},
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArtifactUploadError(
      `Uploading artifact ${name} failed: ${reason}. The files stay in ${folder}.`,
    );
  }
  return { name, id: uploaded.id, url: artifactUrl(env, uploaded.id), size: uploaded.size };
}

/** Every regular file under `folder`, depth first, in a stable order. */
function listFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

function artifactUrl(env: NodeJS.ProcessEnv, id: number | undefined): string | undefined {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  if (id === undefined || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}
