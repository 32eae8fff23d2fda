import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { INPUTS, OUTPUTS, azureInputName, camelCase, offersInput } from '../src/engine/inputs.js';
import { VERSION } from '../src/version.js';
import { renderActionYml, renderReadme, renderTaskJson } from '../scripts/manifests.js';

// `npm run manifests` sets this to rewrite the generated files instead of comparing them.
const update = process.env.WCOW_UPDATE_MANIFESTS === '1';
const root = path.resolve(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string };

function check(file: string, expected: string): void {
  if (update) fs.writeFileSync(path.join(root, file), expected);
  expect({ file, text: read(file) }).toEqual({ file, text: expected });
}

describe('generated manifests match the input schema (run `npm run manifests` to update)', () => {
  it('action.yml', () => check('action.yml', renderActionYml()));
  it('task.json', () => check('task.json', renderTaskJson(pkg.version)));
  it('README input and output tables', () => check('README.md', renderReadme(read('README.md'))));
});

describe('manifest contract', () => {
  let action: any;
  let task: any;
  beforeAll(() => {
    action = parse(read('action.yml'));
    task = JSON.parse(read('task.json'));
  });

  it('runs on node24 with main and post on GitHub', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/github/main/index.js',
      post: 'dist/github/post/index.js',
    });
  });

  it('has Node20_1 and Node24 handlers, a post-job step and agent 3.232.1 on Azure', () => {
    expect(Object.keys(task.execution)).toEqual(['Node20_1', 'Node24']);
    expect(Object.keys(task.postjobexecution)).toEqual(['Node20_1', 'Node24']);
    expect(task.minimumAgentVersion).toBe('3.232.1');
    expect(task.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('offers every GitHub input on Azure in camelCase, with the same default', () => {
    for (const spec of INPUTS.filter((s) => offersInput(s, 'github') && offersInput(s, 'azure'))) {
      const input = task.inputs.find(
        (candidate: { name: string }) => candidate.name === azureInputName(spec),
      );
      expect({ name: spec.name, defaultValue: input?.defaultValue }).toEqual({
        name: spec.name,
        defaultValue: spec.default ?? '',
      });
      expect(action.inputs[spec.name].default).toBe(spec.default);
    }
  });

  it('declares every output on both hosts', () => {
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS.map((output) => output.name));
    expect(task.outputVariables.map((output: { name: string }) => output.name)).toEqual(
      OUTPUTS.map((output) => camelCase(output.name)),
    );
  });

  it('keeps one version in package.json, task.json and the code', () => {
    expect(`${task.version.Major}.${task.version.Minor}.${task.version.Patch}`).toBe(pkg.version);
    expect(VERSION).toBe(pkg.version);
  });
});
