import assert from 'node:assert/strict';
import nock from 'nock';
import * as setAutomaticReplies from '../../../lib/functions/mail/setAutomaticReplies';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('setAutomaticReplies action', () => {
  useNockEnvironment();

  it('schedules replies between two times in a time zone, with both messages and the audience', async () => {
    const expected = {
      status: 'scheduled', scheduledStartDateTime: { dateTime: '2026-12-01T08:00:00', timeZone: 'Europe/Berlin' },
      scheduledEndDateTime: { dateTime: '2026-12-04T18:00:00', timeZone: 'Europe/Berlin' }, externalAudience: 'contactsOnly',
      internalReplyMessage: '<p>Offsite</p>', externalReplyMessage: 'Out until 4 Dec',
    };
    nock(GRAPH).patch('/v1.0/me/mailboxSettings', { automaticRepliesSetting: expected }).reply(200, { automaticRepliesSetting: { ...expected, status: 'scheduled' } });
    const { data } = await run(setAutomaticReplies, {
      status: 'scheduled', scheduledStart: '2026-12-01T08:00', scheduledEnd: '2026-12-04T17:00:00Z', timeZone: 'Europe/Berlin',
      externalAudience: 'contactsOnly', internalReplyMessage: '<p>Offsite</p>', externalReplyMessage: 'Out until 4 Dec',
    });
    assert.deepEqual(data, [expected]);
  });

  it('turns replies off from the step configuration, sending only the status', async () => {
    nock(GRAPH).patch('/v1.0/me/mailboxSettings', { automaticRepliesSetting: { status: 'disabled' } }).reply(200, { automaticRepliesSetting: { status: 'disabled' } });
    await run(setAutomaticReplies, {}, { status: 'disabled' });
  });

  it('lets Graph\'s refusal through with its code', async () => {
    nock(GRAPH).patch('/v1.0/me/mailboxSettings').reply(400, graphErrorBody('ErrorInvalidParameter', 'The scheduled end time must be after the scheduled start time.'));
    const { error } = await runFailing(setAutomaticReplies, { status: 'alwaysEnabled' });
    assert.ok(error instanceof GraphError && error.code === 'ErrorInvalidParameter');
  });

  for (const [what, body, field] of [
    ['a missing status', {}, 'Automatic Replies (status)'],
    ['a schedule without an end', { status: 'scheduled', scheduledStart: '2026-12-01T08:00' }, 'End (scheduledEnd)'],
    ['an end before the start', { status: 'scheduled', scheduledStart: '2026-12-04T08:00', scheduledEnd: '2026-12-01T08:00' }, 'End (scheduledEnd)'],
    ['times without a schedule', { status: 'alwaysEnabled', scheduledStart: '2026-12-04T08:00' }, 'Start (scheduledStart)'],
    ['an unknown audience', { status: 'alwaysEnabled', externalAudience: 'friends' }, 'External Audience (externalAudience)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(setAutomaticReplies, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
