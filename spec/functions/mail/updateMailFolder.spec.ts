import assert from 'node:assert/strict';
import nock from 'nock';
import * as updateMailFolder from '../../../lib/functions/mail/updateMailFolder';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const FOLDER = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAB=';
const PATH = `/v1.0/me/mailFolders/${encodeURIComponent(FOLDER)}`;

describe('updateMailFolder action', () => {
  useNockEnvironment();

  it('renames a folder', async () => {
    nock(GRAPH).patch(PATH, { displayName: '2025 (closed)' }).reply(200, { id: FOLDER, displayName: '2025 (closed)' });
    const { data } = await run(updateMailFolder, { folder: FOLDER, displayName: '2025 (closed)' });
    assert.deepEqual(data, [{ id: FOLDER, displayName: '2025 (closed)' }]);
  });

  it('moves a folder named by its path into Archive, then emits it as it is there', async () => {
    nock(GRAPH)
      .get('/v1.0/me/mailFolders').query(true).reply(200, { value: [{ id: 'inbox-id', displayName: 'Inbox', childFolderCount: 1 }] })
      .get('/v1.0/me/mailFolders/inbox-id/childFolders').query(true).reply(200, { value: [{ id: FOLDER, displayName: 'Projects', childFolderCount: 0 }] })
      .post(`${PATH}/move`, { destinationId: 'archive' }).reply(200, { id: FOLDER, parentFolderId: 'archive-id' });
    const { data } = await run(updateMailFolder, { folder: 'Inbox / Projects', destinationFolder: 'archive' });
    assert.deepEqual(data, [{ id: FOLDER, parentFolderId: 'archive-id' }]);
  });

  it('renames and moves in one go', async () => {
    nock(GRAPH).patch(PATH, { displayName: 'Old' }).reply(200, { id: FOLDER }).post(`${PATH}/move`, { destinationId: 'msgfolderroot' }).reply(200, { id: FOLDER, displayName: 'Old' });
    const { data } = await run(updateMailFolder, { folder: FOLDER, displayName: 'Old', destinationFolder: 'msgfolderroot' });
    assert.deepEqual(data, [{ id: FOLDER, displayName: 'Old' }]);
  });

  it('says when the new name is taken', async () => {
    nock(GRAPH).patch(PATH).reply(409, graphErrorBody('ErrorFolderExists', 'A folder with the specified name already exists.', 'req-x'));
    const { error } = await runFailing(updateMailFolder, { folder: FOLDER, displayName: 'Taken' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^A folder named "Taken" exists already .*\(409 ErrorFolderExists, request-id req-x\)$/);
  });

  for (const [what, body, field] of [
    ['nothing to change', { folder: FOLDER }, 'New Name (displayName), Move To (destinationFolder)'],
    ['one of Outlook\'s own folders', { folder: 'Inbox', displayName: 'Mail' }, 'Mail Folder (folder)'],
    ['a missing folder', { displayName: 'x' }, 'Mail Folder (folder)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(updateMailFolder, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
