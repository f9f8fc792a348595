/** A fake Clock for the transport: sleeps are recorded and advance time instantly, randomness is scripted. */
import type { Clock } from '../../lib/graph/GraphClient';

export interface FakeClock extends Clock {
  /** Every delay passed to sleep(), in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
  set(ms: number): void;
  /** Sum of all recorded sleeps. */
  slept(): number;
}

export interface FakeClockOptions {
  /** Start time as epoch ms or an ISO date; default 2026-11-23T12:00:00Z. */
  start?: number | string;
  /** What random() returns: one value for every call, or a list used in turn (the last one repeats). */
  random?: number | number[];
}

export function fakeClock(options: FakeClockOptions = {}): FakeClock {
  let now = typeof options.start === 'string' ? Date.parse(options.start) : options.start ?? Date.parse('2026-11-23T12:00:00Z');
  const randoms = Array.isArray(options.random) ? [...options.random] : [options.random ?? 0.5];
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms: number): Promise<void> {
      sleeps.push(ms);
      now += ms;
    },
    random: () => (randoms.length > 1 ? randoms.shift() as number : randoms[0]),
    advance(ms: number): void { now += ms; },
    set(ms: number): void { now = ms; },
    slept: () => sleeps.reduce((a, b) => a + b, 0),
  };
}
