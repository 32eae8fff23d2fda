import {
  clampToNow,
  createEmptyState,
  decideStart,
  findDeathReason,
  insertEntry,
  parseState,
  pruneState,
  type Liveness,
  type QueueEntry,
  type QueueState,
} from '../../../src/engine/queue/state.js';

const T = 1_000_000;
const alive: Liveness = { hostname: 'here', isAlive: (pid) => pid !== 666 };

function entry(id: string, extra: Partial<QueueEntry> = {}): QueueEntry {
  return {
    id,
    pid: 100,
    step: `step-${id}`,
    host: 'github',
    hostname: 'here',
    requestedAt: T,
    renewedAt: T,
    ...extra,
  };
}

function state(entries: QueueEntry[], extra: Partial<QueueState> = {}): QueueState {
  return { ...createEmptyState('npipe:////./pipe/buildkitd'), entries, ...extra };
}

describe('parseState', () => {
  const good = state([entry('a', { startedAt: T }), entry('b')], { lastEndAt: T - 5, revision: 7 });

  it('reads back what was written', () => {
    expect(parseState(JSON.stringify(good))).toEqual({ state: good });
  });

  it.each([
    ['an empty file', '', /empty/],
    ['blank lines', '\n  \n', /empty/],
    ['half a file', JSON.stringify(good).slice(0, 60), /not valid JSON/],
    ['garbage', '\u0000\u0000garbage', /not valid JSON/],
    ['an array', '[]', /not hold a JSON object/],
    ['another version', JSON.stringify({ ...good, version: 2 }), /version 2, not 1/],
    [
      'no entries',
      JSON.stringify({ ...good, entries: undefined }),
      /lastEndAt, revision or entries/,
    ],
    ['a negative end time', JSON.stringify({ ...good, lastEndAt: -1 }), /lastEndAt/],
    [
      'an entry without pid',
      JSON.stringify({ ...good, entries: [{ ...entry('x'), pid: 'x' }] }),
      /entry 0/,
    ],
    [
      'an entry with a bad start',
      JSON.stringify({ ...good, entries: [entry('x', { startedAt: NaN })] }),
      /entry 0/,
    ],
    ['a bad recovery mark', JSON.stringify({ ...good, recoveredAt: 'now' }), /recoveredAt/],
  ])('names the problem with %s', (_name, text, problem) => {
    const parsed = parseState(text);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});

describe('findDeathReason', () => {
  const lease = 30_000;
  it.each([
    ['a live process within its lease', entry('a'), T + 1000, undefined],
    ['a process that is gone', entry('a', { pid: 666 }), T + 1000, 'process-gone'],
    ['a live process past its lease', entry('a'), T + lease + 1, 'lease-expired'],
    ['a live process exactly at its lease', entry('a'), T + lease, undefined],
    [
      'a gone pid on another machine (cannot be checked)',
      entry('a', { pid: 666, hostname: 'there' }),
      T + 1000,
      undefined,
    ],
    [
      'an entry of another machine past its lease',
      entry('a', { hostname: 'there' }),
      T + lease + 1,
      'lease-expired',
    ],
  ])('%s', (_name, item, now, reason) => {
    expect(findDeathReason(item, now, lease, alive)).toBe(reason);
  });
});

describe('pruneState', () => {
  it('counts a removed holder as ending now, for the spacing', () => {
    const before = state([entry('a', { pid: 666, startedAt: T }), entry('b')], {
      lastEndAt: T - 100,
    });
    const { state: after, removed } = pruneState(before, T + 50, 30_000, alive);
    expect(removed).toEqual([{ entry: before.entries[0], reason: 'process-gone' }]);
    expect(after.entries.map((item) => item.id)).toEqual(['b']);
    expect(after.lastEndAt).toBe(T + 50);
  });

  it('keeps the last end time when only a waiter is removed', () => {
    const before = state([entry('a', { startedAt: T }), entry('b', { pid: 666 })], {
      lastEndAt: T - 100,
    });
    const { state: after } = pruneState(before, T + 50, 30_000, alive);
    expect(after.entries.map((item) => item.id)).toEqual(['a']);
    expect(after.lastEndAt).toBe(T - 100);
  });

  it('returns the same state when everyone lives', () => {
    const before = state([entry('a', { startedAt: T }), entry('b')]);
    expect(pruneState(before, T + 50, 30_000, alive).state).toBe(before);
  });
});

describe('decideStart', () => {
  const spacing = 10_000;
  const grace = 5000;
  it.each<[string, QueueState, string, number, object]>([
    ['an empty line with no past build', state([entry('a')]), 'a', T, { kind: 'start' }],
    [
      'the head once the spacing has passed',
      state([entry('a')], { lastEndAt: T - spacing }),
      'a',
      T,
      { kind: 'start' },
    ],
    [
      'the head inside the spacing',
      state([entry('a')], { lastEndAt: T - 4000 }),
      'a',
      T,
      { kind: 'wait', position: 1, holder: undefined, ahead: [], startAllowedAt: T + 6000 },
    ],
    [
      'a waiter behind a holder',
      state([entry('h', { startedAt: T }), entry('a')]),
      'a',
      T,
      { kind: 'wait', position: 1, holder: entry('h', { startedAt: T }), ahead: [] },
    ],
    [
      'the third in line',
      state([entry('h', { startedAt: T }), entry('a'), entry('b'), entry('c')]),
      'c',
      T,
      { kind: 'wait', position: 3, ahead: [entry('a'), entry('b')] },
    ],
    [
      'a second waiter with a free slot',
      state([entry('a'), entry('b')]),
      'b',
      T,
      { kind: 'wait', position: 2 },
    ],
    [
      'the head just after a rebuilt state file',
      state([entry('a')], { recoveredAt: T - 1000 }),
      'a',
      T,
      { kind: 'wait', position: 1, startAllowedAt: T + 4000 },
    ],
    [
      'the head after the recovery grace',
      state([entry('a')], { recoveredAt: T - grace }),
      'a',
      T,
      { kind: 'start' },
    ],
    ['the holder itself', state([entry('a', { startedAt: T })]), 'a', T, { kind: 'start' }],
    ['an entry that is not there', state([entry('b')]), 'a', T, { kind: 'missing' }],
  ])('%s', (_name, given, id, now, expected) => {
    expect(decideStart(given, id, now, spacing, grace)).toMatchObject(expected);
  });

  it('ignores the last end time when spacing is off', () => {
    expect(decideStart(state([entry('a')], { lastEndAt: T }), 'a', T, 0, grace)).toEqual({
      kind: 'start',
    });
  });
});

describe('clampToNow', () => {
  it('brings a last end and a recovery mark from the future back to now (clock set back)', () => {
    const late = state([entry('a')], { lastEndAt: T + 3_600_000, recoveredAt: T + 60_000 });
    expect(clampToNow(late, T)).toMatchObject({ lastEndAt: T, recoveredAt: T });
  });

  it('leaves past times alone', () => {
    const past = state([entry('a')], { lastEndAt: T - 5 });
    expect(clampToNow(past, T)).toBe(past);
  });
});

describe('insertEntry', () => {
  it('puts a returning waiter back where its request time belongs, behind the holder', () => {
    const before = state([
      entry('h', { startedAt: T, requestedAt: T - 50 }),
      entry('a', { requestedAt: T + 10 }),
      entry('c', { requestedAt: T + 30 }),
    ]);
    const after = insertEntry(before, entry('b', { requestedAt: T + 20 }));
    expect(after.entries.map((item) => item.id)).toEqual(['h', 'a', 'b', 'c']);
    const early = insertEntry(before, entry('z', { requestedAt: T - 100 }));
    expect(early.entries.map((item) => item.id)).toEqual(['h', 'z', 'a', 'c']);
  });

  it('puts a returning holder first', () => {
    const after = insertEntry(state([entry('a')]), entry('h', { startedAt: T }));
    expect(after.entries.map((item) => item.id)).toEqual(['h', 'a']);
  });
});
