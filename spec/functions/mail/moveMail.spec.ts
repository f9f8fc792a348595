import assert from 'node:assert/strict';
import nock from 'nock';
import * as moveMail from '../../../lib/functions/mail/moveMail';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { OutlookError } from '../../../lib/outlook/errors';
import { recordingContext } from '../../support/context';
import { assertNothingSent, CFG, GRAPH, graphErrorBody, graphTrap, MESSAGE_ID, run, runFailing, useNockEnvironment } from '../support/actions';

const ENCODED_ID = encodeURIComponent(MESSAGE_ID);
const NEW_ID = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AWSoz7hTfk0e2-AwVp0zyBQAAAh_ZEQAB-y==';
const FOLDER_ID = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAA=';

describe('moveMail action', () => {
  useNockEnvironment();

  it('moves a message to a well-known folder and emits it under its new id', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/move`, { destinationId: 'archive' })
      .reply(201, { id: NEW_ID, subject: 'Invoice', parentFolderId: 'archive-id' });
    const { data, result } = await run(moveMail, { messageId: MESSAGE_ID, destinationFolder: 'Archive' });
    assert.equal(result, undefined);
    assert.deepEqual(data, [{ id: NEW_ID, subject: 'Invoice', parentFolderId: 'archive-id' }]);
  });

  it('moves to Deleted Items when no destination is chosen, as the existing component did', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/move`, { destinationId: 'deleteditems' }).reply(201, { id: NEW_ID });
    await run(moveMail, { messageId: MESSAGE_ID });
  });

  it('uses the folder chosen in the step configuration, in a shared mailbox', async () => {
    nock(GRAPH).post(`/v1.0/users/shared%40contoso.com/messages/${ENCODED_ID}/move`, { destinationId: FOLDER_ID }).reply(201, { id: NEW_ID });
    await run(moveMail, { messageId: MESSAGE_ID }, { destinationFolder: FOLDER_ID, mailbox: 'shared@contoso.com' });
  });

  it('resolves a folder path such as "Inbox / Projects" to its id', async () => {
    nock(GRAPH)
      .get('/v1.0/me/mailFolders').query(true)
      .reply(200, { value: [{ id: 'inbox-id', displayName: 'Inbox', childFolderCount: 1 }, { id: 'sent-id', displayName: 'Sent Items', childFolderCount: 0 }] })
      .get('/v1.0/me/mailFolders/inbox-id/childFolders').query(true)
      .reply(200, { value: [{ id: 'projects-id', displayName: 'Projects', childFolderCount: 0 }] })
      .post(`/v1.0/me/messages/${ENCODED_ID}/move`, { destinationId: 'projects-id' }).reply(201, { id: NEW_ID });
    await run(moveMail, { messageId: MESSAGE_ID, destinationFolder: 'inbox/projects' });
  });

  it('copies instead of moving when asked', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/copy`, { destinationId: 'inbox' }).reply(201, { id: NEW_ID });
    const { data } = await run(moveMail, { messageId: MESSAGE_ID, destinationFolder: 'inbox', copy: true });
    assert.equal((data[0] as { id: string }).id, NEW_ID);
  });

  it('keeps an id with "/" and "?" inside one path segment', async () => {
    nock(GRAPH).post('/v1.0/me/messages/a%2Fb%3Fc%23d/move').reply(201, { id: 'x' });
    await run(moveMail, { messageId: 'a/b?c#d', destinationFolder: 'inbox' });
  });

  it('says which message was not found in which mailbox on 404 ErrorItemNotFound', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/move`)
      .reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-404'));
    const { error } = await runFailing(moveMail, { messageId: MESSAGE_ID, destinationFolder: 'archive' });
    assert.ok(error instanceof OutlookError);
    assert.equal(error.code, 'ErrorItemNotFound');
    assert.equal(error.requestId, 'req-404');
    assert.match(error.message, new RegExp(`^Message ${MESSAGE_ID.replace(/[-=]/g, '\\$&')} not found in mailbox of the signed-in user`));
    assert.match(error.message, /request-id req-404/);
  });

  it('lets other Graph errors propagate', async () => {
    nock(GRAPH).post(`/v1.0/me/messages/${ENCODED_ID}/move`).reply(400, graphErrorBody('ErrorInvalidIdMalformed', 'Id is malformed.'));
    const { error } = await runFailing(moveMail, { messageId: MESSAGE_ID, destinationFolder: 'archive' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'ErrorInvalidIdMalformed');
  });

  it('fails naming the folder when a path matches no folder', async () => {
    nock(GRAPH).get('/v1.0/me/mailFolders').query(true).reply(200, { value: [{ id: 'inbox-id', displayName: 'Inbox', childFolderCount: 0 }] });
    const { error } = await runFailing(moveMail, { messageId: MESSAGE_ID, destinationFolder: 'Inbox / Nowhere' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Destination Mail Folder (destinationFolder)');
  });

  for (const [what, body, field] of [
    ['a missing message id', { destinationFolder: 'inbox' }, 'Message ID (messageId)'],
    ['a message id of ".."', { messageId: '..', destinationFolder: 'inbox' }, 'Message ID (messageId)'],
    ['a non-boolean copy flag', { messageId: MESSAGE_ID, copy: 'maybe' }, 'Copy instead of move (copy)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(moveMail, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('offers every folder, nested ones labelled by path, as the select model', async () => {
    nock(GRAPH)
      .get('/v1.0/me/mailFolders').query(true)
      .reply(200, { value: [{ id: 'inbox-id', displayName: 'Inbox', childFolderCount: 1 }] })
      .get('/v1.0/me/mailFolders/inbox-id/childFolders').query(true)
      .reply(200, { value: [{ id: 'projects-id', displayName: 'Projects', childFolderCount: 0 }] });
    const model = await moveMail.getFolders.call(recordingContext(), { ...CFG });
    assert.deepEqual(model, { 'inbox-id': 'Inbox', 'projects-id': 'Inbox / Projects' });
  });
});
