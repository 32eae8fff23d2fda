// Packages the Azure Pipelines task as a Marketplace extension (.vsix), offline.
//
//   node scripts/package-vsix.mjs [--root <repository>] [--out-dir <folder>]
//
// It stages exactly what the task needs into a temporary folder:
//   vss-extension.json, overview.md (from README.md), images/icon.png,
//   WcowBuild/task.json, WcowBuild/dist/package.json, WcowBuild/dist/azure/**
// and runs tfx-cli on it. It fails, without leaving a .vsix behind, when the manifest versions
// disagree, when a file the task runs is missing, or when tfx-cli warns about the task.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMismatch, readVersions } from './set-version.mjs';

const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TASK_CONTRIBUTION = 'ms.vss-distributed-task.task';
const HANDLER_SECTIONS = ['prejobexecution', 'execution', 'postjobexecution'];

class PackageError extends Error {
  name = 'PackageError';
}

function parseArgs(argv) {
  const options = { root: DEFAULT_ROOT, outDir: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined || !['--root', '--out-dir'].includes(flag)) {
      throw new PackageError(
        'Usage: node scripts/package-vsix.mjs [--root <repository>] [--out-dir <folder>]',
      );
    }
    if (flag === '--root') options.root = path.resolve(value);
    else options.outDir = path.resolve(value);
  }
  options.outDir ??= options.root;
  return options;
}

async function readJson(file, what) {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new PackageError(`${what} (${file}) could not be read: ${error.message}`);
  }
}

async function requireFile(file, hint) {
  try {
    await fs.access(file);
  } catch {
    throw new PackageError(`${file} is missing; ${hint}`);
  }
}

/** The task folder named by the manifest's task contribution. */
function taskFolderOf(manifest) {
  const tasks = (manifest.contributions ?? []).filter((c) => c.type === TASK_CONTRIBUTION);
  if (tasks.length !== 1 || typeof tasks[0].properties?.name !== 'string') {
    throw new PackageError(
      `vss-extension.json must have exactly one ${TASK_CONTRIBUTION} contribution with ` +
        'properties.name set to the task folder.',
    );
  }
  return tasks[0].properties.name;
}

/** Every file the agent runs, relative to the task folder. */
function handlerTargets(task) {
  const targets = [];
  for (const section of HANDLER_SECTIONS) {
    for (const [handler, spec] of Object.entries(task[section] ?? {})) {
      if (typeof spec?.target !== 'string' || spec.target === '') {
        throw new PackageError(`task.json ${section}.${handler} has no target.`);
      }
      const relative = spec.target
        .replace(/\$\(\s*currentdirectory\s*\)[\\/]?/i, '')
        .replace(/\\/g, '/');
      targets.push(relative);
    }
  }
  return targets;
}

async function stage(root, manifest) {
  const taskFolder = taskFolderOf(manifest);
  const task = await readJson(path.join(root, 'task.json'), 'task.json');
  const hintBundle = 'run `npm run bundle` first.';
  await requireFile(path.join(root, 'dist', 'azure'), hintBundle);
  await requireFile(path.join(root, 'dist', 'package.json'), hintBundle);
  await requireFile(path.join(root, 'README.md'), 'it becomes the Marketplace overview.');
  await requireFile(path.join(root, manifest.icons?.default ?? 'images/icon.png'), 'see images/.');
  for (const target of handlerTargets(task)) {
    await requireFile(path.join(root, target), `task.json runs it; ${hintBundle}`);
  }

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wcow-build-vsix-'));
  const copy = async (from, to) => {
    await fs.mkdir(path.dirname(path.join(dir, to)), { recursive: true });
    await fs.cp(path.join(root, from), path.join(dir, to), { recursive: true });
  };
  await copy('vss-extension.json', 'vss-extension.json');
  await copy('README.md', manifest.content?.details?.path ?? 'overview.md');
  await copy(
    manifest.icons?.default ?? 'images/icon.png',
    manifest.icons?.default ?? 'images/icon.png',
  );
  await copy('task.json', path.join(taskFolder, 'task.json'));
  await copy(path.join('dist', 'package.json'), path.join(taskFolder, 'dist', 'package.json'));
  await copy(path.join('dist', 'azure'), path.join(taskFolder, 'dist', 'azure'));
  return dir;
}

function runTfx(root, stageDir, vsix) {
  const tfx = path.join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js');
  const result = spawnSync(
    process.execPath,
    [
      tfx,
      'extension',
      'create',
      '--manifest-globs',
      'vss-extension.json',
      '--root',
      stageDir,
      '--output-path',
      vsix,
      '--no-prompt',
      '--no-color',
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) throw new PackageError(`tfx-cli could not start: ${result.error.message}`);
  // tfx-cli only warns about an invalid task.json; a package the agent cannot run is a failure.
  const warnings = output.split(/\r?\n/).filter((line) => /^warning:/i.test(line));
  if (result.status !== 0 || warnings.length > 0) {
    throw new PackageError(`tfx-cli did not package cleanly:\n${output.trim()}`);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const mismatch = describeMismatch(await readVersions(options.root));
  if (mismatch !== undefined) throw new PackageError(mismatch);

  const manifest = await readJson(
    path.join(options.root, 'vss-extension.json'),
    'vss-extension.json',
  );
  const vsix = path.join(
    options.outDir,
    `${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`,
  );
  await fs.mkdir(options.outDir, { recursive: true });
  await fs.rm(vsix, { force: true });

  const stageDir = await stage(options.root, manifest);
  try {
    runTfx(options.root, stageDir, vsix);
  } catch (error) {
    await fs.rm(vsix, { force: true });
    throw error;
  } finally {
    await fs.rm(stageDir, { recursive: true, force: true });
  }
  console.log(vsix);
}

main().catch((error) => {
  console.error(
    error instanceof PackageError || error?.name === 'VersionError' ? error.message : error,
  );
  process.exitCode = 1;
});
