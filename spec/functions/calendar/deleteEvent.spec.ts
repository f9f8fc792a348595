import assert from 'node:assert/strict';
import nock from 'nock';
import * as deleteEvent from '../../../lib/functions/calendar/deleteEvent';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { EVENT_ID, EVENT_PATH, OCCURRENCE_ID, OCCURRENCE_PATH, SERIES_ID, seriesInstances } from './eventSupport';

describe('deleteEvent action', () => {
  useNockEnvironment();

  it('deletes the event by its id (DELETE, 204)', async () => {
    nock(GRAPH).delete(EVENT_PATH).reply(204);
    const { data } = await run(deleteEvent, { eventId: EVENT_ID });
    assert.deepEqual(data, [{ deleted: true, eventId: EVENT_ID }]);
  });

  it('deletes one occurrence found by the series id and its original start in an IANA zone', async () => {
    seriesInstances();
    nock(GRAPH).delete(OCCURRENCE_PATH).reply(204);
    const { data } = await run(deleteEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-08T09:00', timeZone: 'Europe/Berlin' });
    assert.deepEqual(data, [{ deleted: true, eventId: OCCURRENCE_ID, seriesId: SERIES_ID }]);
  });

  it('finds an occurrence of an all-day series by its date', async () => {
    nock(GRAPH).get(`/v1.0/me/events/${encodeURIComponent(SERIES_ID)}/instances`).query(true).reply(200, { value: [
      { id: 'day-1', isAllDay: true, originalStart: '2026-12-23T23:00:00Z', start: { dateTime: '2026-12-24T00:00:00.0000000', timeZone: 'UTC' } },
      { id: 'day-2', isAllDay: true, originalStart: '2026-12-24T23:00:00Z', start: { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'UTC' } },
    ] })
      .delete('/v1.0/me/events/day-2').reply(204);
    const { data } = await run(deleteEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-25' });
    assert.deepEqual(data, [{ deleted: true, eventId: 'day-2', seriesId: SERIES_ID }]);
  });

  it('names Occurrence Start when no occurrence was originally there, and deletes nothing', async () => {
    seriesInstances();
    const del = nock(GRAPH).delete(/.*/).reply(204);
    const { error } = await runFailing(deleteEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-08T10:00:00Z' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Occurrence Start (occurrenceStart)');
    assertNothingSent(del);
  });

  it('says which event was not found (deleted already)', async () => {
    nock(GRAPH).delete(EVENT_PATH).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-d'));
    const { error } = await runFailing(deleteEvent, { eventId: EVENT_ID });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-d\)$/);
  });

  it('keeps an id with a slash in one path segment: it cannot address another resource', async () => {
    nock(GRAPH).delete('/v1.0/me/events/..%2Fmessages').reply(404, graphErrorBody('ErrorInvalidIdMalformed', 'Id is malformed.'));
    const { error } = await runFailing(deleteEvent, { eventId: '../messages' });
    assert.match(error.message, /^Event \.\.\/messages not found/);
  });

  it('deletes in another mailbox', async () => {
    nock(GRAPH).delete(`/v1.0/users/room1%40contoso.com/events/${encodeURIComponent(EVENT_ID)}`).reply(204);
    await run(deleteEvent, { eventId: EVENT_ID, mailbox: 'room1@contoso.com' });
  });

  for (const [what, body, field] of [
    ['an empty id', { eventId: '' }, 'Event ID (eventId)'],
    ['a traversal id', { eventId: '..' }, 'Event ID (eventId)'],
    ['a malformed occurrence start', { eventId: SERIES_ID, occurrenceStart: 'next tuesday' }, 'Occurrence Start (occurrenceStart)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(deleteEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
