import assert from 'node:assert/strict';
import nock from 'nock';
import * as cancelEvent from '../../../lib/functions/calendar/cancelEvent';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { EVENT_ID, EVENT_PATH, OCCURRENCE_ID, OCCURRENCE_PATH, SERIES_ID, seriesInstances } from './eventSupport';

const SELECT = { $select: 'id,subject,isOrganizer,isCancelled,type' };

describe('cancelEvent action', () => {
  useNockEnvironment();

  it('reads the event, then cancels it with the comment (POST /cancel, 202)', async () => {
    nock(GRAPH).get(EVENT_PATH).query(SELECT).reply(200, { id: EVENT_ID, subject: 'Review', isOrganizer: true, isCancelled: false })
      .post(`${EVENT_PATH}/cancel`, { comment: 'Sorry, called off.' }).reply(202);
    const { data } = await run(cancelEvent, { eventId: EVENT_ID, comment: 'Sorry, called off.' });
    assert.deepEqual(data, [{ cancelled: true, alreadyCancelled: false, eventId: EVENT_ID, subject: 'Review' }]);
  });

  it('sends an empty body without a comment', async () => {
    nock(GRAPH).get(EVENT_PATH).query(SELECT).reply(200, { id: EVENT_ID, isOrganizer: true })
      .post(`${EVENT_PATH}/cancel`, {}).reply(202);
    await run(cancelEvent, { eventId: EVENT_ID });
  });

  it('cancels one occurrence found by series id and original start', async () => {
    seriesInstances();
    nock(GRAPH).get(OCCURRENCE_PATH).query(SELECT).reply(200, { id: OCCURRENCE_ID, isOrganizer: true, isCancelled: false })
      .post(`${OCCURRENCE_PATH}/cancel`, { comment: 'Not this week.' }).reply(202);
    const { data } = await run(cancelEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-08T09:00:00+01:00', comment: 'Not this week.' });
    assert.equal((data[0] as { eventId: string }).eventId, OCCURRENCE_ID);
  });

  it('refuses an invitation of someone else\'s without sending anything, pointing to Respond to Invitation', async () => {
    nock(GRAPH).get(EVENT_PATH).query(SELECT).reply(200, { id: EVENT_ID, subject: 'Their meeting', isOrganizer: false });
    const post = nock(GRAPH).post(`${EVENT_PATH}/cancel`).reply(202);
    const { error } = await runFailing(cancelEvent, { eventId: EVENT_ID });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Only the organizer can cancel the meeting "Their meeting".*Respond to Invitation/);
    assertNothingSent(post);
  });

  it('sends no second cancellation for a meeting already cancelled (a redelivered message)', async () => {
    nock(GRAPH).get(EVENT_PATH).query(SELECT).reply(200, { id: EVENT_ID, isOrganizer: true, isCancelled: true });
    const post = nock(GRAPH).post(`${EVENT_PATH}/cancel`).reply(202);
    const { data } = await run(cancelEvent, { eventId: EVENT_ID, comment: 'x' });
    assert.deepEqual(data, [{ cancelled: true, alreadyCancelled: true, eventId: EVENT_ID }]);
    assertNothingSent(post);
  });

  it('explains Graph\'s 400 for an attendee if the read could not tell', async () => {
    nock(GRAPH).get(EVENT_PATH).query(SELECT).reply(200, { id: EVENT_ID })
      .post(`${EVENT_PATH}/cancel`).reply(400, graphErrorBody('ErrorInvalidRequest', "Your request can't be completed. You need to be an organizer to cancel a meeting."));
    const { error } = await runFailing(cancelEvent, { eventId: EVENT_ID });
    assert.match(error.message, /organizer/);
  });

  it('says which event was not found', async () => {
    nock(GRAPH).get(EVENT_PATH).query(true).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-c'));
    const { error } = await runFailing(cancelEvent, { eventId: EVENT_ID });
    assert.match(error.message, /^Event .* not found/);
  });

  for (const [what, body, field] of [
    ['a missing id', { comment: 'x' }, 'Event ID (eventId)'],
    ['an id with a line break', { eventId: 'A\nB' }, 'Event ID (eventId)'],
    ['a comment that is no text', { eventId: EVENT_ID, comment: { not: 'text' } }, 'Comment (comment)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(cancelEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
