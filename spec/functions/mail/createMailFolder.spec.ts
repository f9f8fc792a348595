import assert from 'node:assert/strict';
import nock from 'nock';
import * as createMailFolder from '../../../lib/functions/mail/createMailFolder';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('createMailFolder action', () => {
  useNockEnvironment();

  it('creates a folder at the top of the mailbox', async () => {
    nock(GRAPH).post('/v1.0/me/mailFolders', { displayName: 'Receipts' }).reply(201, { id: 'r1', displayName: 'Receipts', parentFolderId: 'top', childFolderCount: 0 });
    const { data } = await run(createMailFolder, { displayName: 'Receipts' });
    assert.deepEqual(data, [{ id: 'r1', displayName: 'Receipts', parentFolderId: 'top', childFolderCount: 0, created: true }]);
  });

  it('creates a nested folder inside a well-known folder', async () => {
    nock(GRAPH).post('/v1.0/me/mailFolders/inbox/childFolders', { displayName: "Client's" }).reply(201, { id: 'c1', displayName: "Client's" });
    await run(createMailFolder, { displayName: "Client's", parentFolder: 'inbox' });
  });

  it('emits the existing folder when one of that name is there already (409 ErrorFolderExists), so a repeat creates nothing', async () => {
    nock(GRAPH).post('/v1.0/me/mailFolders/inbox/childFolders').reply(409, graphErrorBody('ErrorFolderExists', 'A folder with the specified name already exists.'))
      .get('/v1.0/me/mailFolders/inbox/childFolders').query(true).reply(200, { value: [{ id: 'other', displayName: 'Other' }, { id: 'c1', displayName: 'CLIENTS' }] });
    const { data } = await run(createMailFolder, { displayName: 'Clients', parentFolder: 'inbox' });
    assert.deepEqual(data, [{ id: 'c1', displayName: 'CLIENTS', created: false }]);
  });

  it('says which parent folder was not found', async () => {
    const parent = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAA=';
    nock(GRAPH).post(`/v1.0/me/mailFolders/${encodeURIComponent(parent)}/childFolders`).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-f'));
    const { error } = await runFailing(createMailFolder, { displayName: 'X', parentFolder: parent });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Mail folder "AAMk.*" not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-f\)$/);
  });

  for (const [what, body, field] of [
    ['a missing name', {}, 'Folder Name (displayName)'],
    ['a name that is not text', { displayName: { name: 'x' } }, 'Folder Name (displayName)'],
    ['a parent of ".."', { displayName: 'x', parentFolder: '..' }, 'Parent Mail Folder (parentFolder)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(createMailFolder, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
