import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const script = path.join(root, 'scripts', 'set-version.mjs');
const FILES = [
  'package.json',
  'package-lock.json',
  'task.json',
  'vss-extension.json',
  'src/version.ts',
];

function setVersion(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    FILES.filter((file) => fs.existsSync(path.join(dir, file))).map((file) => [
      file,
      fs.readFileSync(path.join(dir, file), 'utf8'),
    ]),
  );
}

/** The lines of each file that differ between two snapshots, as [before, after]. */
function changedLines(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, Array<[string, string]>> {
  const changes: Record<string, Array<[string, string]>> = {};
  for (const file of Object.keys(before)) {
    const old = before[file].split('\n');
    const now = after[file].split('\n');
    expect({ file, lines: now.length }).toEqual({ file, lines: old.length });
    changes[file] = old.flatMap((line, i): Array<[string, string]> =>
      line === now[i] ? [] : [[line.trim(), now[i].trim()]],
    );
  }
  return changes;
}

describe('scripts/set-version.mjs', () => {
  let copy: string;
  const current = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    .version as string;

  beforeEach(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'set-version-'));
    for (const file of FILES) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(copy, file));
    }
  });

  afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('finds the repository manifests in step', () => {
    const result = setVersion('--check');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain(`All manifests are at version ${current}.`);
  });

  it('moves every version together and changes nothing else', () => {
    const before = snapshot(copy);
    const [major, minor, patch] = current.split('.').map(Number);

    const result = setVersion('12.34.56', '--root', copy);

    expect(result.status).toBe(0);
    expect(changedLines(before, snapshot(copy))).toEqual({
      'package.json': [[`"version": "${current}",`, '"version": "12.34.56",']],
      'package-lock.json': [
        [`"version": "${current}",`, '"version": "12.34.56",'],
        [`"version": "${current}",`, '"version": "12.34.56",'],
      ],
      'task.json': [
        [`"Major": ${major},`, '"Major": 12,'],
        [`"Minor": ${minor},`, '"Minor": 34,'],
        [`"Patch": ${patch}`, '"Patch": 56'],
      ],
      'vss-extension.json': [[`"version": "${current}",`, '"version": "12.34.56",']],
      'src/version.ts': [
        [`export const VERSION = '${current}';`, "export const VERSION = '12.34.56';"],
      ],
    });
    const lock = JSON.parse(snapshot(copy)['package-lock.json']);
    expect([lock.version, lock.packages[''].version]).toEqual(['12.34.56', '12.34.56']);
    expect(setVersion('--check', '--root', copy).status).toBe(0);
  });

  it('reports which files disagree', () => {
    const file = path.join(copy, 'vss-extension.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(`"${current}"`, '"0.0.1"'));

    const result = setVersion('--check', '--root', copy);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`vss-extension.json 0.0.1`);
    expect(result.stderr).toContain(`package.json ${current}`);
  });

  it.each(['1.2', '1.2.3-beta.1', 'v1.2.3', '01.2.3', ''])(
    'refuses %j and writes nothing',
    (bad) => {
      const before = snapshot(copy);
      const result = setVersion(bad, '--root', copy);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/is not accepted|Usage/);
      expect(snapshot(copy)).toEqual(before);
    },
  );

  it('writes nothing when one of the files is missing', () => {
    fs.rmSync(path.join(copy, 'task.json'));
    const before = snapshot(copy);

    const result = setVersion('4.5.6', '--root', copy);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('task.json could not be read');
    expect(snapshot(copy)).toEqual(before);
  });

  it('writes nothing when a version cannot be placed', () => {
    fs.writeFileSync(path.join(copy, 'src/version.ts'), 'export const NAME = "wcow-build";\n');
    const before = snapshot(copy);

    const result = setVersion('4.5.6', '--root', copy);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/version.ts: the version could not be set');
    expect(snapshot(copy)).toEqual(before);
  });
});
