import type { AttemptRecord } from '../../../src/engine/attempt-record.js';
import {
  attemptFacts,
  errorLine,
  highlightCase,
  pickHighlights,
} from '../../../src/engine/diagnostics/highlights.js';
import type { Fact } from '../../../src/engine/diagnostics/types.js';

const FACTS: Fact[] = [
  { kind: 'host-build', text: 'host build', weight: 5 },
  { kind: 'disk-free', text: 'disk free', weight: 5 },
  { kind: 'defender-state', text: 'defender off', weight: 10 },
  { kind: 'lock-holder', text: 'holder', weight: 50 },
  { kind: 'tool-error', text: 'tool error', weight: 50 },
  { kind: 'timeout', text: 'timed out', weight: 50 },
  { kind: 'build-cache', text: 'cache size', weight: 10 },
  { kind: 'service-state', text: 'daemon restarted', weight: 50 },
];

describe('pickHighlights', () => {
  it.each([
    ['lock', ['holder', 'tool error', 'timed out']],
    ['permanent', ['tool error', 'holder', 'timed out']],
    ['transient', ['tool error', 'daemon restarted', 'holder']],
    ['timeout', ['timed out', 'daemon restarted', 'holder']],
  ] as const)('ranks for %s', (which, expected) => {
    expect(pickHighlights(FACTS, which)).toEqual(expected);
  });

  it('lists Defender state and disk space after the holder when nothing stronger is known', () => {
    const lockOnly = FACTS.filter((fact) =>
      ['lock-holder', 'defender-state', 'disk-free', 'host-build'].includes(fact.kind),
    );
    expect(pickHighlights(lockOnly, 'lock')).toEqual(['holder', 'defender off', 'disk free']);
  });

  it('drops repeated texts', () => {
    const twice: Fact[] = [
      { kind: 'panic', text: 'same', weight: 80 },
      { kind: 'panic', text: 'same', weight: 80 },
      { kind: 'disk-free', text: 'other', weight: 5 },
    ];
    expect(pickHighlights(twice, 'unknown')).toEqual(['same', 'other']);
  });
});

function attempt(overrides: Partial<AttemptRecord>): AttemptRecord {
  return {
    number: 1,
    startedAt: 0,
    durationMs: 1000,
    exitCode: 1,
    lockedPaths: [],
    queueWaitMs: 0,
    waitAfterMs: 0,
    waitReason: '',
    logFile: '/dev/null',
    logBytes: 0,
    ...overrides,
  };
}

describe('attemptFacts', () => {
  it('gives the tool error line of a permanent failure', () => {
    const facts = attemptFacts(
      [
        attempt({
          failureClass: 'permanent',
          rule: 'run-exit-code',
          evidence:
            '#5 1.388 Access is denied.\n#5 ERROR: process "cmd /S /C echo hi > hello.txt" did not complete successfully: exit code: 1\n',
        }),
      ],
      'failure',
    );
    expect(facts).toEqual([
      {
        kind: 'tool-error',
        text: 'Attempt 1 failed (permanent, rule `run-exit-code`): #5 ERROR: process "cmd /S /C echo hi > hello.txt" did not complete successfully: exit code: 1',
        weight: 50,
      },
    ]);
  });

  it('recognises an OS build mismatch and a full disk in the evidence', () => {
    const kinds = (evidence: string) =>
      attemptFacts([attempt({ failureClass: 'permanent', evidence })], 'failure').map(
        (fact) => fact.kind,
      );
    expect(
      kinds(
        'failure in a Windows system call: The operating system of the container does not match the operating system of the host. (0xc0370101)',
      ),
    ).toEqual(['tool-error', 'os-mismatch']);
    expect(kinds('write C:\\x\\a.dll: There is not enough space on the disk.')).toEqual([
      'tool-error',
      'disk-low',
    ]);
  });

  it('tells a timeout and a cancellation', () => {
    expect(
      attemptFacts(
        [attempt({ number: 2, failureClass: 'timeout', durationMs: 1_830_000 })],
        'failure',
      ),
    ).toEqual([
      {
        kind: 'timeout',
        text: 'Attempt 2 was stopped by attempt-timeout after 30 min 30 s.',
        weight: 50,
      },
    ]);
    expect(attemptFacts([], 'cancelled')).toEqual([
      { kind: 'cancelled', text: 'The job was cancelled before the first attempt.', weight: 50 },
    ]);
  });
});

describe('highlightCase', () => {
  it('follows the last attempt, and a cancellation above all', () => {
    expect(
      highlightCase(
        [attempt({ failureClass: 'lock' }), attempt({ failureClass: 'transient' })],
        'failure',
      ),
    ).toBe('transient');
    expect(highlightCase([attempt({ failureClass: 'lock' })], 'cancelled')).toBe('cancelled');
    expect(highlightCase([attempt({ exitCode: 0 })], 'always')).toBe('success');
  });
});

describe('errorLine', () => {
  it('prefers the last line that says what failed, and caps the length', () => {
    expect(errorLine('#1 DONE\nerror: failed to solve: boom\n#2 DONE\n')).toBe(
      'error: failed to solve: boom',
    );
    expect(errorLine('just text')).toBe('just text');
    expect(errorLine(`error ${'x'.repeat(400)}`)).toHaveLength(300);
  });
});
