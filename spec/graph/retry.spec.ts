import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, Outcome, backoff, decide, parseRetryAfter } from '../../lib/graph/retry';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const policy = DEFAULT_RETRY_POLICY;

describe('graph/retry', () => {
  describe('parseRetryAfter', () => {
    const table: Array<[string | undefined, number | undefined, string]> = [
      [undefined, undefined, 'absent'],
      ['', undefined, 'empty'],
      ['1', 1000, 'integer seconds'],
      ['120', 120_000, 'large integer seconds'],
      [' 7 ', 7000, 'surrounding white space'],
      ['0', 0, 'zero'],
      ['0.249', 249, 'decimal as sent inside $batch'],
      ['0.3', 300, 'decimal whose product is not exact in floating point'],
      ['1.0001', 1001, 'decimal rounded up to the next millisecond'],
      ['86400', 86_400_000, 'absurd but well-formed'],
      ['Mon, 23 Nov 2026 12:00:30 GMT', 30_000, 'IMF-fixdate in the future'],
      ['Monday, 23-Nov-26 12:00:30 GMT', 30_000, 'RFC 850 date'],
      ['Mon Nov 23 12:00:30 2026', 30_000, 'asctime date, read as GMT'],
      ['Sun, 22 Nov 2026 12:00:00 GMT', 0, 'HTTP date in the past'],
      ['-5', undefined, 'negative'],
      ['-0.5', undefined, 'negative decimal'],
      ['soon', undefined, 'garbage'],
      ['foo 12', undefined, 'garbage that V8 Date.parse reads as 2001'],
      ['abc 2030', undefined, 'garbage that V8 Date.parse reads as 2030'],
      ['1e3', undefined, 'exponent notation'],
      ['1.', undefined, 'trailing dot'],
      ['2026-11-23T12:00:30Z', undefined, 'ISO date is not an HTTP date'],
    ];
    for (const [value, expected, what] of table) {
      it(`${what}: ${JSON.stringify(value)} → ${expected === undefined ? 'no hint' : `${expected} ms`}`, () => {
        assert.equal(parseRetryAfter(value, NOW), expected);
      });
    }
  });

  describe('decide: which outcomes are retried', () => {
    const status = (s: number): Outcome => ({ kind: 'status', status: s });
    const table: Array<[string, Outcome, boolean, boolean]> = [
      // [what, outcome, retried when idempotent, retried when not]
      ['429', status(429), true, true],
      ['500', status(500), true, false],
      ['502', status(502), true, false],
      ['503', status(503), true, false],
      ['504', status(504), true, false],
      ['509', status(509), true, false],
      ['400', status(400), false, false],
      ['401', status(401), false, false],
      ['403', status(403), false, false],
      ['404', status(404), false, false],
      ['409', status(409), false, false],
      ['410', status(410), false, false],
      ['413', status(413), false, false],
      ['422', status(422), false, false],
      ['501', status(501), false, false],
      ['timeout', { kind: 'timeout' }, true, false],
      ['connection reset after sending', { kind: 'network', reachedServer: true }, true, false],
      ['connection refused (never sent)', { kind: 'network', reachedServer: false }, true, true],
    ];
    for (const [what, outcome, idem, nonIdem] of table) {
      it(`${what}: ${idem ? 'retried' : 'not retried'} when idempotent, ${nonIdem ? 'retried' : 'not retried'} otherwise`, () => {
        assert.equal(decide({ outcome, idempotent: true, retries: 0, waitedMs: 0, policy, random: 0.5 }).retry, idem);
        assert.equal(decide({ outcome, idempotent: false, retries: 0, waitedMs: 0, policy, random: 0.5 }).retry, nonIdem);
      });
    }
  });

  describe('decide: delays and caps', () => {
    const throttled = (retryAfterMs?: number): Outcome => ({ kind: 'status', status: 429, retryAfterMs });

    it('waits exactly the Retry-After hint', () => {
      assert.deepEqual(decide({ outcome: throttled(2500), idempotent: false, retries: 0, waitedMs: 0, policy, random: 0.9 }), { retry: true, delayMs: 2500 });
    });

    it('falls back to full-jitter exponential backoff without a hint', () => {
      const delays = [0, 1, 2].map((retries) => decide({ outcome: throttled(), idempotent: true, retries, waitedMs: 0, policy, random: 0.5 }));
      assert.deepEqual(delays, [500, 1000, 2000].map((delayMs) => ({ retry: true, delayMs })));
    });

    it('gives up after maxRetries (3 by default)', () => {
      assert.equal(policy.maxRetries, 3);
      const decision = decide({ outcome: throttled(1000), idempotent: true, retries: 3, waitedMs: 0, policy, random: 0.5 });
      assert.equal(decision.retry, false);
    });

    it('does not wait for a Retry-After longer than maxRetryAfterMs', () => {
      const decision = decide({ outcome: throttled(86_400_000), idempotent: true, retries: 0, waitedMs: 0, policy, random: 0.5 });
      assert.equal(decision.retry, false);
      assert.match(decision.retry ? '' : decision.reason, /86400 s exceeds the 60 s limit/);
    });

    it('stops when the total wait would exceed maxTotalWaitMs', () => {
      assert.equal(decide({ outcome: throttled(60_000), idempotent: true, retries: 1, waitedMs: 60_000, policy, random: 0.5 }).retry, true);
      assert.equal(decide({ outcome: throttled(60_000), idempotent: true, retries: 2, waitedMs: 120_000, policy, random: 0.5 }).retry, false);
    });
  });

  describe('backoff', () => {
    const table: Array<[number, number, number]> = [
      [0, 0, 50], [0, 0.5, 500], [1, 0.5, 1000], [2, 0.999, 3996], [5, 0.5, 15_000], [10, 0.999, 29_970], [40, 1 - 1e-9, 29_999],
    ];
    for (const [retries, random, expected] of table) {
      it(`retry ${retries} with random ${random} → ${expected} ms (at least 50, at most 30 s)`, () => {
        assert.equal(backoff(retries, policy, random), expected);
      });
    }
  });
});
