/**
 * Mail arriving while polls run: dozens of messages per second (so many share a second), some visible only
 * a while after their timestamp, some changed again. Every version must be emitted at most once and the latest
 * version of every message at least once, in both polling modes.
 */
import { strict as assert } from 'node:assert';
import { manualClock } from '../dev/sandbox';
import { Prng } from '../dev/sandbox/random';
import * as readMail from '../lib/functions/mail/readMail';
import { fastClock } from './support/clock';
import { TriggerFlow } from './support/flow';
import { Harness, openSandbox } from './support/sandbox';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function assertExactlyOnce(h: Harness, flow: TriggerFlow): void {
  assert.deepEqual(flow.repeatedVersions().slice(0, 5), [], 'a version was emitted twice');
  const latest = h.sb.store.messages('inbox').map((m) => `${m.id as string}|${m.changeKey as string}`);
  const missing = latest.filter((version) => !flow.byVersion.has(version));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${latest.length} messages never emitted in their latest version`);
}

describe('Reliability: mail arriving while polls run (real time)', function () {
  const RUN_MS = 8000;
  const POLL_MS = 300;
  const ARRIVAL_MS = 25;
  const modes = [
    // Lags stay inside what the look-back window absorbs at 40 messages/s (see the next suite).
    { mode: 'lastModifiedDateTime', maxLagMs: 3000 },
    // Delta absorbs any lag: here longer than the whole look-back window.
    { mode: 'delta', maxLagMs: 7000 },
  ];
  for (const { mode, maxLagMs } of modes) {
    it(`loses nothing and emits nothing twice with 40 messages/s, polls every ${POLL_MS} ms, lags up to ${maxLagMs} ms and edits (${mode})`, async function () {
      const h = await openSandbox({ seed: 21, demo: false });
      const prng = new Prng(maxLagMs);
      const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: mode }), `races ${mode}`, fastClock(3));
      const created: string[] = [];
      let lagged = 0;
      let edits = 0;
      const producer = setInterval(() => {
        const lag = prng.next() < 0.15 ? 200 + prng.int(maxLagMs - 200) : undefined;
        if (lag !== undefined) lagged += 1;
        const message = h.sb.store.addMessage('inbox', { subject: `arrival ${created.length}`, visibleAfterMs: lag });
        created.push(message.id as string);
        if (created.length > 20 && prng.next() < 0.1) {
          h.sb.store.updateMessage(created[prng.int(created.length - 10)], { isRead: prng.next() < 0.5, categories: [`edit ${edits}`] });
          edits += 1;
        }
      }, ARRIVAL_MS);
      try {
        const until = Date.now() + RUN_MS;
        while (Date.now() < until) {
          const tick = await flow.tick();
          if (tick.error) throw tick.error;
          await sleep(POLL_MS);
        }
        clearInterval(producer);
        await sleep(maxLagMs + 1000);
        await flow.drain(20);
        assertExactlyOnce(h, flow);
        const sameSecond = h.sb.store.messages('inbox').length / (RUN_MS / 1000);
        console.log(`      ${created.length} arrivals (~${sameSecond.toFixed(0)} per second), ${lagged} with visibility lag, ${edits} edits; `
          + `${flow.ticks.length} executions emitted ${flow.byVersion.size} versions, none twice, none missing`);
      } finally {
        clearInterval(producer);
        await h.stop();
      }
    });
  }
});

interface LagRun {
  mode: 'lastModifiedDateTime' | 'delta';
  lagMs: number;
  perSecond: number;
  lookbackSeconds: number;
  pollMs: number;
}

/**
 * Simulated time (the sandbox's manual clock): steady arrivals, one message that becomes visible `lagMs` after
 * its timestamp, polls every `pollMs`. Returns whether that message was emitted.
 */
async function lateMessageEmitted(run: LagRun): Promise<boolean> {
  const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const h = await openSandbox({ seed: 5, demo: false, clock });
  try {
    const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', pollingMode: run.mode, lookbackSeconds: run.lookbackSeconds }), 'lag', fastClock(4, clock));
    const start = clock.now();
    const lateAt = start + 3000;
    const end = lateAt + run.lagMs + 3000;
    const step = 1000 / run.perSecond;
    let nextArrival = start;
    let nextPoll = start;
    let late: string | undefined;
    while (clock.now() < end) {
      clock.set(Math.min(nextArrival, nextPoll));
      if (clock.now() >= nextArrival) {
        h.sb.store.addMessage('inbox', { subject: 'steady' });
        if (late === undefined && clock.now() >= lateAt) late = h.sb.store.addMessage('inbox', { subject: 'late', visibleAfterMs: run.lagMs }).id;
        nextArrival += step;
      }
      if (clock.now() >= nextPoll) {
        const tick = await flow.tick();
        if (tick.error) throw tick.error;
        nextPoll += run.pollMs;
      }
    }
    assert.deepEqual(flow.repeatedVersions(), [], 'a version was emitted twice');
    return flow.byId.has(late as string);
  } finally {
    await h.stop();
  }
}

/** The largest lag (in steps of `stepMs`) the mode absorbs: every lag up to it is absorbed. */
async function largestAbsorbed(base: Omit<LagRun, 'lagMs'>, maxMs: number, stepMs: number): Promise<number> {
  let largest = -1;
  for (let lagMs = 0; lagMs <= maxMs; lagMs += stepMs) {
    if (!(await lateMessageEmitted({ ...base, lagMs }))) break;
    largest = lagMs;
  }
  return largest;
}

describe('Reliability: the visibility lag each polling mode absorbs (simulated time)', function () {
  const POLL_MS = 300;
  const figures: string[] = [];
  after(() => {
    if (figures.length) console.log(`      Largest visibility lag absorbed (polls every ${POLL_MS} ms):\n${figures.map((f) => `        ${f}`).join('\n')}`);
  });

  it('lastModifiedDateTime mode absorbs lags up to the look-back window minus one poll interval at 10 messages/s', async function () {
    const lookbackSeconds = 5;
    const largest = await largestAbsorbed({ mode: 'lastModifiedDateTime', perSecond: 10, lookbackSeconds, pollMs: POLL_MS }, 10_000, 250);
    figures.push(`lastModifiedDateTime, look-back ${lookbackSeconds} s (default), 10 messages/s: ${largest} ms`);
    assert.ok(largest >= lookbackSeconds * 1000 - POLL_MS - 1000, `absorbed only ${largest} ms`);
  });

  it('lastModifiedDateTime mode absorbs less when arrivals overflow the snapshot budget for the look-back window (40 messages/s)', async function () {
    const largest = await largestAbsorbed({ mode: 'lastModifiedDateTime', perSecond: 40, lookbackSeconds: 5, pollMs: POLL_MS }, 10_000, 250);
    figures.push(`lastModifiedDateTime, look-back 5 s, 40 messages/s: ${largest} ms`);
    assert.ok(largest >= 3000, `absorbed only ${largest} ms`);
  });

  it('a longer look-back (30 s) absorbs longer lags at a low arrival rate (2 messages/s)', async function () {
    const largest = await largestAbsorbed({ mode: 'lastModifiedDateTime', perSecond: 2, lookbackSeconds: 30, pollMs: POLL_MS }, 40_000, 2000);
    figures.push(`lastModifiedDateTime, look-back 30 s, 2 messages/s: ${largest} ms`);
    assert.ok(largest >= 26_000, `absorbed only ${largest} ms`);
  });

  it('delta mode absorbs any lag (tried up to 10 minutes at 10 messages/s)', async function () {
    for (const lagMs of [10_000, 60_000, 600_000]) {
      assert.ok(await lateMessageEmitted({ mode: 'delta', perSecond: 10, lookbackSeconds: 5, pollMs: 3000, lagMs }), `delta lost a message ${lagMs} ms late`);
    }
    figures.push('delta: every lag tried (10 s, 60 s, 10 min)');
  });
});
