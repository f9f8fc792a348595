import assert from 'node:assert/strict';
import nock from 'nock';
import * as respondToEvent from '../../../lib/functions/calendar/respondToEvent';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { EVENT_ID, EVENT_PATH, OCCURRENCE_ID, OCCURRENCE_PATH, SERIES_ID, seriesInstances } from './eventSupport';

describe('respondToEvent action', () => {
  useNockEnvironment();

  it('accepts with a comment, telling the organizer by default', async () => {
    nock(GRAPH).post(`${EVENT_PATH}/accept`, { comment: 'See you there', sendResponse: true }).reply(202);
    const { data } = await run(respondToEvent, { eventId: EVENT_ID, response: 'accept', comment: 'See you there' });
    assert.deepEqual(data, [{ responded: true, response: 'accept', eventId: EVENT_ID, sendResponse: true }]);
  });

  it('declines without telling the organizer', async () => {
    nock(GRAPH).post(`${EVENT_PATH}/decline`, { sendResponse: false }).reply(202);
    await run(respondToEvent, { eventId: EVENT_ID, response: 'decline', sendResponse: false });
  });

  it('tentatively accepts proposing a new time, after checking that the organizer allows proposals', async () => {
    nock(GRAPH).get(EVENT_PATH).query({ $select: 'id,allowNewTimeProposals,isOrganizer' }).reply(200, { id: EVENT_ID, allowNewTimeProposals: true, isOrganizer: false })
      .post(`${EVENT_PATH}/tentativelyAccept`, {
        comment: 'A day later?', sendResponse: true,
        proposedNewTime: { start: { dateTime: '2026-12-04T16:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-04T17:30:00', timeZone: 'Europe/Berlin' } },
      }).reply(202);
    await run(respondToEvent, { eventId: EVENT_ID, response: 'tentativelyAccept', comment: 'A day later?', proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T17:30' }, timeZone: 'Europe/Berlin' });
  });

  it('refuses a proposal the organizer does not allow, naming the field, and sends no response', async () => {
    nock(GRAPH).get(EVENT_PATH).query(true).reply(200, { id: EVENT_ID, allowNewTimeProposals: false });
    const post = nock(GRAPH).post(`${EVENT_PATH}/decline`).reply(202);
    const { error } = await runFailing(respondToEvent, { eventId: EVENT_ID, response: 'decline', proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T17:00' } });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Proposed New Time (proposedNewTime)');
    assertNothingSent(post);
  });

  it('responds to one occurrence found by the series id and original start', async () => {
    seriesInstances();
    nock(GRAPH).post(`${OCCURRENCE_PATH}/decline`, { sendResponse: true }).reply(202);
    const { data } = await run(respondToEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-08T08:00:00Z', response: 'decline' });
    assert.equal((data[0] as { eventId: string }).eventId, OCCURRENCE_ID);
  });

  it('lets Graph\'s refusal of a meeting one organised through with its code', async () => {
    nock(GRAPH).post(`${EVENT_PATH}/accept`).reply(400, graphErrorBody('ErrorInvalidRequest', "You can't respond to a meeting you organized."));
    const { error } = await runFailing(respondToEvent, { eventId: EVENT_ID, response: 'accept' });
    assert.match(error.message, /ErrorInvalidRequest/);
  });

  for (const [what, body, field] of [
    ['a missing response', { eventId: EVENT_ID }, 'Response (response)'],
    ['an unknown response', { eventId: EVENT_ID, response: 'maybe' }, 'Response (response)'],
    ['a proposed new time with accept', { eventId: EVENT_ID, response: 'accept', proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T17:00' } }, 'Proposed New Time (proposedNewTime)'],
    ['a proposed new time without sending the response', { eventId: EVENT_ID, response: 'decline', sendResponse: false, proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T17:00' } }, 'Proposed New Time (proposedNewTime)'],
    ['a proposed end before its start', { eventId: EVENT_ID, response: 'decline', proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T15:00' } }, 'Proposed New Time (proposedNewTime.end)'],
    ['a proposal without an end', { eventId: EVENT_ID, response: 'decline', proposedNewTime: { start: '2026-12-04T16:00' } }, 'Proposed New Time (proposedNewTime.end)'],
    ['an unknown zone', { eventId: EVENT_ID, response: 'decline', proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T17:00' }, timeZone: 'Nowhere/City' }, 'Time Zone (timeZone)'],
    ['an empty event id', { eventId: '', response: 'accept' }, 'Event ID (eventId)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(respondToEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
