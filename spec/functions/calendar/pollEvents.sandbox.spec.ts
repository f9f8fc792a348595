/**
 * "New or Updated Events" against the in-process Graph sandbox: each event version once through ties in a second,
 * backlogs, kills and restarts; Exchange's no-edit versions left out; occurrences over a rolling window with
 * removals; the output zone.
 */
import { strict as assert } from 'node:assert';
import { Sandbox, manualClock, startSandbox } from '../../../dev/sandbox';
import * as pollEvents from '../../../lib/functions/calendar/pollEvents';
import { FakeClock, fakeClock } from '../../support/clock';
import { CalendarClient, at, calendarClient, meeting } from '../support/calendar';
import { Flow, TriggerModule } from '../support/run';

const START = Date.parse('2026-11-23T12:00:00.250Z');
const DAY = 86_400_000;
const trigger = pollEvents as unknown as TriggerModule;
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'ELASTICIO_FLOW_TYPE'];

type Body = Record<string, unknown>;
const version = (e: Body): string => `${String(e.subject ?? e.id)}#${String(e.changeKey ?? 'removed')}`;
const subjects = (list: Body[]): string[] => list.map((e) => String(e.subject)).sort();

describe('"New or Updated Events" against the Graph sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let clock: FakeClock;
  let graph: CalendarClient;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    delete process.env.ELASTICIO_FLOW_TYPE;
    sb = await startSandbox({ seed: 1, demo: false, clock: manualClock(START) });
    clock = fakeClock({ start: START });
    Object.assign(process.env, { MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret });
    graph = calendarClient(sb);
  });

  afterEach(async () => {
    await sb.stop();
    for (const key of ENV_KEYS) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
  });

  function advance(ms: number): void { sb.clock.advance(ms); clock.advance(ms); }
  function eventsFlow(fields: Record<string, unknown> = {}): Flow {
    return new Flow(trigger, { tenantId: sb.tenantId, oauth: sb.issueToken(), ...fields }, clock);
  }

  describe('series (the default)', () => {
    it('emits each event once, then only what changed, then nothing', async () => {
      const flow = eventsFlow();
      const a = await graph.create(meeting('a', '2026-12-01T09:00:00'));
      await graph.create(meeting('b', '2026-12-02T09:00:00'));
      assert.deepEqual(subjects((await flow.tick()).bodies), ['a', 'b']);
      advance(2000);
      await graph.update(a.id as string, { subject: 'a2' });
      assert.deepEqual(subjects((await flow.tick()).bodies), ['a2']);
      assert.deepEqual((await flow.tick()).bodies, []);
      assert.ok(sb.requests.filter((r) => r.route === 'listEvents').every((r) => r.query.$orderby === 'lastModifiedDateTime asc'
        && /^lastModifiedDateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.query.$filter)));
    });

    it('emits an event changed later in the same second as the previous poll\'s newest one', async () => {
      const flow = eventsFlow();
      const a = await graph.create(meeting('a', '2026-12-01T09:00:00'));
      await flow.tick();
      advance(300);
      await graph.create(meeting('b', '2026-12-01T10:00:00'));
      await graph.update(a.id as string, { location: { displayName: 'Room 1' } });
      await flow.tick();
      await flow.tick();
      assert.deepEqual(flow.emitted.map(version).sort(), [...new Set(flow.emitted.map(version))].sort(), 'no version twice');
      assert.deepEqual(subjects(flow.emitted), ['a', 'a', 'b']);
      assert.equal(new Set(flow.emitted.map((e) => String(e.lastModifiedDateTime).slice(0, 19))).size, 1, 'all in one second');
      assert.ok(flow.emitted.every((e) => /\.\d{7}Z$/.test(String(e.lastModifiedDateTime))));
    });

    it('drains a backlog larger than the maximum per execution over several executions', async () => {
      for (let i = 0; i < 7; i += 1) await graph.create(meeting(`m${i}`, '2026-12-01T09:00:00'));
      const flow = eventsFlow({ maxEvents: 3 });
      const counts: number[] = [];
      for (let i = 0; i < 4; i += 1) counts.push((await flow.tick()).bodies.length);
      assert.deepEqual(counts, [3, 3, 1, 0]);
      assert.equal(new Set(flow.emitted.map(version)).size, 7);
    });

    it('loses nothing and repeats at most one page when killed between pages, and continues after a restart', async () => {
      for (let i = 0; i < 8; i += 1) { await graph.create(meeting(`m${i}`, '2026-12-01T09:00:00')); advance(400); }
      const flow = eventsFlow({ maxEvents: 2 });
      let data = 0;
      let dead = false;
      const killed = await flow.tick({ onEmit: (event) => { if (dead || (event === 'data' && ++data === 2)) { dead = true; throw new Error('container killed'); } } });
      assert.equal(killed.error?.message, 'container killed');
      // A restart: a new process gets the stored snapshot, as JSON.
      const restarted = eventsFlow({ maxEvents: 2 });
      restarted.snapshot = JSON.parse(JSON.stringify(flow.snapshot));
      for (let i = 0; i < 6; i += 1) await restarted.tick();
      const all = [...flow.emitted, ...restarted.emitted].map(version);
      assert.equal(new Set(all).size, 8, 'every event emitted');
      assert.ok(all.length - 8 <= 2, `at most one page (2) again, got ${all.length - 8}`);
    });

    it('does not emit an event again when Exchange gives it a new version without any visible change', async () => {
      const flow = eventsFlow();
      const a = await graph.create(meeting('a', '2026-12-01T09:00:00'));
      await flow.tick();
      advance(5000);
      sb.store.touchEvents();
      const touched = await flow.tick();
      assert.deepEqual(touched.bodies, []);
      assert.match(touched.ctx.logText(), /1 versions without visible changes/);
      advance(5000);
      await graph.update(a.id as string, { subject: 'a, moved' });
      assert.deepEqual(subjects((await flow.tick()).bodies), ['a, moved']);
    });

    it('ignores the daily no-edit versions of the eventsDailyNoEditChange knob over a week', async () => {
      sb.graphBehaviour.configure({ eventsDailyNoEditChange: true });
      const flow = eventsFlow();
      await graph.create(meeting('a', '2026-12-01T09:00:00'));
      await graph.create(meeting('b', '2026-12-20T09:00:00'));
      await flow.tick();
      const before = sb.store.events().map((e) => e.changeKey);
      for (let day = 0; day < 7; day += 1) { advance(DAY); await flow.tick(); }
      assert.notDeepEqual(sb.store.events().map((e) => e.changeKey), before, 'the knob gave new versions');
      assert.deepEqual(subjects(flow.emitted), ['a', 'b']);
    });

    it('writes start and end in the output zone, on every page', async () => {
      for (let i = 0; i < 3; i += 1) await graph.create(meeting(`m${i}`, '2026-12-01T09:00:00'));
      const flow = eventsFlow({ outputTimeZone: 'Europe/Berlin', maxEvents: 1 });
      for (let i = 0; i < 3; i += 1) await flow.tick();
      assert.deepEqual(flow.emitted.map((e) => e.start), [0, 1, 2].map(() => at('2026-12-01T10:00:00.0000000', 'Europe/Berlin')));
    });

    it('reports cancelled events only when asked to', async () => {
      const quiet = eventsFlow();
      const reporting = eventsFlow({ reportRemovals: true });
      const a = await graph.create(meeting('a', '2026-12-01T09:00:00'));
      await quiet.tick(); await reporting.tick();
      advance(2000);
      sb.store.updateEvent(a.id as string, { isCancelled: true, subject: 'Canceled: a' });
      assert.deepEqual((await quiet.tick()).bodies, []);
      const cancelled = (await reporting.tick()).bodies;
      assert.deepEqual(cancelled.map((e) => [e.subject, e.isCancelled]), [['Canceled: a', true]]);
    });

    it('retrieves a sample of at most 10 events without a snapshot, and says when there is none', async () => {
      process.env.ELASTICIO_FLOW_TYPE = 'debug';
      const empty = await eventsFlow().tick();
      assert.match(String(empty.error?.message), /No object found/);
      for (let i = 0; i < 12; i += 1) await graph.create(meeting(`m${i}`, '2026-12-01T09:00:00'));
      const run = await eventsFlow().tick();
      assert.equal(run.bodies.length, 10);
      assert.deepEqual(run.ctx.emittedOf('snapshot'), []);
    });
  });

  describe('occurrences (calendarView delta over a rolling window)', () => {
    const weekly = (start: string): Record<string, unknown> => ({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'noEnd', startDate: start.slice(0, 10) },
    });

    it('emits each occurrence within the window, again when the series changes, and removals when asked to', async () => {
      const flow = eventsFlow({ emitOccurrences: true, windowDays: 14, reportRemovals: true });
      const series = await graph.create(meeting('weekly', '2026-11-24T09:00:00', { recurrence: weekly('2026-11-24T09:00:00') }));
      const single = await graph.create(meeting('single', '2026-11-25T09:00:00'));
      const first = await flow.tick();
      assert.deepEqual(first.bodies.map((e) => `${String(e.subject)} ${String((e.start as Body).dateTime)}`).sort(), [
        'single 2026-11-25T09:00:00.0000000', 'weekly 2026-11-24T09:00:00.0000000', 'weekly 2026-12-01T09:00:00.0000000',
      ]);
      assert.ok(first.bodies.filter((e) => e.subject === 'weekly').every((e) => e.type === 'occurrence' && e.seriesMasterId === series.id));
      advance(2000);
      await graph.update(series.id as string, { subject: 'weekly, renamed' });
      await graph.remove(single.id as string);
      const second = await flow.tick();
      assert.deepEqual(second.bodies.map((e) => e.subject ?? `removed ${String(e.reason)}`).sort(), ['removed deleted', 'weekly, renamed', 'weekly, renamed']);
      assert.deepEqual(second.bodies.find((e) => e.removed === true), { id: single.id, removed: true, reason: 'deleted' });
      assert.deepEqual((await flow.tick()).bodies, []);
      assert.ok(sb.requests.filter((r) => r.route === 'calendarViewDelta').every((r) => !Object.keys(r.query).some((k) => k.startsWith('$') && k !== '$skiptoken' && k !== '$deltatoken')));
    });

    it('reports a cancelled occurrence as removed, and nothing without Report Cancelled and Deleted Events', async () => {
      const reporting = eventsFlow({ emitOccurrences: true, windowDays: 14, reportRemovals: true });
      const quiet = eventsFlow({ emitOccurrences: true, windowDays: 14 });
      await graph.create(meeting('weekly', '2026-11-24T09:00:00', { recurrence: weekly('2026-11-24T09:00:00') }));
      const [occurrence] = (await reporting.tick()).bodies.filter((e) => (e.start as Body).dateTime === '2026-12-01T09:00:00.0000000');
      await quiet.tick();
      advance(2000);
      await graph.remove(occurrence.id as string);
      const removed = (await reporting.tick()).bodies.filter((e) => e.removed === true);
      assert.deepEqual(removed.map((e) => e.id), [occurrence.id]);
      assert.equal((await quiet.tick()).bodies.filter((e) => e.removed === true).length, 0);
    });

    it('moves the window on every day: finishes the old round, emits only what changed, not what merely entered the window', async () => {
      const flow = eventsFlow({ emitOccurrences: true, windowDays: 7 });
      await graph.create(meeting('weekly', '2026-11-24T09:00:00', { recurrence: weekly('2026-11-24T09:00:00') }));
      const a = await graph.create(meeting('a', '2026-11-26T09:00:00'));
      assert.deepEqual(subjects((await flow.tick()).bodies), ['a', 'weekly']);
      advance(DAY);
      await graph.update(a.id as string, { subject: 'a2' });
      const next = await flow.tick();
      assert.deepEqual(subjects(next.bodies), ['a2'], 'the occurrence of 2026-12-01 entered the window unchanged: not emitted');
      assert.match(next.ctx.logText(), /finishing it, then starting one over 2026-11-24T00:00:00Z\/2026-12-01T00:00:00Z/);
      const starts = sb.requests.filter((r) => r.route === 'calendarViewDelta' && r.query.startDateTime).map((r) => r.query.startDateTime);
      assert.deepEqual(starts, ['2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z']);
      assert.deepEqual((await flow.tick()).bodies, []);
    });

    it('ignores daily no-edit versions in the delta rounds too', async () => {
      sb.graphBehaviour.configure({ eventsDailyNoEditChange: true });
      const flow = eventsFlow({ emitOccurrences: true, windowDays: 30 });
      await graph.create(meeting('weekly', '2026-11-24T09:00:00', { recurrence: weekly('2026-11-24T09:00:00') }));
      const first = (await flow.tick()).bodies.length;
      for (let hour = 0; hour < 72; hour += 6) { advance(6 * 3_600_000); await flow.tick(); }
      assert.equal(flow.emitted.length, first, 'nothing emitted after the first execution');
    });

    it('keeps an occurrence at its wall-clock time across a DST change in its zone and in the output zone', async () => {
      const flow = eventsFlow({ emitOccurrences: true, windowDays: 30, outputTimeZone: 'Europe/Berlin' });
      clock.set(Date.parse('2027-03-15T12:00:00Z'));
      sb.clock.set(Date.parse('2027-03-15T12:00:00Z'));
      await graph.create({
        subject: 'Berlin weekly', start: at('2027-03-23T09:00:00', 'Europe/Berlin'), end: at('2027-03-23T10:00:00', 'Europe/Berlin'),
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'endDate', startDate: '2027-03-23', endDate: '2027-04-06' } },
      });
      const run = await flow.tick();
      assert.deepEqual(run.bodies.map((e) => (e.start as Body).dateTime).sort(), [
        '2027-03-23T09:00:00.0000000', '2027-03-30T09:00:00.0000000', '2027-04-06T09:00:00.0000000',
      ]);
      assert.ok(run.bodies.every((e) => (e.start as Body).timeZone === 'Europe/Berlin'));
    });
  });
});
