import assert from 'node:assert/strict';
import nock from 'nock';
import * as getEvents from '../../../lib/functions/calendar/getEvents';
import { eventFilter } from '../../../lib/outlook/calendar/eventQuery';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const ev = (n: number): Record<string, unknown> => ({ id: `ev-${n}`, subject: `Event ${n}` });

describe('getEvents action', () => {
  useNockEnvironment();

  it('reads a range through calendarView (occurrences expanded), the range as UTC instants, in the output zone', async () => {
    nock(GRAPH, { reqheaders: { prefer: /outlook\.timezone="Europe\/Berlin"/ } }).get('/v1.0/me/calendar/calendarView').query({
      startDateTime: '2026-11-30T23:00:00Z', endDateTime: '2026-12-07T23:00:00Z', $top: '100', $orderby: 'start/dateTime',
    }).reply(200, { value: [ev(1), ev(2)] });
    const { data } = await run(getEvents, { start: '2026-12-01T00:00:00+01:00', end: { dateTime: '2026-12-08', timeZone: 'Europe/Berlin' }, outputTimeZone: 'Europe/Berlin' });
    assert.deepEqual(data, [ev(1), ev(2)]);
  });

  it('reads a range given in a Windows zone through its CLDR zone (winter in Berlin: UTC+1)', async () => {
    nock(GRAPH).get('/v1.0/me/calendar/calendarView').query({
      startDateTime: '2026-11-30T23:00:00Z', endDateTime: '2026-12-01T23:00:00Z', $top: '100', $orderby: 'start/dateTime',
    }).reply(200, { value: [ev(1)] });
    const { data } = await run(getEvents, { start: '2026-12-01T00:00', end: '2026-12-02T00:00', timeZone: 'W. Europe Standard Time' });
    assert.deepEqual(data, [ev(1)]);
  });

  it('lists events and series masters of a chosen calendar with safely quoted filters', async () => {
    nock(GRAPH).get('/v1.0/me/calendars/cal%2F1/events').query({
      $top: '100', $orderby: 'start/dateTime',
      $filter: "contains(subject,'Bob''s review') and organizer/emailAddress/address eq 'ann@contoso.com' and (categories/any(c:c eq 'Red') or categories/any(c:c eq 'Blue')) and showAs eq 'busy' and sensitivity eq 'private'",
    }).reply(200, { value: [ev(1)] });
    await run(getEvents, {
      calendarId: 'cal/1', subjectContains: "Bob's review", organizer: 'ann@contoso.com', categories: 'Red, Blue', showAs: 'busy', sensitivity: 'private',
    });
  });

  it('follows nextLinks up to the maximum and stops there', async () => {
    nock(GRAPH).get('/v1.0/me/calendar/events').query({ $top: '3', $orderby: 'start/dateTime' })
      .reply(200, { value: [ev(1), ev(2)], '@odata.nextLink': `${GRAPH}/v1.0/me/calendar/events?$skip=2` })
      .get('/v1.0/me/calendar/events').query({ $skip: '2' })
      .reply(200, { value: [ev(3), ev(4)], '@odata.nextLink': `${GRAPH}/v1.0/me/calendar/events?$skip=4` });
    const { data } = await run(getEvents, { maxResults: 3 });
    assert.deepEqual(data, [ev(1), ev(2), ev(3)]);
  });

  it('reads every calendar with All Calendars, naming each event\'s calendar', async () => {
    nock(GRAPH).get('/v1.0/me/calendars').query(true).reply(200, { value: [{ id: 'c1', name: 'Calendar' }, { id: 'c2', name: 'Team' }] })
      .get('/v1.0/me/calendars/c1/events').query(true).reply(200, { value: [ev(1)] })
      .get('/v1.0/me/calendars/c2/events').query(true).reply(200, { value: [ev(2)] });
    const { data } = await run(getEvents, { allCalendars: true });
    assert.deepEqual(data, [{ ...ev(1), calendarId: 'c1' }, { ...ev(2), calendarId: 'c2' }]);
  });

  it('emits all events in one message with emitAll, and an empty list when there are none', async () => {
    nock(GRAPH).get('/v1.0/me/calendar/events').query(true).reply(200, { value: [ev(1), ev(2)] })
      .get('/v1.0/me/calendar/events').query(true).reply(200, { value: [] });
    assert.deepEqual((await run(getEvents, {}, { emitBehavior: 'emitAll' })).data, [{ events: [ev(1), ev(2)], count: 2 }]);
    assert.deepEqual((await run(getEvents, {}, { emitBehavior: 'emitAll' })).data, [{ events: [], count: 0 }]);
  });

  it('says which calendar was not found', async () => {
    nock(GRAPH).get('/v1.0/me/calendars/nope/events').query(true).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-l'));
    const { error } = await runFailing(getEvents, { calendarId: 'nope' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Calendar "nope" not found in mailbox of the signed-in user/);
  });

  it('quotes every filter value so that none can close the string or add a query option', () => {
    assert.equal(eventFilter({ subjectContains: "x') or true or contains(subject,'" }), "contains(subject,'x'') or true or contains(subject,''')");
    assert.equal(eventFilter({ categories: ["a'&$top=1"] }), "categories/any(c:c eq 'a''&$top=1')");
    assert.equal(eventFilter({}), undefined);
  });

  for (const [what, body, field] of [
    ['a start without an end', { start: '2026-12-01T00:00:00Z' }, 'End (end)'],
    ['an end without a start', { end: '2026-12-01T00:00:00Z' }, 'Start (start)'],
    ['an end before the start', { start: '2026-12-02T00:00:00Z', end: '2026-12-01T00:00:00Z' }, 'End (end)'],
    ['an unknown zone', { start: '2026-12-01T00:00', end: '2026-12-02T00:00', timeZone: 'Europe/Berln' }, 'Time Zone (timeZone)'],
    ['a malformed organizer', { organizer: 'ann@' }, 'Organizer (organizer)'],
    ['an unknown showAs', { showAs: 'away' }, 'Show As (showAs)'],
    ['a calendar id with a line break', { calendarId: 'a\r\nb' }, 'Calendar (calendarId)'],
    ['too many results', { maxResults: 10_001 }, 'Maximum Events (maxResults)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(getEvents, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
