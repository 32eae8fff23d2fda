import type { Clock } from '../../src/engine/clock.js';

/** A clock whose sleeps return at once and move time forward; it records every sleep. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public time = Date.UTC(2026, 11, 3, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
  }
}
