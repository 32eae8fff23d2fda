import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemDeps } from '../engine/deps.js';
import { runMain } from '../engine/main.js';
import { runPost } from '../engine/post.js';
import { createGithubHost } from '../hosts/github.js';
import { readFileCommands } from '../hosts/github-protocol.js';

/**
 * The main and post steps in one go, for `local-action` (it calls an exported `run`). The runner's
 * files are made in a temporary folder when unset, and the main step's state is handed to the
 * post step as the runner would hand it (STATE_* variables).
 */
export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-build-local-'));
  for (const [variable, file] of [
    ['GITHUB_OUTPUT', 'output'],
    ['GITHUB_STATE', 'state'],
    ['GITHUB_STEP_SUMMARY', 'summary.md'],
  ]) {
    if (process.env[variable]) continue;
    process.env[variable] = path.join(dir, file);
    fs.writeFileSync(process.env[variable]!, '');
  }

  await runMain(createGithubHost(), systemDeps());
  for (const [name, value] of Object.entries(readFileCommands(process.env.GITHUB_STATE!))) {
    process.env[`STATE_${name}`] = value;
  }
  await runPost(createGithubHost(), systemDeps());
  console.log(`Outputs: ${process.env.GITHUB_OUTPUT}; summary: ${process.env.GITHUB_STEP_SUMMARY}`);
}
