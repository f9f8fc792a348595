/** A transport clock whose sleeps return at once (recorded), so retry waits cost nothing; randomness is seeded. */
import type { Clock } from '../../lib/graph/GraphClient';
import { Prng } from '../../dev/sandbox/random';

export interface FastClock extends Clock {
  readonly sleeps: number[];
  slept(): number;
}

/** `now` follows `base` (the sandbox's clock, or the wall clock) so token and settle logic see coherent time. */
export function fastClock(seed: number, base: { now(): number } = { now: () => Date.now() }): FastClock {
  const prng = new Prng(seed);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => base.now(),
    async sleep(ms: number): Promise<void> {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    random: () => prng.next(),
    slept: () => sleeps.reduce((a, b) => a + b, 0),
  };
}
