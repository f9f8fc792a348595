/**
 * A 20,000-message drain while Graph throttles, fails, drops connections and lets access tokens expire: every
 * message must come out exactly once. Retry waits go through the trigger's injected clock, so they cost no time.
 */
import { strict as assert } from 'node:assert';
import { Prng } from '../dev/sandbox/random';
import * as readMail from '../lib/functions/mail/readMail';
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

describe('Reliability: delta tokens expiring during a delta sync', function () {
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

  it('emits nothing twice when the delta token expires after 5,500 of 20,000 messages of the first sync', async function () {
    const h = await openSandbox({ seed: 8, demo: false, bulk: { folder: 'inbox', count: MESSAGES } });
    try {
      const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: 'delta' }), 'resync', fastClock(6));
      await flow.tick({ onItem: (n) => { if (n === 5500) h.sb.expireDeltaTokens(); } });
      // Observed at 9444081: 5,959 duplicates (everything before the look-back window of the interrupted round).
      // The sync now catches up by lastModifiedDateTime, so its sync round only confirms: nothing to repeat.
      assert.equal(flow.byId.size, MESSAGES);
      assert.equal(flow.duplicates(), 0, `${flow.duplicates()} messages emitted twice after one token expiry`);
      console.log(`      1 execution, ${flow.byId.size} messages, ${flow.duplicates()} duplicates`);
    } finally {
      await h.stop();
    }
  });

  it('completes a 20,000-message drain with maxMessages 1000 although delta tokens expire every 5 executions', async function () {
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
      assert.equal(flow.duplicates(), 0, `${flow.duplicates()} duplicates`);
      console.log(`      ${flow.ticks.length} executions, ${flow.byId.size} messages, ${flow.duplicates()} duplicates`);
    } finally {
      await h.stop();
    }
  });

  it('loses nothing when delta tokens expire every 5 executions of a 20,000-change round listed out of timestamp order (maxMessages 1000)', async function () {
    const h = await openSandbox({ seed: 8, demo: false });
    try {
      const now = h.sb.clock.now();
      const at = (ms: number): string => new Date(ms).toISOString();
      h.sb.store.addMessage('inbox', { subject: 'before', lastModifiedDateTime: at(now - 86_400_000) });
      const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: 'delta', maxMessages: 1000 }), 'resync', fastClock(6));
      await flow.drain(5);
      // A burst of changes, each stamped at a random second of the last six hours: the round lists them in
      // another order than their timestamps, so its cursor jumps ahead of changes it has not delivered yet.
      const prng = new Prng(8);
      for (let i = 0; i < MESSAGES; i += 1) h.sb.store.addMessage('inbox', { subject: `burst ${i}`, lastModifiedDateTime: at(now - 1000 * prng.int(21_600)) });
      let roundEmitted = 0;
      let repeatable = 0;
      let expiries = 0;
      for (let n = 1; n <= 200; n += 1) {
        const tick = await flow.tick();
        if (tick.error) throw tick.error;
        if (tick.items === 0) break;
        // While a round is unfinished its snapshot keeps `base`; a catch-up has neither link nor base.
        const midRound = (flow.snapshot as { base?: unknown }).base !== undefined;
        roundEmitted = midRound ? roundEmitted + tick.items : 0;
        if (n % 5 === 0) {
          h.sb.expireDeltaTokens();
          if (midRound) { expiries += 1; repeatable += roundEmitted; roundEmitted = 0; }
        }
      }
      const expected = h.sb.store.messages('inbox').map((m) => m.id as string);
      const missing = expected.filter((id) => !flow.byId.has(id));
      assert.deepEqual(missing.slice(0, 5), [], `${missing.length} messages never emitted`);
      assert.ok(expiries > 0, 'a token expired in the middle of a round');
      // Each expiry repeats at most what the lost round had emitted.
      assert.ok(flow.duplicates() <= repeatable, `${flow.duplicates()} duplicates, but the lost rounds had emitted only ${repeatable}`);
      console.log(`      ${flow.ticks.length} executions, ${expiries} expiries in the middle of a round, ${flow.byId.size} messages, `
        + `${flow.duplicates()} duplicates (the lost rounds had emitted ${repeatable}); nothing lost`);
    } finally {
      await h.stop();
    }
  });
});
