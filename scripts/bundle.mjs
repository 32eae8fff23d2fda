// Builds the committed bundles in dist/ with ncc: one per entry, so that the GitHub bundles never
// contain azure-pipelines-task-lib (importing it clears INPUT_* variables and writes .taskkey).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = [
  ['lib/entries/github-main.js', 'dist/github/main'],
  ['lib/entries/github-post.js', 'dist/github/post'],
  ['lib/entries/azure-task.js', 'dist/azure/task'],
  ['lib/entries/azure-post.js', 'dist/azure/post'],
  ['lib/entries/cli.js', 'dist/cli'],
];

// tsc compiles once; ncc then bundles plain JavaScript, which is many times faster than letting
// ncc type-check every entry on its own.
fs.rmSync(path.join(root, 'lib'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync(
    process.execPath,
    [
      ncc,
      'build',
      entry,
      '--out',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
// The bundles are ES modules; this marks them so wherever dist/ is copied (the .vsix task folder).
fs.writeFileSync(path.join(root, 'dist', 'package.json'), '{ "type": "module" }\n');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const text = fs.readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) fs.writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
fs.chmodSync(cli, 0o755);
