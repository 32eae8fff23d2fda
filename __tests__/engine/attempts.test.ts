import {
  backoffMs,
  runAttempts,
  type AttemptDeps,
  type AttemptOutcome,
} from '../../src/engine/attempts.js';
import type { InputSpec } from '../../src/engine/inputs.js';
import { readSettings, type FailureClass } from '../../src/engine/settings.js';
import { FakeClock } from '../helpers/fake-clock.js';

function settingsFrom(values: Record<string, string> = {}) {
  return readSettings((spec: InputSpec) => values[spec.name], {
    host: 'cli',
    platform: 'linux',
    env: {},
    cwd: '/',
    tempDir: '/tmp',
  });
}

type Step = {
  exitCode: number | null;
  class?: FailureClass;
  paths?: string[];
  timedOut?: boolean;
  startError?: string;
};

function harness(steps: Step[], options: { held?: Record<string, number> } = {}) {
  const clock = new FakeClock();
  const warnings: string[] = [];
  const events: string[] = [];
  let index = 0;
  const held = { ...(options.held ?? {}) };
  const deps: AttemptDeps = {
    clock,
    random: () => 0.5,
    acquireSlot: async () => {
      events.push('acquire');
      return { waitedMs: 7, release: async () => void events.push('release') };
    },
    runBuild: async (attempt): Promise<AttemptOutcome> => {
      const step = steps[index++];
      events.push(`build ${attempt}`);
      clock.time += 1000;
      return {
        exitCode: step.exitCode,
        timedOut: step.timedOut ?? false,
        startError: step.startError,
        tail: `tail ${attempt}`,
        logFile: `/logs/${attempt}`,
        logBytes: 10,
        startedAt: clock.time - 1000,
        durationMs: 1000,
      };
    },
    classify: (tail) => {
      const step = steps[Number(tail.split(' ')[1]) - 1];
      return {
        class: step.class ?? 'unknown',
        rule: `rule-${step.class}`,
        evidence: `evidence ${tail}`,
        lockedPaths: step.paths ?? [],
      };
    },
    probeFile: async (file) => {
      if ((held[file] ?? 0) > 0) {
        held[file] -= 1;
        return 'held';
      }
      return 'free';
    },
    log: {
      info: () => undefined,
      debug: () => undefined,
      warning: (message) => void warnings.push(message),
    },
    group: (_title, run) => run(),
  };
  return { deps, clock, warnings, events };
}

describe('runAttempts', () => {
  it('retries a lock error once the named file is released, without backoff', async () => {
    const { deps, clock, warnings, events } = harness(
      [{ exitCode: 1, class: 'lock', paths: ['C:\\snap\\4'] }, { exitCode: 0 }],
      { held: { 'C:\\snap\\4': 3 } },
    );
    const result = await runAttempts(settingsFrom(), deps);
    expect(result.succeeded).toBe(true);
    expect(result.lockRetries).toBe(1);
    expect(clock.sleeps).toEqual([250, 250, 250]);
    expect(result.attempts[0]).toMatchObject({
      failureClass: 'lock',
      waitReason: 'lock-released',
      waitAfterMs: 750,
      queueWaitMs: 7,
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /Attempt 1 of 3 failed with a lock error \(rule rule-lock\); C:\\snap\\4 was released after 0\.8 s; retrying now\./,
      ),
    ]);
    expect(events).toEqual(['acquire', 'build 1', 'release', 'acquire', 'build 2', 'release']);
  });

  it('gives up waiting for a held file at lock-wait-timeout and retries anyway', async () => {
    const { deps, clock } = harness(
      [{ exitCode: 1, class: 'lock', paths: ['/held'] }, { exitCode: 0 }],
      { held: { '/held': 1000 } },
    );
    const result = await runAttempts(settingsFrom({ 'lock-wait-timeout': '2' }), deps);
    expect(result.attempts[0].waitReason).toBe('lock-wait-timeout');
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(2000);
  });

  it('backs off when no process on this machine holds the named path', async () => {
    const { deps, clock, warnings } = harness([
      { exitCode: 1, class: 'lock', paths: ['C:\\remote\\snapshots\\4'] },
      { exitCode: 0 },
    ]);
    const result = await runAttempts(settingsFrom(), deps);
    expect(result.attempts[0].waitReason).toBe('backoff');
    expect(clock.sleeps).toEqual([3750]);
    expect(warnings).toEqual([expect.stringMatching(/lock error .*; retrying in 3\.8 s\./)]);
  });

  it('backs off, doubling with jitter, when the error names no file', async () => {
    const { deps, clock } = harness([
      { exitCode: 1, class: 'transient' },
      { exitCode: 1, class: 'transient' },
      { exitCode: 1, class: 'transient' },
      { exitCode: 0 },
    ]);
    const result = await runAttempts(
      settingsFrom({ 'max-attempts': '4', 'retry-delay': '4', 'retry-max-delay': '10' }),
      deps,
    );
    expect(result.succeeded).toBe(true);
    // random() = 0.5: half the base plus a quarter of it; bases 4 s, 8 s, then capped at 10 s.
    expect(clock.sleeps).toEqual([3000, 6000, 7500]);
  });

  it('does not retry a permanent error', async () => {
    const { deps, events } = harness([{ exitCode: 1, class: 'permanent' }, { exitCode: 0 }]);
    const result = await runAttempts(settingsFrom(), deps);
    expect(result).toMatchObject({
      succeeded: false,
      verdict: { class: 'permanent', evidence: 'evidence tail 1' },
    });
    expect(events.filter((event) => event.startsWith('build'))).toEqual(['build 1']);
  });

  it('stops at max-attempts', async () => {
    const { deps } = harness(
      Array.from({ length: 5 }, () => ({ exitCode: 1, class: 'lock' as const })),
    );
    const result = await runAttempts(
      settingsFrom({ 'max-attempts': '2', 'retry-delay': '0', 'retry-max-delay': '0' }),
      deps,
    );
    expect(result.attempts.map((attempt) => attempt.failureClass)).toEqual(['lock', 'lock']);
    expect(result.lockRetries).toBe(1);
  });

  it('classes a killed attempt as timeout and retries it only when asked', async () => {
    const steps = [{ exitCode: null, timedOut: true }, { exitCode: 0 }];
    const notRetried = await runAttempts(settingsFrom(), harness(steps).deps);
    expect(notRetried).toMatchObject({
      succeeded: false,
      verdict: { class: 'timeout', rule: 'attempt-timeout' },
    });
    const retried = await runAttempts(
      settingsFrom({ 'retry-on': 'timeout', 'retry-delay': '0', 'retry-max-delay': '0' }),
      harness(steps).deps,
    );
    expect(retried.succeeded).toBe(true);
  });

  it('reports a tool that cannot start as permanent', async () => {
    const { deps } = harness([{ exitCode: null, startError: 'spawn buildctl ENOENT' }]);
    const result = await runAttempts(settingsFrom(), deps);
    expect(result.verdict).toMatchObject({
      class: 'permanent',
      rule: 'tool-not-started',
      evidence: expect.stringMatching(
        /could not be started \(spawn buildctl ENOENT\)\. Put buildctl/,
      ),
    });
  });

  it('retries nothing with retry-on none', async () => {
    const { deps } = harness([{ exitCode: 1, class: 'lock' }, { exitCode: 0 }]);
    const result = await runAttempts(settingsFrom({ 'retry-on': 'none' }), deps);
    expect(result.attempts).toHaveLength(1);
  });
});

describe('backoffMs', () => {
  it.each([
    [1, 0, 2500],
    [1, 0.999, 4998],
    [2, 0, 5000],
    [5, 0.5, 45000],
  ])('retry %d with random %d waits %d ms (5 s base, 60 s cap)', (retry, random, expected) => {
    expect(backoffMs(settingsFrom(), retry, () => random)).toBe(expected);
  });
});
