import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, GraphPage, T0, q, startTestSandbox } from './helpers';

/** Monday 2026-11-23 in the sandbox clock; `day(n)` is that date plus n days. */
function day(n: number): string {
  return new Date(T0 + n * 86_400_000).toISOString().slice(0, 10);
}

function meeting(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'Planning',
    start: { dateTime: `${day(1)}T08:00:00`, timeZone: 'Pacific Standard Time' },
    end: { dateTime: `${day(1)}T09:30:00`, timeZone: 'Pacific Standard Time' },
    ...extra,
  };
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const VIEW = (from: string, to: string): string => `/me/calendarView?startDateTime=${from}&endDateTime=${to}&$top=100`;

describe('sandbox calendar', () => {
  let sb: Sandbox;
  let graph: Graph;

  beforeEach(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
  });
  afterEach(() => sb.stop());

  async function create(body: Record<string, unknown>, path = '/me/events'): Promise<GraphItem> {
    const reply = await graph.post(path, body);
    assert.equal(reply.status, 201, reply.text);
    return reply.json<GraphItem>();
  }

  async function errorOf(method: 'post' | 'patch', path: string, body: Record<string, unknown>): Promise<[number, string]> {
    const reply = await graph[method](path, body);
    return [reply.status, reply.json<GraphErrorBody>().error.code];
  }

  describe('calendars and events', () => {
    it('lists the calendars and serves the default one at /calendar', async () => {
      sb.store.createCalendar('Team events');
      const list = await graph.ok('/me/calendars');
      assert.deepEqual(list.value.map((c) => c.name), ['Calendar', 'Team events']);
      const primary = await graph.ok<GraphItem>('/me/calendar');
      assert.equal(primary.id, list.value[0].id);
      assert.equal(primary.isDefaultCalendar, true);
      assert.equal((await graph.get(`/me/calendars/${encodeURIComponent(list.value[1].id)}`)).status, 200);
    });

    it('creates an event with 201 and the full event, start and end in UTC without a Prefer header', async () => {
      const event = await create(meeting());
      assert.equal(event.subject, 'Planning');
      assert.deepEqual(event.start, { dateTime: `${day(1)}T16:00:00.0000000`, timeZone: 'UTC' });
      assert.deepEqual(event.end, { dateTime: `${day(1)}T17:30:00.0000000`, timeZone: 'UTC' });
      assert.equal(event.originalStartTimeZone, 'Pacific Standard Time');
      assert.match(String(event.lastModifiedDateTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      assert.match(String(event.createdDateTime), /\.\d{7}Z$/);
      assert.equal(event['@odata.etag'], `W/"${String(event.changeKey)}"`);
      assert.equal(event.type, 'singleInstance');
      assert.equal(event.isOrganizer, true);
      assert.ok(sb.store.event(event.id), 'the store holds it');
    });

    it('answers in the zone of Prefer: outlook.timezone, Windows or IANA, and echoes Preference-Applied', async () => {
      const event = await create(meeting());
      const windows = await graph.get(`/me/events/${encodeURIComponent(event.id)}`, { Prefer: 'outlook.timezone="W. Europe Standard Time"' });
      assert.equal(windows.headers['preference-applied'], 'outlook.timezone="W. Europe Standard Time"');
      assert.deepEqual(windows.json<GraphItem>().start, { dateTime: `${day(1)}T17:00:00.0000000`, timeZone: 'W. Europe Standard Time' });
      const iana = await graph.ok<GraphItem>(`/me/events/${encodeURIComponent(event.id)}`, { Prefer: 'outlook.timezone="Asia/Tokyo"' });
      assert.deepEqual(iana.end, { dateTime: `${day(2)}T02:30:00.0000000`, timeZone: 'Asia/Tokyo' });
    });

    it('serves the same events under /users/{upn} as under /me', async () => {
      const event = await create(meeting());
      const other = await graph.ok(`/users/${encodeURIComponent(sb.user.userPrincipalName)}/events`);
      assert.deepEqual(other.value.map((e) => e.id), [event.id]);
      const created = await create(meeting({ subject: 'Via users' }), `/users/${sb.user.id}/calendar/events`);
      assert.equal(sb.store.event(created.id)?.subject, 'Via users');
    });

    it('bumps lastModifiedDateTime and changeKey on PATCH and answers 200 with the event', async () => {
      const event = await create(meeting());
      sb.clock.advance(1500);
      const reply = await graph.patch(`/me/events/${encodeURIComponent(event.id)}`, { subject: 'Planning (moved)', showAs: 'tentative' });
      assert.equal(reply.status, 200);
      const patched = reply.json<GraphItem>();
      assert.equal(patched.subject, 'Planning (moved)');
      assert.equal(patched.showAs, 'tentative');
      assert.notEqual(patched.changeKey, event.changeKey);
      assert.ok(String(patched.lastModifiedDateTime) > String(event.lastModifiedDateTime));
      assert.match(String(patched.lastModifiedDateTime), /\.\d{7}Z$/);
    });

    it('deletes an event with 204 and then answers 404 ErrorItemNotFound', async () => {
      const event = await create(meeting());
      assert.equal((await graph.delete(`/me/events/${encodeURIComponent(event.id)}`)).status, 204);
      const gone = await graph.get(`/me/events/${encodeURIComponent(event.id)}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.json<GraphErrorBody>().error.code, 'ErrorItemNotFound');
    });

    it('refuses an event without start or end with 400', async () => {
      assert.deepEqual(await errorOf('post', '/me/events', { subject: 'x', start: meeting().start }), [400, 'ErrorInvalidRequest']);
    });

    it('refuses an event that ends before it starts', async () => {
      const body = meeting({ end: { dateTime: `${day(1)}T07:00:00`, timeZone: 'Pacific Standard Time' } });
      assert.deepEqual(await errorOf('post', '/me/events', body), [400, 'ErrorCalendarEndDateIsEarlierThanStartDate']);
      const event = await create(meeting());
      assert.deepEqual(await errorOf('patch', `/me/events/${encodeURIComponent(event.id)}`, { end: body.end }), [400, 'ErrorCalendarEndDateIsEarlierThanStartDate']);
    });

    it('refuses an unknown time zone with 400 TimeZoneNotSupportedException', async () => {
      const body = meeting({ start: { dateTime: `${day(1)}T08:00:00`, timeZone: 'Mars Standard Time' } });
      assert.deepEqual(await errorOf('post', '/me/events', body), [400, 'TimeZoneNotSupportedException']);
    });

    it('refuses an all-day event that does not run from midnight to midnight', async () => {
      const body = meeting({ isAllDay: true });
      assert.deepEqual(await errorOf('post', '/me/events', body), [400, 'ErrorInvalidRequest']);
    });

    it('refuses properties that do not exist on event', async () => {
      assert.deepEqual(await errorOf('post', '/me/events', meeting({ colour: 'red' })), [400, 'RequestBodyRead']);
    });

    it('stores attendees, location, showAs, importance, sensitivity and the online meeting as given', async () => {
      const event = await create(meeting({
        attendees: [{ type: 'optional', emailAddress: { address: 'lee.gu@contoso.onmicrosoft.com', name: 'Lee Gu' } }],
        location: { displayName: 'Room 1.01' }, showAs: 'Tentative', importance: 'high', sensitivity: 'private', isOnlineMeeting: true,
      }));
      assert.deepEqual(event.attendees, [{ type: 'optional', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { address: 'lee.gu@contoso.onmicrosoft.com', name: 'Lee Gu' } }]);
      assert.equal((event.location as { displayName: string }).displayName, 'Room 1.01');
      assert.deepEqual((event.locations as Array<{ displayName: string }>).map((l) => l.displayName), ['Room 1.01']);
      assert.deepEqual([event.showAs, event.importance, event.sensitivity, event.isOnlineMeeting, event.onlineMeetingProvider], ['tentative', 'high', 'private', true, 'teamsForBusiness']);
      assert.match(String((event.onlineMeeting as { joinUrl: string }).joinUrl), /^https:\/\/teams\.microsoft\.com\//);
    });

    it('filters, orders, selects and pages events with $skip nextLinks', async () => {
      for (const [i, subject] of ['c', 'a', 'b', 'a2'].entries()) {
        await create(meeting({ subject, importance: i % 2 ? 'high' : 'normal', start: { dateTime: `${day(i)}T08:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(i)}T09:00:00`, timeZone: 'UTC' } }));
      }
      const path = `/me/events?$filter=${q("startswith(subject,'a') or importance eq 'high'")}&$orderby=${q('start/dateTime desc')}&$select=subject,start&$top=1`;
      const first = await graph.ok(path);
      assert.deepEqual(first.value.map((e) => e.subject), ['a2']);
      assert.deepEqual(Object.keys(first.value[0]).sort(), ['@odata.etag', 'id', 'start', 'subject']);
      assert.match(String(first['@odata.nextLink']), /\$skip=1/);
      const { items, pages } = await graph.all(path);
      assert.deepEqual(items.map((e) => e.subject), ['a2', 'a']);
      assert.equal(pages, 2);
    });

    it('answers 202 to accept, decline and tentativelyAccept and records the response', async () => {
      const event = await create(meeting({ organizer: { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } } }));
      assert.equal(event.isOrganizer, false);
      assert.equal((event.responseStatus as { response: string }).response, 'notResponded');
      const path = `/me/events/${encodeURIComponent(event.id)}`;
      for (const [action, response] of [['tentativelyAccept', 'tentativelyAccepted'], ['decline', 'declined'], ['accept', 'accepted']]) {
        const reply = await graph.post(`${path}/${action}`, { comment: 'ok', sendResponse: true });
        assert.equal(reply.status, 202);
        assert.equal(reply.text, '');
        assert.equal((sb.store.event(event.id)?.responseStatus as { response: string }).response, response);
      }
      assert.deepEqual(sb.store.sentMail().map((m) => m.subject), ['Tentative: Planning', 'Declined: Planning', 'Accepted: Planning']);
    });

    it('refuses a meeting response from the organizer', async () => {
      const event = await create(meeting());
      const reply = await graph.post(`/me/events/${encodeURIComponent(event.id)}/accept`, { sendResponse: false });
      assert.equal(reply.status, 400);
    });
  });

  describe('calendarView', () => {
    it('requires both startDateTime and endDateTime', async () => {
      for (const path of ['/me/calendarView', `/me/calendarView?startDateTime=${day(0)}T00:00:00Z`]) {
        const reply = await graph.get(path);
        assert.equal(reply.status, 400);
        assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorInvalidParameter');
      }
    });

    it('expands a weekly series into occurrences with seriesMasterId within the window, next to single instances', async () => {
      const master = await create({
        subject: 'Stand-up', start: { dateTime: `${day(0)}T09:30:00`, timeZone: 'W. Europe Standard Time' }, end: { dateTime: `${day(0)}T09:45:00`, timeZone: 'W. Europe Standard Time' },
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: WEEKDAYS }, range: { type: 'noEnd', startDate: day(0) } },
      });
      assert.equal(master.type, 'seriesMaster');
      await create(meeting());
      const view = await graph.ok(VIEW(`${day(0)}T00:00:00Z`, `${day(7)}T00:00:00Z`));
      const occurrences = view.value.filter((e) => e.type === 'occurrence');
      assert.equal(occurrences.length, 5);
      assert.ok(occurrences.every((o) => o.seriesMasterId === master.id && o.id !== master.id && o.recurrence === null));
      assert.deepEqual(occurrences.map((o) => (o.start as { dateTime: string }).dateTime), [0, 1, 2, 3, 4].map((d) => `${day(d)}T08:30:00.0000000`));
      assert.equal(view.value.filter((e) => e.type === 'singleInstance').length, 1);
      assert.ok(!view.value.some((e) => e.type === 'seriesMaster'));
      const one = await graph.ok<GraphItem>(`/me/events/${encodeURIComponent(occurrences[2].id)}`);
      assert.equal(one.seriesMasterId, master.id);
    });

    it('ends daily, numbered and absoluteMonthly series where their range says', async () => {
      const at = (d: number): Record<string, unknown> => ({ start: { dateTime: `${day(d)}T12:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(d)}T13:00:00`, timeZone: 'UTC' } });
      await create({ subject: 'daily', ...at(0), recurrence: { pattern: { type: 'daily', interval: 2 }, range: { type: 'endDate', startDate: day(0), endDate: day(9) } } });
      await create({ subject: 'numbered', ...at(1), recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday', 'thursday'] }, range: { type: 'numbered', startDate: day(1), numberOfOccurrences: 3 } } });
      await create({ subject: 'monthly', ...at(2), recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 25 }, range: { type: 'noEnd', startDate: day(2) } } });
      const { items } = await graph.all(VIEW(`${day(0)}T00:00:00Z`, `${day(70)}T00:00:00Z`));
      const dates = (subject: string): string[] => items.filter((e) => e.subject === subject).map((e) => (e.start as { dateTime: string }).dateTime.slice(0, 10));
      assert.deepEqual(dates('daily'), [0, 2, 4, 6, 8].map(day));
      assert.deepEqual(dates('numbered'), [day(1), day(3), day(8)]);
      assert.deepEqual(dates('monthly'), ['2026-11-25', '2026-12-25', '2027-01-25']);
    });

    it('keeps an all-day event from midnight to midnight in whichever zone is asked for', async () => {
      await create({ subject: 'Holiday', isAllDay: true, start: { dateTime: `${day(2)}T00:00:00`, timeZone: 'W. Europe Standard Time' }, end: { dateTime: `${day(3)}T00:00:00`, timeZone: 'W. Europe Standard Time' } });
      for (const zone of ['Pacific Standard Time', 'Tokyo Standard Time']) {
        const view = await graph.ok(VIEW(`${day(0)}T00:00:00Z`, `${day(7)}T00:00:00Z`), { Prefer: `outlook.timezone="${zone}"` });
        assert.deepEqual([view.value[0].start, view.value[0].end], [{ dateTime: `${day(2)}T00:00:00.0000000`, timeZone: zone }, { dateTime: `${day(3)}T00:00:00.0000000`, timeZone: zone }]);
        assert.equal(view.value[0].isAllDay, true);
      }
    });

    it('reads the window with the offset in its values, not with Prefer: outlook.timezone', async () => {
      await create(meeting({ start: { dateTime: `${day(0)}T23:30:00`, timeZone: 'UTC' }, end: { dateTime: `${day(1)}T00:30:00`, timeZone: 'UTC' } }));
      const pacific = { Prefer: 'outlook.timezone="Pacific Standard Time"' };
      assert.equal((await graph.ok(VIEW(`${day(1)}T00:30:00Z`, `${day(1)}T06:00:00Z`), pacific)).value.length, 0);
      assert.equal((await graph.ok(VIEW(`${day(0)}T16:00:00-08:00`, `${day(0)}T16:10:00-08:00`), pacific)).value.length, 1);
      assert.equal((await graph.ok(VIEW(`${day(0)}T23:59:00`, `${day(1)}T00:00:00`))).value.length, 1, 'no offset means UTC');
    });

    it('does not return createdDateTime or lastModifiedDateTime when they are $selected', async () => {
      await create(meeting());
      const view = await graph.ok(`${VIEW(`${day(0)}T00:00:00Z`, `${day(7)}T00:00:00Z`)}&$select=subject,lastModifiedDateTime,createdDateTime`);
      assert.deepEqual(Object.keys(view.value[0]).sort(), ['@odata.etag', 'id', 'subject']);
    });
  });

  describe('calendarView delta', () => {
    const DELTA = `/me/calendarView/delta?startDateTime=${day(0)}T00:00:00Z&endDateTime=${day(14)}T00:00:00Z`;
    const PAGE = { Prefer: 'odata.maxpagesize=4' };

    async function round(link: string): Promise<{ items: GraphItem[]; deltaLink: string; pages: number }> {
      const result = await graph.all(link, PAGE);
      assert.ok(result.deltaLink, 'a round ends with a deltaLink');
      return { items: result.items, deltaLink: result.deltaLink, pages: result.pages };
    }

    async function series(): Promise<GraphItem> {
      return create({
        subject: 'Daily', start: { dateTime: `${day(0)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(0)}T10:30:00`, timeZone: 'UTC' },
        recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: day(0), numberOfOccurrences: 7 } },
      });
    }

    it('pages the first round with nextLinks that carry the window and ends with a deltaLink', async () => {
      await series();
      await create(meeting());
      const first = await graph.get(DELTA, PAGE);
      assert.equal(first.headers['preference-applied'], 'odata.maxpagesize=4');
      const next = String(first.json<GraphPage>()['@odata.nextLink']);
      assert.match(next, /\/me\/calendarView\/delta\?\$skiptoken=/);
      assert.doesNotMatch(next, /startDateTime/);
      const { items, pages, deltaLink } = await round(DELTA);
      assert.equal(pages, 2);
      assert.equal(new Set(items.map((e) => e.id)).size, 8, 'seven occurrences and one single instance, none lost at a page boundary');
      assert.match(deltaLink, /\?\$deltatoken=/);
    });

    it('returns only what changed in the next round', async () => {
      const single = await create(meeting());
      const { deltaLink } = await round(DELTA);
      await graph.patch(`/me/events/${encodeURIComponent(single.id)}`, { subject: 'Planning v2' });
      await create(meeting({ subject: 'New' }));
      const next = await round(deltaLink);
      assert.deepEqual(next.items.map((e) => e.subject).sort(), ['New', 'Planning v2']);
      assert.equal((await round(next.deltaLink)).items.length, 0);
    });

    it('reports deleted events and events moved out of the window as @removed', async () => {
      const gone = await create(meeting({ subject: 'gone' }));
      const moved = await create(meeting({ subject: 'moved' }));
      const { deltaLink } = await round(DELTA);
      await graph.delete(`/me/events/${encodeURIComponent(gone.id)}`);
      await graph.patch(`/me/events/${encodeURIComponent(moved.id)}`, {
        start: { dateTime: `${day(30)}T08:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(30)}T09:00:00`, timeZone: 'UTC' },
      });
      const { items } = await round(deltaLink);
      assert.deepEqual(items.map((e) => [e.id, e['@removed']]).sort(), [[gone.id, { reason: 'deleted' }], [moved.id, { reason: 'deleted' }]].sort());
    });

    it('reports a deleted occurrence as @removed and leaves it out of the view', async () => {
      await series();
      const { items, deltaLink } = await round(DELTA);
      const third = items[2];
      assert.equal((await graph.delete(`/me/events/${encodeURIComponent(third.id)}`)).status, 204);
      const view = await graph.ok(VIEW(`${day(0)}T00:00:00Z`, `${day(14)}T00:00:00Z`));
      assert.equal(view.value.length, 6);
      assert.ok(!view.value.some((e) => e.id === third.id));
      const next = await round(deltaLink);
      assert.deepEqual(next.items.filter((e) => e['@removed']).map((e) => e.id), [third.id]);
      assert.equal((await graph.get(`/me/events/${encodeURIComponent(third.id)}`)).status, 404);
    });

    it('answers 410 SyncStateNotFound once the delta tokens have expired', async () => {
      await create(meeting());
      const { deltaLink } = await round(DELTA);
      sb.expireDeltaTokens();
      const reply = await graph.get(deltaLink);
      assert.equal(reply.status, 410);
      assert.equal(reply.json<GraphErrorBody>().error.code, 'SyncStateNotFound');
    });

    it('refuses query options on calendarView delta', async () => {
      const reply = await graph.get(`${DELTA}&$select=subject`);
      assert.equal(reply.status, 400);
    });
  });

  describe('demo calendar', () => {
    it('seeds single, all-day and recurring events in several time zones this week and next', async () => {
      const demo = await startTestSandbox();
      try {
        const g = new Graph(demo);
        const { items } = await g.all(VIEW(`${day(0)}T00:00:00Z`, `${day(14)}T00:00:00Z`));
        const types = new Set(items.map((e) => e.type));
        assert.ok(types.has('occurrence') && types.has('singleInstance'));
        assert.ok(items.some((e) => e.isAllDay === true));
        assert.ok(items.filter((e) => e.type === 'occurrence').some((e) => (e.start as { dateTime: string }).dateTime >= `${day(7)}`), 'series reach into next week');
        const zones = new Set(items.map((e) => e.originalStartTimeZone));
        assert.ok(zones.size >= 4, `zones: ${[...zones].join(', ')}`);
        const masters = demo.store.events().filter((e) => e.type === 'seriesMaster').map((e) => e.recurrence?.pattern?.type);
        assert.deepEqual(new Set(masters), new Set(['weekly', 'absoluteMonthly', 'daily']));
      } finally {
        await demo.stop();
      }
    });
  });
});
