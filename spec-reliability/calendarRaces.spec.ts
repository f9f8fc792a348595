/**
 * Events changing while the calendar triggers poll (simulated time: the sandbox's manual clock): several changes a
 * second, Exchange's versions without edits (one event at a time, and the whole calendar once a day), deletions, a
 * window that moves on at midnight, moved meetings. Nothing may be lost, nothing emitted twice, and no version
 * without a visible change emitted.
 */
import { strict as assert } from 'node:assert';
import { manualClock } from '../dev/sandbox';
import { Prng } from '../dev/sandbox/random';
import * as pollEvents from '../lib/functions/calendar/pollEvents';
import * as upcomingEvents from '../lib/functions/calendar/upcomingEvents';
import { calendarClient, meeting } from '../spec/functions/support/calendar';
import { Flow } from '../spec/functions/support/run';
import { fastClock } from './support/clock';
import { openSandbox } from './support/sandbox';

type Body = Record<string, unknown>;
const MINUTE = 60_000;

interface Changes {
  /** Per event id: the subject it has now (undefined once deleted). */
  subjects: Map<string, string | undefined>;
  created: number; edited: number; touched: number; deleted: number;
}

/** A day of a busy calendar around midnight; returns what each event looks like at the end. */
async function busyCalendar(options: { seed: number; occurrences: boolean }): Promise<{ flow: Flow; changes: Changes; executions: number }> {
  const clock = manualClock(Date.parse('2026-11-23T23:50:00Z'));
  const h = await openSandbox({ seed: options.seed, demo: false, clock, graphBehaviour: { eventsDailyNoEditChange: true } });
  const graph = calendarClient(h.sb);
  const prng = new Prng(options.seed);
  const changes: Changes = { subjects: new Map(), created: 0, edited: 0, touched: 0, deleted: 0 };
  const fields = options.occurrences ? { emitOccurrences: true, windowDays: 7, reportRemovals: true } : {};
  const flow = new Flow(pollEvents, h.cfg(fields), fastClock(options.seed, clock));
  let executions = 0;
  try {
    for (let step = 0; step < 240; step += 1) {
      for (let n = prng.int(4); n > 0; n -= 1) {
        clock.advance(prng.int(300));
        await change(graph, h.sb.store, prng, changes);
      }
      const run = await flow.tick();
      if (run.error) throw run.error;
      executions += 1;
      clock.advance(1000 + prng.int(4000));
    }
    for (let n = 0; n < 3; n += 1) { clock.advance(1000); await flow.tick(); }
    return { flow, changes, executions };
  } finally {
    await h.stop();
  }
}

async function change(graph: ReturnType<typeof calendarClient>, store: { updateEvent(id: string, patch: Body): unknown }, prng: Prng, c: Changes): Promise<void> {
  const live = [...c.subjects].filter(([, subject]) => subject !== undefined).map(([id]) => id);
  const roll = prng.next();
  if (live.length < 5 || roll < 0.3) {
    const subject = `event ${c.created}`;
    const day = 24 + prng.int(4);
    const created = await graph.create(meeting(subject, `2026-11-${day}T${String(8 + prng.int(9)).padStart(2, '0')}:00:00`));
    c.subjects.set(created.id as string, subject);
    c.created += 1;
    return;
  }
  const id = live[prng.int(live.length)];
  if (roll < 0.75) {
    const subject = `${String(c.subjects.get(id)).split(' v')[0]} v${c.edited}`;
    await graph.update(id, { subject });
    c.subjects.set(id, subject);
    c.edited += 1;
  } else if (roll < 0.95) {
    // Exchange's own version: nothing the user sees changes.
    store.updateEvent(id, {});
    c.touched += 1;
  } else {
    await graph.remove(id);
    c.subjects.set(id, undefined);
    c.deleted += 1;
  }
}

function check(flow: Flow, changes: Changes): void {
  // Versions left out as unchanged: the single touches, and at midnight the whole calendar's (minus what moved meanwhile).
  const unchanged = flow.executions.reduce((sum, run) => sum + Number(/(\d+) versions without visible changes/.exec(run.ctx.logText())?.[1] ?? 0), 0);
  assert.ok(unchanged >= changes.created / 2, `only ${unchanged} versions recognised as unchanged`);
  const versions = flow.emitted.map((e) => `${String(e.id)}|${String(e.changeKey ?? 'removed')}`);
  assert.deepEqual(versions.filter((v, i) => versions.indexOf(v) !== i), [], 'a version was emitted twice');
  const last = new Map<string, Body>();
  for (const body of flow.emitted) {
    const id = String(body.id);
    const before = last.get(id);
    assert.ok(!before || before.removed === true || body.removed === true || before.subject !== body.subject, `${id} emitted again without a visible change`);
    last.set(id, body);
  }
  for (const [id, subject] of changes.subjects) {
    const emitted = last.get(id);
    // Deletions: series mode cannot see them; occurrence mode is checked by its test.
    if (subject !== undefined) assert.equal(emitted?.subject, subject, `the latest version of ${id} was not emitted`);
  }
}

describe('Reliability: events changing while New or Updated Events polls (simulated time)', function () {
  it('series: loses nothing, emits nothing twice and no version without a visible change, across midnight', async () => {
    const { flow, changes, executions } = await busyCalendar({ seed: 31, occurrences: false });
    check(flow, changes);
    console.log(`      ${changes.created} created, ${changes.edited} edited, ${changes.touched} touched without edit, ${changes.deleted} deleted; `
      + `${executions} executions emitted ${flow.emitted.length} versions, none twice, none missing`);
  });

  it('occurrences with removals: the same, while the window moves on at midnight', async () => {
    const { flow, changes, executions } = await busyCalendar({ seed: 32, occurrences: true });
    check(flow, changes);
    const removed = new Set(flow.emitted.filter((e) => e.removed === true).map((e) => String(e.id)));
    const deleted = [...changes.subjects].filter(([, s]) => s === undefined).map(([id]) => id);
    assert.deepEqual(deleted.filter((id) => !removed.has(id)), [], 'every deleted event was reported as removed');
    console.log(`      ${changes.created} created, ${changes.edited} edited, ${changes.touched} touched without edit, ${changes.deleted} deleted; `
      + `${executions} executions emitted ${flow.emitted.length} versions and ${removed.size} removals, none twice, none missing`);
  });
});

describe('Reliability: meetings moved while Upcoming Events polls (simulated time)', function () {
  it('emits each start once, when it is due, whatever moves', async () => {
    const start = Date.parse('2026-11-23T08:00:00Z');
    const clock = manualClock(start);
    const h = await openSandbox({ seed: 33, demo: false, clock });
    const graph = calendarClient(h.sb);
    const prng = new Prng(33);
    const flow = new Flow(upcomingEvents, h.cfg({ minutesBefore: 10 }), fastClock(33, clock));
    const startsOf = new Map<string, number>();
    const emittedAt: Array<{ id: string; due: number; at: number }> = [];
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
    try {
      for (let minute = 0; minute < 8 * 60; minute += 1) {
        if (prng.next() < 0.3) {
          const due = clock.now() + (5 + prng.int(120)) * MINUTE;
          const created = await graph.create(meeting(`m${startsOf.size}`, iso(due)));
          startsOf.set(created.id as string, due);
        }
        if (startsOf.size > 0 && prng.next() < 0.2) {
          const ids = [...startsOf.keys()];
          const id = ids[prng.int(ids.length)];
          const due = Math.max(clock.now() + MINUTE, (startsOf.get(id) as number) + (prng.int(61) - 20) * MINUTE);
          await graph.update(id, meeting('moved', iso(due)));
          startsOf.set(id, due);
        }
        const run = await flow.tick();
        if (run.error) throw run.error;
        for (const body of run.bodies) emittedAt.push({ id: String(body.id), due: Date.parse(String(body.dueDateTime)), at: clock.now() });
        clock.advance(MINUTE);
      }
      const keys = emittedAt.map((e) => `${e.id}|${e.due}`);
      assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'a start was emitted twice');
      assert.ok(emittedAt.every((e) => e.due - e.at <= 10 * MINUTE && e.due >= e.at - MINUTE), 'emitted when due, not earlier, not late');
      const horizon = clock.now() - MINUTE + 10 * MINUTE;
      const missing = [...startsOf].filter(([id, due]) => due <= horizon && !keys.includes(`${id}|${due}`));
      assert.deepEqual(missing, [], 'an event was not emitted at its final start');
      console.log(`      ${startsOf.size} meetings, ${flow.executions.length} executions emitted ${emittedAt.length} starts, none twice, none missing`);
    } finally {
      await h.stop();
    }
  });
});
