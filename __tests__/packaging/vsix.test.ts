import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readZip } from './zip.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const script = path.join(root, 'scripts', 'package-vsix.mjs');
const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, 'utf8'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function packageVsix(repository: string, outDir: string): Run {
  const result = spawnSync(process.execPath, [script, '--root', repository, '--out-dir', outDir], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file the task's handlers run, relative to the task folder. */
function handlerTargets(task: any): string[] {
  return ['prejobexecution', 'execution', 'postjobexecution'].flatMap((section) =>
    Object.values<{ target: string }>(task[section] ?? {}).map((handler) => handler.target),
  );
}

/**
 * A throwaway repository with the real manifests, icon and README, tfx-cli from this one, and
 * small stand-in bundles at the paths task.json names, to break in ways the real one must not be.
 */
function makeRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-repo-'));
  for (const file of [
    'package.json',
    'package-lock.json',
    'task.json',
    'vss-extension.json',
    'README.md',
    'src/version.ts',
    'images/icon.png',
  ]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'package.json'), '{ "type": "module" }\n');
  for (const target of handlerTargets(readJson(path.join(dir, 'task.json')))) {
    fs.mkdirSync(path.dirname(path.join(dir, target)), { recursive: true });
    fs.writeFileSync(path.join(dir, target), `console.log(${JSON.stringify(target)});\n`);
  }
  return dir;
}

describe('npm run package (scripts/package-vsix.mjs)', () => {
  let outDir: string;
  let run: Run;
  let files: Map<string, Buffer>;

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-out-'));
    run = packageVsix(root, outDir);
    const vsix = run.stdout.trim().split('\n').pop() ?? '';
    files = run.status === 0 ? readZip(fs.readFileSync(vsix)) : new Map();
  });

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('produces a .vsix named after publisher, id and version', () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const manifest = readJson(path.join(root, 'vss-extension.json'));
    const name = `${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`;
    expect(fs.readdirSync(outDir)).toEqual([name]);
  });

  it('holds the task folder, the bundles it runs, the icon and the overview', () => {
    const task = readJson(path.join(root, 'task.json'));
    const names = [...files.keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        'extension.vsixmanifest',
        'extension.vsomanifest',
        'WcowBuild/task.json',
        'WcowBuild/dist/package.json',
        'images/icon.png',
        'overview.md',
        ...handlerTargets(task).map((target) => `WcowBuild/${target}`),
      ]),
    );
    // Only the task, its bundles and what the Marketplace page shows: no sources, no tests.
    const unexpected = names.filter(
      (name) =>
        !/^(extension\.vsixmanifest|extension\.vsomanifest|\[Content_Types\]\.xml)$/.test(name) &&
        !name.startsWith('WcowBuild/') &&
        !['images/icon.png', 'overview.md'].includes(name),
    );
    expect(unexpected).toEqual([]);
    expect(
      names.filter(
        (name) => name.startsWith('WcowBuild/') && !/^WcowBuild\/(task\.json|dist\/)/.test(name),
      ),
    ).toEqual([]);
  });

  it('shows a 128x128 PNG icon, the size the Marketplace asks for', () => {
    const icon = files.get('images/icon.png') ?? Buffer.alloc(0);
    expect(icon.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(icon.toString('ascii', 12, 16)).toBe('IHDR');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([128, 128]);
  });

  it('carries the repository task.json and bundles unchanged', () => {
    expect(files.get('WcowBuild/task.json')?.toString('utf8')).toBe(
      fs.readFileSync(path.join(root, 'task.json'), 'utf8'),
    );
    for (const target of handlerTargets(readJson(path.join(root, 'task.json')))) {
      expect(
        files.get(`WcowBuild/${target}`)?.equals(fs.readFileSync(path.join(root, target))),
      ).toBe(true);
    }
    expect(files.get('WcowBuild/dist/package.json')?.toString('utf8')).toContain('"module"');
  });

  it('declares the task contribution and the version of package.json', () => {
    const version = readJson(path.join(root, 'package.json')).version as string;
    const vsixManifest = files.get('extension.vsixmanifest')?.toString('utf8') ?? '';
    expect(vsixManifest).toMatch(
      new RegExp(`<Identity [^>]*Version="${version.replace(/\./g, '\\.')}"`),
    );
    const contributions = JSON.parse(files.get('extension.vsomanifest')?.toString('utf8') ?? '{}')
      .contributions as Array<{ type: string; properties: { name: string } }>;
    expect(contributions).toEqual([
      expect.objectContaining({
        type: 'ms.vss-distributed-task.task',
        properties: { name: 'WcowBuild' },
      }),
    ]);
    const task = JSON.parse(files.get('WcowBuild/task.json')?.toString('utf8') ?? '{}');
    expect(`${task.version.Major}.${task.version.Minor}.${task.version.Patch}`).toBe(version);
  });

  it('packs a task with Node20_1 and Node24 handlers for the step and the post-job step', () => {
    const task = JSON.parse(files.get('WcowBuild/task.json')?.toString('utf8') ?? '{}');
    for (const section of ['execution', 'postjobexecution']) {
      expect(Object.keys(task[section]).sort()).toEqual(['Node20_1', 'Node24']);
    }
  });

  it('packs every action.yml input in camelCase, each with a label and help', () => {
    const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
    const task = JSON.parse(files.get('WcowBuild/task.json')?.toString('utf8') ?? '{}');
    const taskInputs = new Map<string, any>(task.inputs.map((input: any) => [input.name, input]));
    const camel = (name: string) =>
      name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

    // Azure logs in through a Docker registry service connection instead of these three, and
    // keeps artifacts as long as the pipeline's retention policy says.
    const githubOnly = ['registry', 'username', 'password', 'diagnostics-retention-days'];
    const missing = Object.keys(action.inputs).filter((name) => !taskInputs.has(camel(name)));
    expect(missing.sort()).toEqual([...githubOnly].sort());
    expect(taskInputs.get('containerRegistry')?.type).toBe('connectedService:dockerregistry');

    for (const input of taskInputs.values()) {
      expect({
        name: input.name,
        label: typeof input.label,
        help: typeof input.helpMarkDown,
      }).toEqual({
        name: input.name,
        label: 'string',
        help: 'string',
      });
      expect(input.label.trim()).not.toBe('');
      expect(input.helpMarkDown.trim()).not.toBe('');
    }
  });
});

describe('package-vsix refuses a package the agent could not run', () => {
  let repository: string;
  let outDir: string;

  beforeEach(() => {
    repository = makeRepository();
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-out-'));
  });

  afterEach(() => {
    fs.rmSync(repository, { recursive: true, force: true });
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('packages the intact copy (the cases below differ from it in one thing)', () => {
    const run = packageVsix(repository, outDir);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(outDir)).toHaveLength(1);
  });

  it('fails when the manifest versions disagree', () => {
    const file = path.join(repository, 'vss-extension.json');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/"version": "[^"]*"/, '"version": "9.9.9"'),
    );

    const run = packageVsix(repository, outDir);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/versions disagree: .*vss-extension\.json 9\.9\.9/);
    expect(run.stderr).toContain('scripts/set-version.mjs');
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('fails when a file a handler runs is missing', () => {
    const task = readJson(path.join(repository, 'task.json'));
    const post = task.postjobexecution.Node24.target as string;
    fs.rmSync(path.join(repository, post));

    const run = packageVsix(repository, outDir);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(repository, post)} is missing`);
    expect(run.stderr).toContain('npm run bundle');
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('fails when tfx-cli only warns about the task', () => {
    // tfx-cli reports some task faults, such as a friendly name over 40 characters, only as
    // warnings and still writes the package.
    const file = path.join(repository, 'task.json');
    const task = readJson(file);
    task.friendlyName = 'A friendly name that is far too long for the task picker';
    fs.writeFileSync(file, JSON.stringify(task, null, 2));

    const run = packageVsix(repository, outDir);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/tfx-cli did not package cleanly:[\s\S]*friendlyName/);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });
});
