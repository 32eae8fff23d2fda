import { systemDeps } from '../engine/deps.js';
import { runMain } from '../engine/main.js';
import { runPost } from '../engine/post.js';
import { createGithubHost } from '../hosts/github.js';

/** The main and post steps in one go, for `local-action` (it calls an exported `run`). */
export async function run(): Promise<void> {
  const host = createGithubHost();
  await runMain(host, systemDeps());
  await runPost(host, systemDeps());
}
