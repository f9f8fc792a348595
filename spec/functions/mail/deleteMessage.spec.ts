import assert from 'node:assert/strict';
import nock from 'nock';
import * as deleteMessage from '../../../lib/functions/mail/deleteMessage';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, MESSAGE_ID, netError, run, runFailing, useNockEnvironment } from '../support/actions';

const ENCODED_ID = encodeURIComponent(MESSAGE_ID);

describe('deleteMessage action', () => {
  useNockEnvironment();

  it('moves the message to Deleted Items by default', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/move`, { destinationId: 'deleteditems' }).reply(201, { id: MESSAGE_ID, parentFolderId: 'deleted-id' });
    const { data } = await run(deleteMessage, { messageId: MESSAGE_ID });
    assert.deepEqual(data, [{ deleted: true, permanent: false, messageId: MESSAGE_ID, id: MESSAGE_ID, parentFolderId: 'deleted-id' }]);
  });

  it('purges it with permanentDelete when asked, in a shared mailbox', async () => {
    nock(GRAPH).post(`/v1.0/users/support%40contoso.com/messages/${ENCODED_ID}/permanentDelete`, (body) => body === '' || body === undefined).reply(204);
    const { data } = await run(deleteMessage, { messageId: MESSAGE_ID, permanent: 'true' }, { mailbox: 'support@contoso.com' });
    assert.deepEqual(data, [{ deleted: true, permanent: true, messageId: MESSAGE_ID }]);
  });

  it('does not repeat a permanent delete whose answer was lost, and says the outcome is unknown', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/permanentDelete`).replyWithError(netError('ECONNRESET', 'socket hang up'));
    const { error } = await runFailing(deleteMessage, { messageId: MESSAGE_ID, permanent: true });
    assert.equal((error as { outcomeUnknown?: boolean }).outcomeUnknown, true);
    assert.ok(nock.isDone());
  });

  it('says which message was not found', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/permanentDelete`).reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-d'));
    const { error } = await runFailing(deleteMessage, { messageId: MESSAGE_ID, permanent: true });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Message .* not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-d\)$/);
  });

  for (const [what, body, field] of [
    ['a missing message id', {}, 'Message ID (messageId)'],
    ['a message id with a line feed', { messageId: 'a\nb' }, 'Message ID (messageId)'],
    ['a permanent flag that is not a boolean', { messageId: MESSAGE_ID, permanent: 'sure' }, 'Delete Permanently (permanent)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(deleteMessage, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
