import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  classify,
  extractWindowsPaths,
  RULES,
  type VerdictClass,
} from '../../src/engine/classify.js';

interface Fixture {
  readonly text: string;
  readonly class: VerdictClass;
  readonly source: string;
  readonly rule: string;
  readonly lockedPaths?: readonly string[];
}

const fixtures: readonly Fixture[] = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/build-errors.json', import.meta.url)), 'utf8'),
);

/** A fixture copied from a public thread or file, not derived from another fixture. */
const isRealSample = (fixture: Fixture): boolean =>
  /^[\w.-]+\/[\w.-]+(?:#\d+|:[\w./-]+)$/.test(fixture.source);

const fixtureText = (source: string): string => {
  const found = fixtures.find((fixture) => fixture.source === source);
  if (found === undefined) throw new Error(`no fixture from ${source}`);
  return found.text;
};

const lockLine = fixtureText('microsoft/hcsshim#2553');
const ruleClass = new Map(RULES.map((rule) => [rule.id, rule.class]));

describe('classify over the fixture set', () => {
  it('has a real sample of every class and 40+ entries', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const cls of ['lock', 'transient', 'permanent', 'unknown']) {
      expect(fixtures.filter((f) => f.class === cls && isRealSample(f)).length).toBeGreaterThan(0);
    }
  });

  it.each(fixtures.map((f, i) => [`${i} ${f.source}`, f] as const))('%s', (_, fixture) => {
    const verdict = classify(fixture.text);

    expect({ class: verdict.class, rule: verdict.rule }).toEqual({
      class: fixture.class,
      rule: fixture.rule,
    });
    if (fixture.class === 'lock') expect(ruleClass.get(verdict.rule)).toBe('lock');
    if (fixture.lockedPaths) expect(verdict.lockedPaths).toEqual(fixture.lockedPaths);
    if (fixture.class !== 'lock') expect(verdict.lockedPaths).toEqual([]);
    expect(verdict.evidence.length).toBeGreaterThan(0);
    expect(verdict.evidence.length).toBeLessThanOrEqual(500);
    expect(verdict.evidence).not.toMatch(/\x1b|\r/);
  });
});

describe('RULES', () => {
  it('gives every rule a unique kebab-case id and a one-line reason', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(rule.reason).toMatch(/^[A-Z].{10,}\.$/);
      expect(rule.reason).not.toContain('\n');
    }
  });

  it('decides at least one real sample per rule', () => {
    const decided = new Set(
      fixtures.filter(isRealSample).map((fixture) => classify(fixture.text).rule),
    );
    const withoutSample = RULES.map((rule) => rule.id).filter((id) => !decided.has(id));
    expect(withoutSample).toEqual([]);
  });

  it('are listed with their class and reason in docs/failure-classes.md', () => {
    const doc = readFileSync(
      fileURLToPath(new URL('../../docs/failure-classes.md', import.meta.url)),
      'utf8',
    );
    const rows = new Set(doc.split('\n').map((line) => line.replace(/\s*\|\s*/g, '|').trim()));
    const missing = RULES.filter(
      (rule) => !rows.has(`|\`${rule.id}\`|${rule.class}|${rule.reason}|`),
    );
    expect(missing.map((rule) => rule.id)).toEqual([]);
  });

  it('keeps the precedence groups in order: permanent, lock, transient, permanent', () => {
    const runs: string[] = [];
    for (const rule of RULES) if (runs.at(-1) !== rule.class) runs.push(rule.class);
    expect(runs).toEqual(['permanent', 'lock', 'transient', 'permanent']);
  });

  it.each(RULES.map((rule) => [rule.id, rule.pattern.source] as const))(
    '%s cannot backtrack catastrophically',
    (_, source) => {
      // No unbounded dot or negated class, and no quantified group that holds a quantifier.
      expect(source).not.toMatch(/(?<!\\)\.[*+]/);
      expect(source).not.toMatch(/\[\^(?:[^\]\\]|\\.)*\][*+]/);
      expect(source).not.toMatch(/\((?:[^()\\]|\\.)*(?:[*+]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)[*+{]/);
    },
  );
});

describe('precedence', () => {
  it('lets a user fatal-pattern beat lock text', () => {
    const verdict = classify(lockLine, { fatalPatterns: [/ActivateLayer/i] });
    expect(verdict).toMatchObject({
      class: 'permanent',
      rule: 'user-fatal-pattern',
      lockedPaths: [],
    });
    expect(verdict.evidence).toContain('hcsshim::ActivateLayer');
  });

  it('lets an OS version mismatch beat 0x20 lock text in the same failure', () => {
    const log = [
      '#6 [2/3] RUN cmd /c ver',
      `#6 ERROR: ${lockLine}`,
      `ERROR: failed to solve: ${fixtureText('moby/moby#35668')}`,
    ].join('\n');
    expect(classify(log)).toMatchObject({ class: 'permanent', rule: 'os-version-mismatch' });
  });

  it('ignores a recovered lock warning when the final error is a Dockerfile error', () => {
    const log = [
      '#4 [build 1/3] FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
      `#4 0.912 WARN: retrying: ${lockLine}`,
      '#4 DONE 3.4s',
      '',
      `ERROR: ${fixtureText('moby/buildkit#5392')}`,
    ].join('\n');
    expect(classify(log)).toMatchObject({
      class: 'permanent',
      rule: 'dockerfile-invalid',
    });
  });

  it('ignores lock text from an earlier step when a later RUN step exits non-zero', () => {
    const log = [
      '#5 [build 2/4] COPY . .',
      `#5 0.300 ${lockLine}`,
      '#5 DONE 1.1s',
      '#6 [build 3/4] RUN msbuild app.sln',
      '#6 12.40 error MSB1009: Project file does not exist.',
      '#6 ERROR: process "cmd /S /C msbuild app.sln" did not complete successfully: exit code: 1',
      'ERROR: failed to solve: process "cmd /S /C msbuild app.sln" did not complete successfully: exit code: 1',
    ].join('\n');
    expect(classify(log)).toMatchObject({ class: 'permanent', rule: 'run-step-failed' });
  });

  it('takes a sharing violation printed by the failing step itself as the cause', () => {
    const log = [
      '#6 [build 3/4] RUN del C:\\app\\obj\\app.dll',
      '#6 0.420 The process cannot access the file because it is being used by another process.',
      '#6 ERROR: process "cmd /S /C del C:\\\\app\\\\obj\\\\app.dll" did not complete successfully: exit code: 1',
      'ERROR: failed to solve: process "cmd /S /C del C:\\\\app\\\\obj\\\\app.dll" did not complete successfully: exit code: 1',
    ].join('\n');
    expect(classify(log)).toMatchObject({ class: 'lock', rule: 'sharing-violation' });
  });

  it('lets lock text beat transient text, and transient text beat other permanent text', () => {
    expect(classify(fixtureText('moby/moby#40723')).rule).toBe('layer-rename-access-denied');
    const rateLimitedCopy = fixtureText('NVIDIA/cuda-quantum#3926');
    expect(rateLimitedCopy).toContain('failed to compute cache key');
    expect(classify(rateLimitedCopy).class).toBe('transient');
  });

  it('uses retry-patterns after built-in transient rules but before other permanent rules', () => {
    const flakyDownload = [
      '#7 [3/5] RUN powershell -Command Invoke-WebRequest https://example.invalid/tool.zip -OutFile tool.zip',
      '#7 4.210 Invoke-WebRequest : The remote server returned an error: (503) Server Unavailable.',
      '#7 ERROR: process "powershell -Command Invoke-WebRequest" did not complete successfully: exit code: 1',
    ].join('\n');
    const retryPatterns = [/The remote server returned an error: \(5\d\d\)/];
    expect(classify(flakyDownload).rule).toBe('run-step-failed');
    expect(classify(flakyDownload, { retryPatterns })).toMatchObject({
      class: 'transient',
      rule: 'user-retry-pattern',
      evidence:
        '#7 4.210 Invoke-WebRequest : The remote server returned an error: (503) Server Unavailable.',
    });
    const rateLimited = fixtureText('elastic/golang-crossbuild#659');
    expect(classify(rateLimited, { retryPatterns: [/toomanyrequests/] }).rule).toBe(
      'registry-rate-limited',
    );
    expect(classify(lockLine, { retryPatterns: [/ActivateLayer/] }).class).toBe('lock');
  });

  it('checks fatal-patterns before retry-patterns', () => {
    const verdict = classify(lockLine, { retryPatterns: [/Win32/], fatalPatterns: [/Win32/] });
    expect(verdict.rule).toBe('user-fatal-pattern');
  });

  it('tests user patterns line by line, so ^ and $ mean the start and end of a line', () => {
    const log = [
      'Step 4/6 : RUN npm ci',
      'npm ERR! code E401',
      "The command 'cmd /S /C npm ci' returned a non-zero code: 1",
    ].join('\n');
    const verdict = classify(log, { fatalPatterns: [/^npm ERR! code E40[13]$/] });
    expect(verdict).toMatchObject({ rule: 'user-fatal-pattern', evidence: 'npm ERR! code E401' });
  });

  it('accepts user patterns with the g flag on repeated calls', () => {
    const fatalPatterns = [/hcsshim/g];
    expect(classify(lockLine, { fatalPatterns }).rule).toBe('user-fatal-pattern');
    expect(classify(lockLine, { fatalPatterns }).rule).toBe('user-fatal-pattern');
  });
});

describe('unknown', () => {
  it('returns no-match with the final error line as evidence', () => {
    const log = [
      '#3 [2/2] RUN build.cmd',
      '#3 DONE 2.0s',
      'ERROR: failed to solve: something nobody has seen',
    ].join('\n');
    expect(classify(log)).toEqual({
      class: 'unknown',
      rule: 'no-match',
      evidence: 'ERROR: failed to solve: something nobody has seen',
      lockedPaths: [],
    });
  });

  it('does not fall back to earlier lines when the final error matches nothing', () => {
    const log = [
      `#4 0.5 ${lockLine}`,
      '#4 DONE 1.0s',
      'ERROR: failed to solve: something nobody has seen',
    ].join('\n');
    expect(classify(log).class).toBe('unknown');
  });

  it('handles an empty log', () => {
    expect(classify('')).toEqual({
      class: 'unknown',
      rule: 'no-match',
      evidence: '',
      lockedPaths: [],
    });
  });
});

describe('log hygiene', () => {
  it('strips ANSI colour codes and CR from the evidence', () => {
    const verdict = classify(`\x1b[31mERROR: failed to solve: ${lockLine}\x1b[0m\r\n`);
    expect(verdict.class).toBe('lock');
    expect(verdict.evidence).toBe(`ERROR: failed to solve: ${lockLine}`);
  });

  it('joins a message wrapped inside a word', () => {
    const verdict = classify(
      'ERROR: failed to solve: hcsshim::ActivateLayer failed in Win32: The process cannot acc\ness the file because it is being used by another process. (0x20)',
    );
    expect(verdict.rule).toBe('hcs-layer-sharing-violation');
  });

  it('cuts long evidence to about 500 characters around the match', () => {
    const verdict = classify(`ERROR: ${'x'.repeat(3000)} ${lockLine} ${'y'.repeat(3000)}`);
    expect(verdict.evidence.length).toBeLessThanOrEqual(500);
    expect(verdict.evidence).toContain('hcsshim::ActivateLayer failed in Win32');
  });

  it('sees a signature in a line longer than one piece', () => {
    const verdict = classify(`ERROR: ${'z'.repeat(20000)} ${lockLine}`);
    expect(verdict.class).toBe('lock');
  });
});

describe('extractWindowsPaths', () => {
  it.each([
    [
      'drive path ended by a colon',
      'failed to activate layer C:\\a\\snapshots\\4: hcsshim',
      ['C:\\a\\snapshots\\4'],
    ],
    [
      '\\\\?\\ prefix dropped',
      'remove \\\\?\\C:\\ProgramData\\x.cat: The process',
      ['C:\\ProgramData\\x.cat'],
    ],
    [
      'JSON-escaped',
      'path="C:\\\\Program Files\\\\containerd\\\\root-test"',
      ['C:\\Program Files\\containerd\\root-test'],
    ],
    ['JSON-escaped \\\\?\\', 'open \\\\\\\\?\\\\C:\\\\a\\\\b.db: The', ['C:\\a\\b.db']],
    [
      'volume GUID form',
      'write \\\\?\\Volume{6cf1b633-45e2-4bc0-ac97-bec90dcce910}\\Unreal\\a.pdb: There',
      ['\\\\?\\Volume{6cf1b633-45e2-4bc0-ac97-bec90dcce910}\\Unreal\\a.pdb'],
    ],
    [
      'two paths of a rename',
      'rename C:\\x\\12 C:\\x\\rm-12: Access is denied.',
      ['C:\\x\\12', 'C:\\x\\rm-12'],
    ],
    [
      'spaces inside folder names',
      'at C:\\Program Files (x86)\\Microsoft SDKs\\Tool.dll: no',
      ['C:\\Program Files (x86)\\Microsoft SDKs\\Tool.dll'],
    ],
    ['trailing sentence punctuation', 'cannot remove C:\\data\\lock.', ['C:\\data\\lock']],
    [
      'a key=value after a space',
      'layerId=C:\\w\\ae7e flavour=1 folder=C:\\T\\hcs1',
      ['C:\\w\\ae7e', 'C:\\T\\hcs1'],
    ],
    ['duplicates, case-insensitively', 'C:\\A\\b: x C:\\a\\B: y', ['C:\\A\\b']],
    ['no named pipes or URLs', 'open \\\\.\\pipe\\buildkitd: https://x.example/c:/d', []],
  ])('%s', (_, text, expected) => {
    expect(extractWindowsPaths(text)).toEqual(expected);
  });

  it('reports paths only for lock verdicts, from the lock lines', () => {
    const log = [
      'ERROR: failed to solve: rename C:\\ProgramData\\docker\\windowsfilter\\ab C:\\ProgramData\\docker\\windowsfilter\\ab-removing: Access is denied.',
      'See C:\\Users\\runner\\build.log for details',
    ].join('\n');
    expect(classify(log).lockedPaths).toEqual([
      'C:\\ProgramData\\docker\\windowsfilter\\ab',
      'C:\\ProgramData\\docker\\windowsfilter\\ab-removing',
    ]);
    expect(classify(fixtureText('docker/for-win#14425')).lockedPaths).toEqual([]);
  });
});
