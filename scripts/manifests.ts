// Generates action.yml, task.json and the README's input and output tables from the one input
// schema in src/engine/inputs.ts. `npm run manifests` writes them; a test fails when they drift.
import { stringify } from 'yaml';
import {
  INPUTS,
  OUTPUTS,
  azureInputName,
  camelCase,
  offersInput,
  type InputGroup,
  type InputSpec,
} from '../src/engine/inputs.js';

/** The Azure task's identity; never change the id once published. */
export const TASK_ID = '7ff3a973-b5aa-4103-9141-14517e630caf';
export const TASK_NAME = 'WcowBuild';

const GROUPS: Record<InputGroup, string> = {
  build: 'Build',
  retry: 'Retries',
  queue: 'Build queue',
  setup: 'Host preparation',
  diagnostics: 'Diagnostics',
  registry: 'Registry login',
};

function label(spec: InputSpec): string {
  const words = spec.name.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** action.yml as text. */
export function renderActionYml(): string {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const spec of INPUTS.filter((candidate) => offersInput(candidate, 'github'))) {
    inputs[spec.name] = {
      description: spec.description,
      required: false,
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
  }
  const outputs: Record<string, { description: string }> = {};
  for (const output of OUTPUTS) outputs[output.name] = { description: output.description };
  const action = {
    name: 'wcow-build',
    description:
      'Build Windows container images with BuildKit: lock-aware retries, one build at a time ' +
      'per host, host preparation and failure diagnostics.',
    author: 'wcow-build',
    branding: { icon: 'box', color: 'blue' },
    inputs,
    outputs,
    runs: {
      using: 'node24',
      main: 'dist/github/main/index.js',
      post: 'dist/github/post/index.js',
    },
  };
  const header =
    '# Generated from src/engine/inputs.ts by `npm run manifests`; do not edit by hand.\n';
  return header + stringify(action, { lineWidth: 0 });
}

function azureType(spec: InputSpec): string {
  if (spec.azureType !== undefined) return spec.azureType;
  switch (spec.kind) {
    case 'boolean':
      return 'boolean';
    case 'choice':
      return 'pickList';
    case 'lines':
    case 'list':
    case 'multiline':
      return 'multiLine';
    default:
      return 'string';
  }
}

/** task.json as text, for the given product version. */
export function renderTaskJson(version: string): string {
  const [major, minor, patch] = version.split('.').map((part) => Number.parseInt(part, 10));
  const used = new Set(
    INPUTS.filter((spec) => offersInput(spec, 'azure')).map((spec) => spec.group),
  );
  const task = {
    $schema:
      'https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json',
    id: TASK_ID,
    name: TASK_NAME,
    friendlyName: 'Windows container build (BuildKit)',
    description:
      'Build Windows container images with BuildKit: lock-aware retries, one build at a time ' +
      'per host, host preparation and failure diagnostics.',
    helpMarkDown: 'Inputs, outputs and troubleshooting: see the wcow-build README.',
    category: 'Build',
    author: 'wcow-build',
    version: { Major: major, Minor: minor, Patch: patch },
    minimumAgentVersion: '3.232.1',
    instanceNameFormat: 'Build Windows container image',
    groups: (Object.keys(GROUPS) as InputGroup[])
      .filter((group) => used.has(group))
      .map((group) => ({ name: group, displayName: GROUPS[group], isExpanded: group === 'build' })),
    inputs: INPUTS.filter((spec) => offersInput(spec, 'azure')).map((spec) => ({
      name: azureInputName(spec),
      type: azureType(spec),
      label: label(spec),
      defaultValue: spec.default ?? '',
      required: false,
      groupName: spec.group,
      helpMarkDown: spec.description,
      ...(spec.options !== undefined
        ? { options: Object.fromEntries(spec.options.map((option) => [option, option])) }
        : {}),
      ...(azureType(spec) === 'multiLine' ? { properties: { resizable: 'true', rows: '2' } } : {}),
    })),
    outputVariables: OUTPUTS.map((output) => ({
      name: camelCase(output.name),
      description: output.description,
    })),
    execution: {
      Node20_1: { target: 'dist/azure/task/index.js', argumentFormat: '' },
      Node24: { target: 'dist/azure/task/index.js', argumentFormat: '' },
    },
    postjobexecution: {
      Node20_1: { target: 'dist/azure/post/index.js', argumentFormat: '' },
      Node24: { target: 'dist/azure/post/index.js', argumentFormat: '' },
    },
  };
  return `${JSON.stringify(task, null, 2)}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The README's input table (Markdown). */
export function renderInputTable(): string {
  const rows = ['| GitHub / CLI | Azure | Default | Description |', '| --- | --- | --- | --- |'];
  for (const spec of INPUTS) {
    const github = offersInput(spec, 'github') ? `\`${spec.name}\`` : '—';
    const azure = offersInput(spec, 'azure') ? `\`${azureInputName(spec)}\`` : '—';
    const fallback = spec.default !== undefined && spec.default !== '' ? `\`${spec.default}\`` : '';
    rows.push(`| ${github} | ${azure} | ${fallback} | ${cell(spec.description)} |`);
  }
  return rows.join('\n');
}

/** The README's output table (Markdown). */
export function renderOutputTable(): string {
  const rows = ['| GitHub / CLI | Azure | Description |', '| --- | --- | --- |'];
  for (const output of OUTPUTS) {
    rows.push(
      `| \`${output.name}\` | \`${camelCase(output.name)}\` | ${cell(output.description)} |`,
    );
  }
  return rows.join('\n');
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function replaceBlock(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to === -1 || to < from)
    throw new Error(`README has no ${start} ... ${end} block`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

/** The README with both tables brought up to date. */
export function renderReadme(readme: string): string {
  return replaceBlock(
    replaceBlock(readme, 'inputs', renderInputTable()),
    'outputs',
    renderOutputTable(),
  );
}
