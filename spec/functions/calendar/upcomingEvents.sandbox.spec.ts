/**
 * "Upcoming Events" against the in-process Graph sandbox, on a simulated clock: each occurrence once when it comes
 * within N minutes, again only for a new start; restarts, kills, gaps between executions, DST and the memory bound.
 */
import { strict as assert } from 'node:assert';
import { Sandbox, manualClock, startSandbox } from '../../../dev/sandbox';
import * as upcomingEvents from '../../../lib/functions/calendar/upcomingEvents';
import { MEMORY_LIMIT } from '../../../lib/platform/polling/upcoming';
import { FakeClock, fakeClock } from '../../support/clock';
import { CalendarClient, at, calendarClient, meeting } from '../support/calendar';
import { Flow, TriggerModule } from '../support/run';

const START = Date.parse('2026-11-23T12:00:00Z');
const MINUTE = 60_000;
const trigger = upcomingEvents as unknown as TriggerModule;
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'ELASTICIO_FLOW_TYPE'];

type Body = Record<string, unknown>;
const labels = (list: Body[]): string[] => list.map((e) => `${String(e.subject)} ${String(e.dueDateTime)}`);

describe('"Upcoming Events" against the Graph sandbox', function () {
  this.timeout(60_000);
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

  function setClock(ms: number): void { sb.clock.set(ms); clock.set(ms); }
  function advance(ms: number): void { setClock(clock.now() + ms); }
  function upcomingFlow(fields: Record<string, unknown> = {}): Flow {
    return new Flow(trigger, { tenantId: sb.tenantId, oauth: sb.issueToken(), minutesBefore: 15, ...fields }, clock);
  }
  /** Polls every `everyMs` until `untilMs`; returns what each execution emitted. */
  async function pollUntil(flow: Flow, untilMs: number, everyMs = MINUTE): Promise<string[][]> {
    const out: string[][] = [];
    while (clock.now() < untilMs) {
      const run = await flow.tick();
      if (run.error) throw run.error;
      out.push(labels(run.bodies));
      advance(everyMs);
    }
    return out;
  }

  it('emits an event once, when it starts within the minutes given, and never again', async () => {
    await graph.create(meeting('standup', '2026-11-23T12:30:00'));
    const flow = upcomingFlow();
    const emitted = (await pollUntil(flow, START + 60 * MINUTE)).flat();
    assert.deepEqual(emitted, ['standup 2026-11-23T12:30:00Z']);
    const firstEmitting = flow.executions.findIndex((e) => e.bodies.length > 0);
    assert.equal(firstEmitting, 15, 'at 12:15, 15 minutes before it starts');
  });

  it('emits a moved event again for its new start, and not for a change that keeps the start', async () => {
    const event = await graph.create(meeting('review', '2026-11-23T12:10:00'));
    const flow = upcomingFlow();
    assert.deepEqual(labels((await flow.tick()).bodies), ['review 2026-11-23T12:10:00Z']);
    await graph.update(event.id as string, { subject: 'review (agenda)' });
    assert.deepEqual((await flow.tick()).bodies, []);
    await graph.update(event.id as string, { start: at('2026-11-23T12:40:00'), end: at('2026-11-23T13:10:00') });
    const emitted = (await pollUntil(flow, START + 60 * MINUTE)).flat();
    assert.deepEqual(emitted, ['review (agenda) 2026-11-23T12:40:00Z']);
  });

  it('emits each occurrence of a series on its day, and nothing twice across a restart', async () => {
    await graph.create(meeting('daily', '2026-11-23T14:00:00', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-11-23', numberOfOccurrences: 3 } } }));
    let flow = upcomingFlow({ minutesBefore: 60 });
    const emitted: string[] = [];
    for (let hour = 0; hour < 72; hour += 1) {
      if (hour === 30) {
        // A restart: a new process with the stored snapshot.
        const snapshot = JSON.parse(JSON.stringify(flow.snapshot)) as unknown;
        flow = upcomingFlow({ minutesBefore: 60 });
        flow.snapshot = snapshot;
      }
      emitted.push(...labels((await flow.tick()).bodies));
      advance(60 * MINUTE);
    }
    assert.deepEqual(emitted, ['daily 2026-11-23T14:00:00Z', 'daily 2026-11-24T14:00:00Z', 'daily 2026-11-25T14:00:00Z']);
  });

  it('emits late, once, what started while no execution ran', async () => {
    const flow = upcomingFlow();
    await flow.tick();
    await graph.create(meeting('during the outage', '2026-11-23T12:40:00'));
    advance(90 * MINUTE);
    assert.deepEqual(labels((await flow.tick()).bodies), ['during the outage 2026-11-23T12:40:00Z']);
    assert.deepEqual((await flow.tick()).bodies, []);
  });

  it('leaves out cancelled events and writes the output zone; an all-day event is due at midnight there', async () => {
    const cancelled = await graph.create(meeting('cancelled', '2026-11-23T12:05:00'));
    sb.store.updateEvent(cancelled.id as string, { isCancelled: true });
    await graph.create({ subject: 'holiday', isAllDay: true, start: at('2026-11-24T00:00:00', 'Europe/Berlin'), end: at('2026-11-25T00:00:00', 'Europe/Berlin') });
    await graph.create(meeting('call', '2026-11-23T12:05:00'));
    const flow = upcomingFlow({ outputTimeZone: 'Europe/Berlin', minutesBefore: 15 });
    const first = await flow.tick();
    assert.deepEqual(labels(first.bodies), ['call 2026-11-23T12:05:00Z']);
    assert.deepEqual(first.bodies[0].start, at('2026-11-23T13:05:00.0000000', 'Europe/Berlin'));
    setClock(Date.parse('2026-11-23T22:50:00Z'));
    const holiday = await flow.tick();
    assert.deepEqual(labels(holiday.bodies), ['holiday 2026-11-23T23:00:00Z'], 'midnight in Berlin');
    assert.deepEqual(holiday.bodies[0].start, at('2026-11-24T00:00:00.0000000', 'Europe/Berlin'));
  });

  it('makes an all-day event due at midnight of a Windows output zone too (through its CLDR IANA zone)', async () => {
    await graph.create({ subject: 'holiday', isAllDay: true, start: at('2026-11-24T00:00:00', 'Tokyo Standard Time'), end: at('2026-11-25T00:00:00', 'Tokyo Standard Time') });
    const flow = upcomingFlow({ outputTimeZone: 'Tokyo Standard Time', minutesBefore: 15 });
    // Midnight of 24 November in Tokyo is 15:00Z on the 23rd.
    setClock(Date.parse('2026-11-23T14:44:00Z'));
    assert.deepEqual((await flow.tick()).bodies, []);
    setClock(Date.parse('2026-11-23T14:50:00Z'));
    const holiday = await flow.tick();
    assert.deepEqual(labels(holiday.bodies), ['holiday 2026-11-23T15:00:00Z']);
    assert.deepEqual(holiday.bodies[0].start, at('2026-11-24T00:00:00.0000000', 'Tokyo Standard Time'));
  });

  it('keeps the wall-clock time of a weekly occurrence across a DST change', async () => {
    setClock(Date.parse('2027-03-22T00:00:00Z'));
    await graph.create({
      subject: 'Berlin weekly', start: at('2027-03-23T09:00:00', 'Europe/Berlin'), end: at('2027-03-23T10:00:00', 'Europe/Berlin'),
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'numbered', startDate: '2027-03-23', numberOfOccurrences: 2 } },
    });
    const flow = upcomingFlow({ minutesBefore: 60, outputTimeZone: 'Europe/Berlin' });
    const tickAt = async (iso: string): Promise<Body[]> => { setClock(Date.parse(iso)); return (await flow.tick()).bodies; };
    // CET (UTC+1) before the switch of 2027-03-28, CEST (UTC+2) after: 09:00 in Berlin is 08:00Z, then 07:00Z.
    assert.deepEqual(await tickAt('2027-03-23T06:59:00Z'), []);
    const before = await tickAt('2027-03-23T07:00:00Z');
    assert.deepEqual(await tickAt('2027-03-30T05:59:00Z'), []);
    const after = await tickAt('2027-03-30T06:00:00Z');
    assert.deepEqual([...before, ...after].map((e) => e.dueDateTime), ['2027-03-23T08:00:00Z', '2027-03-30T07:00:00Z']);
    assert.deepEqual([...before, ...after].map((e) => (e.start as Body).dateTime), ['2027-03-23T09:00:00.0000000', '2027-03-30T09:00:00.0000000']);
  });

  it('repeats at most the event being emitted when the execution is killed', async () => {
    for (let i = 0; i < 4; i += 1) await graph.create(meeting(`m${i}`, `2026-11-23T12:0${i + 1}:00`));
    const flow = upcomingFlow();
    let data = 0;
    let dead = false;
    const killed = await flow.tick({ onEmit: (event) => { if (dead || (event === 'data' && ++data === 3)) { dead = true; throw new Error('container killed'); } } });
    assert.equal(killed.error?.message, 'container killed');
    await flow.tick();
    assert.deepEqual([...new Set(labels(flow.emitted))].length, 4);
    assert.ok(flow.emitted.length <= 5);
  });

  it(`tracks at most ${MEMORY_LIMIT} occurrences ahead in a snapshot under 4 KB, emitting the rest as earlier ones start`, async () => {
    const total = MEMORY_LIMIT + 10;
    for (let i = 0; i < total; i += 1) await graph.create(meeting(`m${i}`, new Date(START + 60_000 + i * 5000).toISOString().slice(0, 19)));
    const flow = upcomingFlow({ minutesBefore: 30 });
    const first = await flow.tick();
    assert.equal(first.bodies.length, MEMORY_LIMIT);
    assert.ok(Buffer.byteLength(JSON.stringify(flow.snapshot)) <= 4096, `snapshot of ${Buffer.byteLength(JSON.stringify(flow.snapshot))} bytes`);
    await pollUntil(flow, START + 30 * MINUTE);
    assert.equal(flow.emitted.length, total);
    assert.equal(new Set(labels(flow.emitted)).size, total);
  });

  it('retrieves a sample of the coming days without a snapshot, and says when there is none', async () => {
    process.env.ELASTICIO_FLOW_TYPE = 'debug';
    const empty = await upcomingFlow().tick();
    assert.match(String(empty.error?.message), /No object found/);
    await graph.create(meeting('next week', '2026-11-27T09:00:00'));
    const run = await upcomingFlow().tick();
    assert.deepEqual(labels(run.bodies), ['next week 2026-11-27T09:00:00Z']);
    assert.deepEqual(run.ctx.emittedOf('snapshot'), []);
  });
});
