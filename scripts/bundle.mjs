// Builds the committed bundles in dist/ with ncc: one per entry, so that the GitHub bundles never
// contain azure-pipelines-task-lib (importing it clears INPUT_* variables and writes .taskkey).
// The bundles are built beside dist/ and swapped in at the end, so a failed or interrupted build
// leaves the committed dist/ as it was.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const next = path.join(root, 'dist.next');
const entries = [
  ['lib/entries/github-main.js', 'github/main'],
  ['lib/entries/github-post.js', 'github/post'],
  ['lib/entries/azure-task.js', 'azure/task'],
  ['lib/entries/azure-post.js', 'azure/post'],
  ['lib/entries/cli.js', 'cli'],
];

function runNcc(entry, out) {
  const args = [ncc, 'build', entry, '--out', out, '--license', 'licenses.txt', '--quiet'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '--target', 'es2022'], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc ${entry}: ${code}`)),
    );
  });
}

// tsc compiles once; ncc then bundles plain JavaScript, which is many times faster than letting
// ncc type-check every entry on its own.
fs.rmSync(path.join(root, 'lib'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  { cwd: root, stdio: 'inherit' },
);

fs.rmSync(next, { recursive: true, force: true });
await Promise.all(entries.map(([entry, out]) => runNcc(entry, path.join('dist.next', out))));

// The bundles are ES modules; this marks them so wherever dist/ is copied (the .vsix task folder).
fs.writeFileSync(path.join(next, 'package.json'), '{ "type": "module" }\n');
const cli = path.join(next, 'cli', 'index.js');
const text = fs.readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) fs.writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
fs.chmodSync(cli, 0o755);

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
fs.renameSync(next, path.join(root, 'dist'));
