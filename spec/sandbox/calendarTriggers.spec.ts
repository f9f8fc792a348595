/**
 * Conformance of what the calendar triggers rely on (sources in dev/sandbox/CONTRACT.md, "Calendar triggers"): events listed by
 * lastModifiedDateTime with 7 fractional digits, calendarView delta's options, zone and removals, and Exchange's
 * daily version bump without edits as a knob.
 */
import assert from 'node:assert/strict';
import { GraphErrorBody, GraphItem, GraphPage, T0, q, sandboxPerTest } from './helpers';

const DAY = 86_400_000;
const day = (n: number): string => new Date(T0 + n * DAY).toISOString().slice(0, 10);
const meeting = (subject: string, n = 1, hour = 10): Record<string, unknown> => ({
  subject, start: { dateTime: `${day(n)}T${hour}:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(n)}T${hour}:30:00`, timeZone: 'UTC' },
});
const DELTA = `/me/calendarView/delta?startDateTime=${day(0)}T00:00:00Z&endDateTime=${day(14)}T00:00:00Z`;

describe('sandbox: what the calendar triggers rely on', () => {
  const t = sandboxPerTest();

  /** Moves the sandbox clock; the token is renewed, as it would expire. */
  function advance(ms: number): void {
    t.sb.clock.advance(ms);
    t.graph.token = t.sb.issueToken().access_token;
  }

  async function create(body: Record<string, unknown>): Promise<GraphItem> {
    const reply = await t.graph.post('/me/events', body);
    assert.equal(reply.status, 201, reply.text);
    return reply.json<GraphItem>();
  }

  async function round(link: string, headers?: Record<string, string>): Promise<{ items: GraphItem[]; deltaLink: string }> {
    const result = await t.graph.all(link, headers);
    return { items: result.items, deltaLink: String(result.deltaLink) };
  }

  describe('events by lastModifiedDateTime', () => {
    it('stamps events with 7 fractional digits and filters ge a whole-second literal, oldest first', async () => {
      const a = await create(meeting('a'));
      t.sb.clock.advance(400);
      const b = await create(meeting('b'));
      t.sb.clock.advance(1000);
      const c = await create(meeting('c'));
      assert.match(String(a.lastModifiedDateTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      const second = String(b.lastModifiedDateTime).slice(0, 19);
      const page = await t.graph.ok(`/me/calendar/events?$filter=${q(`lastModifiedDateTime ge ${second}Z`)}&$orderby=${q('lastModifiedDateTime asc')}&$select=subject,lastModifiedDateTime`);
      const expected = [a, b, c].filter((e) => String(e.lastModifiedDateTime).slice(0, 19) >= second).map((e) => e.subject);
      assert.deepEqual(page.value.map((e) => e.subject), expected);
      const stamps = page.value.map((e) => String(e.lastModifiedDateTime));
      assert.deepEqual(stamps, [...stamps].sort());
      assert.equal(page.value[page.value.length - 1].subject, 'c');
    });

    it('refuses a quoted date literal, as Graph refuses comparing a date with a string', async () => {
      const reply = await t.graph.get(`/me/events?$filter=${q("lastModifiedDateTime ge '2026-11-23T09:00:00Z'")}`);
      assert.equal(reply.status, 400);
      assert.match(reply.json<GraphErrorBody>().error.message, /incompatible types/);
    });
  });

  describe('calendarView delta', () => {
    it('refuses $select, $filter, $orderby and $top', async () => {
      for (const option of ['$select=subject', `$filter=${q("subject eq 'a'")}`, '$orderby=subject', '$top=5']) {
        const reply = await t.graph.get(`${DELTA}&${option}`);
        assert.equal(reply.status, 400, option);
      }
    });

    it('answers every page, links included, in the zone of Prefer: outlook.timezone', async () => {
      for (let i = 0; i < 3; i += 1) await create(meeting(`m${i}`, 1 + i));
      const headers = { Prefer: 'odata.maxpagesize=1, outlook.timezone="Europe/Berlin"' };
      const { items } = await round(DELTA, headers);
      assert.equal(items.length, 3);
      assert.ok(items.every((e) => (e.start as { timeZone: string }).timeZone === 'Europe/Berlin' && /T11:00:00/.test((e.start as { dateTime: string }).dateTime)));
    });

    it('reports an event changed outside the window as @removed, with its id only', async () => {
      const far = await create(meeting('far', 40));
      const { deltaLink } = await round(DELTA);
      await t.graph.patch(`/me/events/${encodeURIComponent(far.id)}`, { subject: 'far, renamed' });
      const { items } = await round(deltaLink);
      assert.deepEqual(items, [{ '@odata.type': '#microsoft.graph.event', id: far.id, '@removed': { reason: 'deleted' } }]);
    });
  });

  describe('eventsDailyNoEditChange', () => {
    it('gives every event a new lastModifiedDateTime and changeKey once a UTC day, changing nothing else', async () => {
      t.sb.graphBehaviour.configure({ eventsDailyNoEditChange: true });
      const event = await create(meeting('a', 3));
      const path = `/me/events/${encodeURIComponent(event.id)}`;
      advance(3_600_000);
      const sameDay = await t.graph.ok<GraphItem>(path);
      assert.equal(sameDay.changeKey, event.changeKey, 'no new version on the same day');
      advance(DAY);
      const nextDay = await t.graph.ok<GraphItem>(path);
      assert.notEqual(nextDay.changeKey, event.changeKey);
      assert.notEqual(nextDay.lastModifiedDateTime, event.lastModifiedDateTime);
      const strip = (e: GraphItem): Record<string, unknown> => {
        const { changeKey: _c, lastModifiedDateTime: _l, '@odata.etag': _e, '@odata.context': _x, ...rest } = e;
        return rest;
      };
      assert.deepEqual(strip(nextDay), strip(event));
    });

    it('is reported by the next delta round, and is off by default', async () => {
      await create(meeting('a', 3));
      const { deltaLink } = await round(DELTA);
      advance(2 * DAY);
      assert.deepEqual((await round(deltaLink)).items, [], 'off by default');
      t.sb.graphBehaviour.configure({ eventsDailyNoEditChange: true });
      await t.graph.ok('/me/calendars');
      advance(DAY);
      const { items } = await round(deltaLink);
      assert.deepEqual(items.map((e) => e.subject), ['a']);
    });

    it('store.touchEvents() makes such a version at once', async () => {
      const event = await create(meeting('a'));
      t.sb.store.touchEvents();
      const after = t.sb.store.event(event.id);
      assert.notEqual(after?.changeKey, event.changeKey);
      assert.equal(after?.subject, 'a');
      const page = await t.graph.ok<GraphPage>(`/me/events?$filter=${q(`lastModifiedDateTime ge ${String(after?.lastModifiedDateTime).slice(0, 19)}Z`)}`);
      assert.equal(page.value.length, 1);
    });
  });
});
