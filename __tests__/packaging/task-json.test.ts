import * as fs from 'node:fs';
import * as path from 'node:path';
import AjvModule from 'ajv';
import { INPUTS, azureInputName, offersInput } from '../../src/engine/inputs.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const readJson = (file: string): any => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

// ajv is CommonJS; under NodeNext the class is the default export's `default`.
const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(
  readJson('__tests__/fixtures/task.schema.json'),
);

function errorsOf(task: unknown): string[] {
  return validate(task)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('task.json', () => {
  const task = readJson('task.json');

  it('is valid against the task manifest schema', () => {
    expect(errorsOf(task)).toEqual([]);
  });

  it('puts every input into a group it declares', () => {
    const groups = new Set(task.groups.map((group: { name: string }) => group.name));
    const strays = task.inputs.filter((input: any) => !groups.has(input.groupName));
    expect(strays.map((input: any) => input.name)).toEqual([]);
  });

  it('offers exactly the Azure inputs of the input schema', () => {
    const expected = INPUTS.filter((spec) => offersInput(spec, 'azure')).map(azureInputName);
    expect(task.inputs.map((input: { name: string }) => input.name)).toEqual(expected);
  });

  it('runs the same bundle under Node20_1 and Node24', () => {
    for (const section of ['execution', 'postjobexecution']) {
      expect(task[section].Node20_1.target).toBe(task[section].Node24.target);
    }
  });
});

describe('the task manifest schema rejects what the agent or tfx-cli would reject', () => {
  const good = readJson('task.json');
  const firstInput = good.inputs[0];
  const pickList = good.inputs.find((input: any) => input.type === 'pickList');

  it.each<[string, (task: any) => void, RegExp]>([
    ['a missing id', (task) => delete task.id, /must have required property 'id'/],
    ['an id that is not a GUID', (task) => (task.id = 'wcow'), /\/id must match pattern/],
    ['a name with a space', (task) => (task.name = 'Wcow Build'), /\/name must match pattern/],
    [
      'a friendly name over 40 characters',
      (task) => (task.friendlyName = 'x'.repeat(41)),
      /\/friendlyName must NOT have more than 40/,
    ],
    [
      'a version number given as text',
      (task) => (task.version.Major = '1'),
      /\/version\/Major must be integer/,
    ],
    [
      'no execution handler',
      (task) => (task.execution = {}),
      /\/execution must NOT have fewer than 1 properties/,
    ],
    [
      'an unknown runner',
      (task) => (task.execution.Node99 = { target: 'x.js' }),
      /\/execution must NOT have additional properties/,
    ],
    [
      'a handler without target',
      (task) => delete task.postjobexecution.Node24.target,
      /\/postjobexecution\/Node24 must have required property 'target'/,
    ],
    [
      'an input name with a dash',
      (task) => (task.inputs[0].name = 'max-attempts'),
      /\/inputs\/0\/name must match pattern/,
    ],
    [
      'an input without label',
      (task) => delete task.inputs[0].label,
      /\/inputs\/0 must have required property 'label'/,
    ],
    [
      'an unknown input type',
      (task) => (task.inputs[0].type = 'text'),
      /\/inputs\/0\/type must match a schema in anyOf/,
    ],
    [
      'an input property that is not text',
      (task) => (task.inputs[0].properties = { rows: 2 }),
      /\/inputs\/0\/properties\/rows must be string/,
    ],
    [
      'a misspelt input field',
      (task) => (task.inputs[0].helpMarkdown = 'x'),
      /\/inputs\/0 must NOT have additional properties/,
    ],
    [
      'both spellings of the output variables',
      (task) => (task.OutputVariables = []),
      /must NOT be valid/,
    ],
  ])('%s', (_name, breakIt, message) => {
    const task = structuredClone(good);
    breakIt(task);
    expect(errorsOf(task).join('\n')).toMatch(message);
  });

  it('a pick list without options', () => {
    const task = structuredClone(good);
    const index = task.inputs.findIndex((input: any) => input.name === pickList.name);
    delete task.inputs[index].options;
    expect(errorsOf(task).join('\n')).toMatch(
      new RegExp(`/inputs/${index} must have required property 'options'`),
    );
  });

  it('accepts a Docker registry service connection input', () => {
    const task = structuredClone(good);
    task.inputs.push({
      ...firstInput,
      name: 'extraRegistry',
      type: 'connectedService:dockerregistry',
    });
    expect(errorsOf(task)).toEqual([]);
  });
});
