// Moves the version of every manifest together, or checks that they agree.
//
//   node scripts/set-version.mjs 1.2.3     package.json, package-lock.json, task.json, vss-extension.json
//   node scripts/set-version.mjs --check   exit 1 when they disagree
//
// Options: --root <folder> (default: the repository this script is in).
// Azure Pipelines keeps a task version as three numbers, so pre-release suffixes are refused.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const VERSION_CONSTANT = /(export const VERSION = )'([^']*)'/;

/**
 * The files that carry the version: how to read it and how to set it. JSON files are edited as
 * data; src/version.ts (the version the bundles report) as text.
 */
const VERSIONED_FILES = [
  {
    file: 'package.json',
    read: (json) => json.version,
    write: (json, version) => ({ ...json, version }),
  },
  {
    file: 'package-lock.json',
    read: (json) => json.version,
    write: (json, version) => {
      const packages = json.packages ?? {};
      const own = packages[''];
      return {
        ...json,
        version,
        ...(own ? { packages: { ...packages, '': { ...own, version } } } : {}),
      };
    },
  },
  {
    file: 'task.json',
    read: (json) =>
      json.version === undefined
        ? undefined
        : `${json.version.Major}.${json.version.Minor}.${json.version.Patch}`,
    write: (json, version) => {
      const [Major, Minor, Patch] = version.split('.').map(Number);
      return { ...json, version: { ...json.version, Major, Minor, Patch } };
    },
  },
  {
    file: 'vss-extension.json',
    read: (json) => json.version,
    write: (json, version) => ({ ...json, version }),
  },
  {
    file: 'src/version.ts',
    plain: true,
    read: (text) => VERSION_CONSTANT.exec(text)?.[2],
    write: (text, version) => text.replace(VERSION_CONSTANT, `$1'${version}'`),
  },
];

/** Thrown for anything the user must fix; main prints the message without a stack. */
export class VersionError extends Error {
  name = 'VersionError';
}

/** Reads every versioned file: {file, text, json, version}. */
export async function readVersions(root = DEFAULT_ROOT) {
  const entries = [];
  for (const spec of VERSIONED_FILES) {
    const full = path.join(root, spec.file);
    let text;
    try {
      text = await fs.readFile(full, 'utf8');
    } catch (error) {
      throw new VersionError(
        `${spec.file} could not be read in ${root} (${error.code ?? error.message}); ` +
          'the version lives in package.json, package-lock.json, task.json and vss-extension.json.',
      );
    }
    let json = text;
    if (!spec.plain) {
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new VersionError(`${spec.file} is not valid JSON (${error.message}); fix it first.`);
      }
    }
    entries.push({ ...spec, full, text, json, version: spec.read(json) });
  }
  return entries;
}

/** A message naming each file's version when they disagree, otherwise undefined. */
export function describeMismatch(entries) {
  const versions = new Set(entries.map((entry) => entry.version));
  if (versions.size === 1) return undefined;
  const list = entries.map((entry) => `${entry.file} ${entry.version ?? '(none)'}`).join(', ');
  return (
    `The manifest versions disagree: ${list}. ` +
    'Run `node scripts/set-version.mjs <major.minor.patch>` to move them together.'
  );
}

/** Sets one version in every versioned file; writes nothing when any file is missing or bad. */
export async function setVersion(version, root = DEFAULT_ROOT) {
  if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(version)) {
    throw new VersionError(
      `Version '${version}' is not accepted; expected major.minor.patch such as 1.2.3 ` +
        '(Azure Pipelines task versions have no pre-release part).',
    );
  }

  const entries = await readVersions(root);
  const updates = entries.map((entry) => {
    const json = entry.write(entry.json, version);
    const output = entry.plain ? json : renderLike(entry.text, json, version);
    const written = entry.read(entry.plain ? output : JSON.parse(output));
    if (written !== version) {
      throw new VersionError(
        `${entry.file}: the version could not be set (it reads ${written ?? 'nothing'} ` +
          'afterwards); nothing was written.',
      );
    }
    return { ...entry, output };
  });

  // Write each file through a temporary sibling and a rename, so none is left half-written.
  for (const update of updates) {
    if (update.output === update.text) continue;
    const temporary = `${update.full}.${process.pid}.tmp`;
    await fs.writeFile(temporary, update.output, 'utf8');
    await fs.rename(temporary, update.full);
  }
  return updates.map((update) => ({ file: update.file, from: update.version, to: version }));
}

/**
 * The new file text: the old text with only the version values changed, so hand formatting
 * (Prettier) survives; when that cannot be done safely, plain two-space JSON.
 */
function renderLike(text, json, version) {
  const [major, minor, patch] = version.split('.');
  const edited = text
    .replace(/("version"\s*:\s*)"[^"]*"/, `$1"${version}"`)
    .replace(/("version"\s*:\s*\{[^}]*\})/, (block) =>
      block
        .replace(/("Major"\s*:\s*)\d+/, `$1${major}`)
        .replace(/("Minor"\s*:\s*)\d+/, `$1${minor}`)
        .replace(/("Patch"\s*:\s*)\d+/, `$1${patch}`),
    )
    // package-lock.json repeats the version under packages[""].
    .replace(/("packages"\s*:\s*\{\s*""\s*:\s*\{[^{}]*?"version"\s*:\s*)"[^"]*"/, `$1"${version}"`);
  try {
    if (isDeepStrictEqual(JSON.parse(edited), json)) return edited;
  } catch {
    // fall through to plain JSON
  }
  return `${JSON.stringify(json, null, 2)}\n`;
}

async function main(argv) {
  const args = [...argv];
  let root = DEFAULT_ROOT;
  const rootAt = args.indexOf('--root');
  if (rootAt !== -1) {
    root = path.resolve(args[rootAt + 1] ?? '');
    args.splice(rootAt, 2);
  }

  if (args.length === 1 && args[0] === '--check') {
    const mismatch = describeMismatch(await readVersions(root));
    if (mismatch !== undefined) throw new VersionError(mismatch);
    console.log(`All manifests are at version ${(await readVersions(root))[0].version}.`);
    return;
  }
  if (args.length !== 1 || args[0].startsWith('-')) {
    throw new VersionError(
      'Usage: node scripts/set-version.mjs <major.minor.patch> | --check [--root <folder>]',
    );
  }

  for (const change of await setVersion(args[0], root)) {
    console.log(`${change.file}: ${change.from ?? '(none)'} -> ${change.to}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof VersionError ? error.message : error);
    process.exitCode = 1;
  });
}
