/**
 * A 20,000-message drain while Graph throttles, fails, drops connections and lets access tokens expire: every
 * message must come out exactly once. Retry waits go through the trigger's injected clock, so they cost no time.
 */
import { strict as assert } from 'node:assert';
import * as readMail from '../lib/triggers/readMail';
import { fastClock } from './support/clock';
import { TriggerFlow } from './support/flow';
import { openSandbox } from './support/sandbox';

const MESSAGES = 20_000;
const FAULTS = {
  seed: 20_000,
  rate429: 0.05,
  rate429NoRetryAfter: 0.05,
  retryAfter: '1',
  rate503: 0.025,
  rate504: 0.025,
  rateReset: 0.02,
};

describe('Reliability: a 20,000-message drain under faults', function () {
  const modes = [
    // maxMessages 100 makes pages of 100, so the drain takes hundreds of requests and several token lifetimes.
    { name: 'lastModifiedDateTime', cfg: { pollingMode: 'lastModifiedDateTime', maxMessages: 100 }, everyKind: true },
    { name: 'delta', cfg: { pollingMode: 'delta', maxMessages: 100 }, everyKind: true },
    // The default configuration: ~25 requests, so only some fault kinds turn up.
    { name: 'lastModifiedDateTime, default 1000-message pages', cfg: { pollingMode: 'lastModifiedDateTime' }, everyKind: false },
  ];
  for (const mode of modes) {
    it(`emits every message exactly once through 10% 429 (half without Retry-After), 5% 503/504, 2% resets and a token expiring every 100 requests (${mode.name})`, async function () {
      const h = await openSandbox({ seed: 7, demo: false, bulk: { folder: 'inbox', count: MESSAGES }, tokenMaxRequests: 100 });
      try {
        h.sb.faults.configure(FAULTS);
        const clock = fastClock(5);
        const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', ...mode.cfg }), 'faults', clock);
        const executions = await flow.drain(2000);

        const expected = h.sb.store.messages('inbox').map((m) => m.id as string);
        assert.equal(expected.length, MESSAGES);
        const missing = expected.filter((id) => !flow.byId.has(id));
        assert.deepEqual(missing.slice(0, 5), [], `${missing.length} messages never emitted`);
        assert.equal(flow.duplicates(), 0, 'some messages were emitted more than once');
        assert.equal(flow.byId.size, MESSAGES);
        // Every failed execution failed on a fault the suite injected, and said so in Graph's words.
        for (const err of flow.errors) assert.match(err.message, /answered (429|503|504)|connection error|timed out/);

        const injected = h.sb.faults.stats().injected;
        const counters = h.sb.counters();
        const graphRequests = h.sb.requests.filter((r) => r.route !== 'token').length;
        const unauthorized = h.sb.requests.filter((r) => r.status === 401).length;
        if (mode.everyKind) {
          const kinds = ['429', '429NoRetryAfter', '503', '504', 'reset'];
          assert.deepEqual(kinds.filter((k) => !injected[k]), [], `every fault kind was injected: ${JSON.stringify(injected)}`);
          assert.ok(unauthorized > 0 && (counters.token ?? 0) > 0, 'the access token expired and was refreshed');
        }
        assert.ok(Object.values(injected).reduce((a, b) => a + b, 0) > 0, 'faults were injected');
        console.log(`      ${executions} executions (${flow.errors.length} ended by a fault after its retries), ${graphRequests} Graph requests, `
          + `faults ${JSON.stringify(injected)}, ${unauthorized} × 401 expired token; ${clock.sleeps.length} retries `
          + `(${(clock.slept() / 1000).toFixed(1)} s of waits, skipped by the injected clock), ${counters.token ?? 0} token refreshes`);
      } finally {
        await h.stop();
      }
    });
  }
});
