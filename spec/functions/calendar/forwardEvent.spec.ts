import assert from 'node:assert/strict';
import nock from 'nock';
import * as forwardEvent from '../../../lib/functions/calendar/forwardEvent';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { EVENT_ID, EVENT_PATH } from './eventSupport';

describe('forwardEvent action', () => {
  useNockEnvironment();

  it('forwards to recipients given as text and objects, with a comment (POST /forward, 202)', async () => {
    nock(GRAPH).post(`${EVENT_PATH}/forward`, {
      toRecipients: [{ emailAddress: { address: 'dana@contoso.com', name: 'Dana Swope' } }, { emailAddress: { address: 'lee@fabrikam.example' } }],
      comment: 'Dana, hope you can make this meeting.',
    }).reply(202);
    const { data } = await run(forwardEvent, {
      eventId: EVENT_ID, toRecipients: ['Dana Swope <dana@contoso.com>', { address: 'lee@fabrikam.example' }], comment: 'Dana, hope you can make this meeting.',
    });
    assert.equal((data[0] as { forwarded: boolean }).forwarded, true);
  });

  it('is not retried after a server error (a forward sent twice would reach the recipients twice)', async () => {
    const scope = nock(GRAPH).post(`${EVENT_PATH}/forward`).reply(503, graphErrorBody('ServiceUnavailable', 'busy'), { 'Retry-After': '0' });
    const second = nock(GRAPH).post(`${EVENT_PATH}/forward`).reply(202);
    const { error } = await runFailing(forwardEvent, { eventId: EVENT_ID, to: 'dana@contoso.com' });
    assert.match(error.message, /ServiceUnavailable/);
    assert.ok(scope.isDone());
    assertNothingSent(second);
  });

  it('forwards from another mailbox', async () => {
    nock(GRAPH).post(`/v1.0/users/shared%40contoso.com/events/${encodeURIComponent(EVENT_ID)}/forward`, { toRecipients: [{ emailAddress: { address: 'a@x.com' } }] }).reply(202);
    await run(forwardEvent, { eventId: EVENT_ID, toRecipients: 'a@x.com', mailbox: 'shared@contoso.com' });
  });

  for (const [what, body, field] of [
    ['no recipients', { eventId: EVENT_ID }, 'To (toRecipients)'],
    ['a malformed recipient', { eventId: EVENT_ID, toRecipients: 'dana@' }, 'To (toRecipients)'],
    ['a missing event id', { toRecipients: 'a@x.com' }, 'Event ID (eventId)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(forwardEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
