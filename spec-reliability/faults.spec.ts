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

/*
 * BUG (owner: polling triggers; lib/platform/polling.ts, drainDelta, lines ~254-280 at 9444081): during a sync
 * round (the first delta round, or a resync), the only memory of what this round already emitted is the cursor's
 * last second plus its look-back window; the frozen `resync` memory is the one from before the round. When a delta
 * token expires in the middle of such a round (410 SyncStateNotFound), the restarted round therefore emits again
 * everything the interrupted round had emitted outside the look-back window — although the warning says "starting a
 * full resync that skips what was already emitted" and the README promises "emitting only versions newer than those
 * already emitted". With maxMessages, a token that expires every few executions restarts the round each time, so
 * the drain re-emits its first pages forever and never completes. The two tests below are skipped until it is fixed.
 */
describe('Reliability: delta tokens expiring in the middle of a sync round', function () {
  it('loses nothing when the delta token expires mid-round', async function () {
    const h = await openSandbox({ seed: 8, demo: false, bulk: { folder: 'inbox', count: MESSAGES } });
    try {
      const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: 'delta' }), 'resync', fastClock(6));
      await flow.tick({ onItem: (n) => { if (n === 5500) h.sb.expireDeltaTokens(); } });
      await flow.drain(5);
      const missing = h.sb.store.messages('inbox').filter((m) => !flow.byId.has(m.id as string));
      assert.equal(missing.length, 0);
    } finally {
      await h.stop();
    }
  });

  it.skip('BUG polling.ts drainDelta: does not emit again what the interrupted round emitted (expiry after 5,500 of 20,000)', async function () {
    const h = await openSandbox({ seed: 8, demo: false, bulk: { folder: 'inbox', count: MESSAGES } });
    try {
      const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: 'delta' }), 'resync', fastClock(6));
      await flow.tick({ onItem: (n) => { if (n === 5500) h.sb.expireDeltaTokens(); } });
      // Observed at 9444081: 5,959 duplicates (everything before the look-back window of the interrupted round).
      assert.ok(flow.duplicates() <= 1000, `${flow.duplicates()} messages emitted twice after one token expiry`);
    } finally {
      await h.stop();
    }
  });

  it.skip('BUG polling.ts drainDelta: completes a 20,000-message drain with maxMessages 1000 although delta tokens expire every 5 executions', async function () {
    const h = await openSandbox({ seed: 8, demo: false, bulk: { folder: 'inbox', count: MESSAGES } });
    try {
      const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: 'delta', maxMessages: 1000 }), 'resync', fastClock(6));
      // Observed at 9444081: after 200 executions only 6,000 distinct messages, 194,958 duplicates, still emitting.
      for (let n = 1; n <= 200; n += 1) {
        const tick = await flow.tick();
        if (!tick.error && tick.items === 0) break;
        if (n % 5 === 0) h.sb.expireDeltaTokens();
      }
      assert.equal(flow.byId.size, MESSAGES, 'the drain did not get through the folder');
      assert.ok(flow.duplicates() <= 4 * 1000, `${flow.duplicates()} duplicates`);
    } finally {
      await h.stop();
    }
  });
});
