import assert from 'node:assert/strict';
import nock from 'nock';
import * as copyMail from '../../../lib/functions/mail/copyMail';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, MESSAGE_ID, run, runFailing, useNockEnvironment } from '../support/actions';

const ENCODED_ID = encodeURIComponent(MESSAGE_ID);

describe('copyMail action', () => {
  useNockEnvironment();

  it('copies a message to a well-known folder and emits the copy', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/copy`, { destinationId: 'archive' }).reply(201, { id: 'copy-1', subject: 'Invoice' });
    const { data } = await run(copyMail, { messageId: MESSAGE_ID, destinationFolder: 'Archive' });
    assert.deepEqual(data, [{ id: 'copy-1', subject: 'Invoice' }]);
  });

  it('resolves a folder path in a shared mailbox', async () => {
    nock(GRAPH)
      .get('/v1.0/users/support%40contoso.com/mailFolders').query(true).reply(200, { value: [{ id: 'inbox-id', displayName: 'Inbox', childFolderCount: 1 }] })
      .get('/v1.0/users/support%40contoso.com/mailFolders/inbox-id/childFolders').query(true).reply(200, { value: [{ id: 'esc-id', displayName: 'Escalations', childFolderCount: 0 }] })
      .post(`/v1.0/users/support%40contoso.com/messages/${ENCODED_ID}/copy`, { destinationId: 'esc-id' }).reply(201, { id: 'copy-2' });
    await run(copyMail, { messageId: MESSAGE_ID, destinationFolder: 'Inbox / Escalations', mailbox: 'support@contoso.com' });
  });

  it('is never repeated by the transport after an answer that did not arrive (a copy is not idempotent)', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/copy`).reply(503, graphErrorBody('ServiceUnavailable', 'busy'));
    const { error } = await runFailing(copyMail, { messageId: MESSAGE_ID, destinationFolder: 'inbox' });
    assert.match(error.message, /503/);
    assert.ok(nock.isDone());
  });

  it('says which message or folder was missing on 404', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/copy`).reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-c'));
    const { error } = await runFailing(copyMail, { messageId: MESSAGE_ID, destinationFolder: 'archive' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Message .* not found in mailbox of the signed-in user, or the destination folder "archive" does not exist \(404 ErrorItemNotFound, request-id req-c\)$/);
  });

  for (const [what, body, field] of [
    ['a missing destination', { messageId: MESSAGE_ID }, 'Destination Mail Folder (destinationFolder)'],
    ['a missing message id', { destinationFolder: 'inbox' }, 'Message ID (messageId)'],
    ['a numeric folder', { messageId: MESSAGE_ID, destinationFolder: 42 }, 'Destination Mail Folder (destinationFolder)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(copyMail, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
