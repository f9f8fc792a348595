import assert from 'node:assert/strict';
import nock from 'nock';
import * as deleteMailFolder from '../../../lib/functions/mail/deleteMailFolder';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const FOLDER = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAC=';
const PATH = `/v1.0/me/mailFolders/${encodeURIComponent(FOLDER)}`;

describe('deleteMailFolder action', () => {
  useNockEnvironment();

  it('moves the folder to Deleted Items by default', async () => {
    nock(GRAPH).post(`${PATH}/move`, { destinationId: 'deleteditems' }).reply(200, { id: FOLDER, parentFolderId: 'deleted-id' });
    const { data } = await run(deleteMailFolder, { folder: FOLDER });
    assert.deepEqual(data, [{ deleted: true, permanent: false, folderId: FOLDER, parentFolderId: 'deleted-id' }]);
  });

  it('deletes it permanently when asked, in a shared mailbox', async () => {
    nock(GRAPH).post(`/v1.0/users/support%40contoso.com/mailFolders/${encodeURIComponent(FOLDER)}/permanentDelete`).reply(204);
    const { data } = await run(deleteMailFolder, { folder: FOLDER, permanent: true }, { mailbox: 'support@contoso.com' });
    assert.deepEqual(data, [{ deleted: true, permanent: true, folderId: FOLDER }]);
  });

  it('says which folder was not found', async () => {
    nock(GRAPH).post(`${PATH}/permanentDelete`).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-g'));
    const { error } = await runFailing(deleteMailFolder, { folder: FOLDER, permanent: true });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Mail folder "AAMk.*" not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-g\)$/);
  });

  for (const [what, body] of [['Inbox', { folder: 'inbox' }], ['Deleted Items itself', { folder: 'DeletedItems', permanent: true }]] as const) {
    it(`refuses to delete ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(deleteMailFolder, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, 'Mail Folder (folder)');
      assert.match(error.message, /one of Outlook's own folders/);
      assertNothingSent(trap);
    });
  }
});
