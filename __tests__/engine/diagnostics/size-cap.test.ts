import { capFor, keepUnder, mergeCuts } from '../../../src/engine/diagnostics/size-cap.js';

describe('capFor', () => {
  it.each([
    [[10, 20, 30], 100, Infinity],
    [[10, 20, 30], 60, Infinity],
    [[10, 20, 300], 100, 70],
    [[10, 200, 300], 100, 45],
    [[100, 100], 100, 50],
    [[5], 0, 0],
    [[], 10, Infinity],
  ])('sizes %j in budget %i -> cap %d', (sizes, budget, cap) => {
    expect(capFor(sizes, budget)).toBe(cap);
    if (cap !== Infinity)
      expect(sizes.reduce((sum, size) => sum + Math.min(size, cap), 0)).toBeLessThanOrEqual(budget);
  });
});

describe('keepUnder', () => {
  it('keeps small files whole and leaves room for the cut notice in large ones', () => {
    expect(keepUnder(100, 1000)).toBe(100);
    expect(keepUnder(5000, 1000)).toBe(840);
    expect(keepUnder(5000, 100)).toBe(0);
  });
});

describe('mergeCuts', () => {
  it('keeps the first size before and the last size after of each file', () => {
    expect(
      mergeCuts([
        { path: 'a', bytesBefore: 900, bytesAfter: 500, reason: 'r' },
        { path: 'b', bytesBefore: 90, bytesAfter: 50, reason: 'r' },
        { path: 'a', bytesBefore: 500, bytesAfter: 400, reason: 'r' },
      ]),
    ).toEqual([
      { path: 'a', bytesBefore: 900, bytesAfter: 400, reason: 'r' },
      { path: 'b', bytesBefore: 90, bytesAfter: 50, reason: 'r' },
    ]);
  });
});
