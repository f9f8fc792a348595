import assert from 'node:assert/strict';
import nock from 'nock';
import * as createContactFolder from '../../../lib/functions/contacts/createContactFolder';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('createContactFolder action', () => {
  useNockEnvironment();

  it('creates a folder, nested when a parent is chosen', async () => {
    nock(GRAPH).post('/v1.0/me/contactFolders/p1/childFolders', { displayName: 'Suppliers' }).reply(201, { id: 'f1', displayName: 'Suppliers', parentFolderId: 'p1' });
    const { data } = await run(createContactFolder, { displayName: 'Suppliers' }, { parentFolderId: 'p1' });
    assert.deepEqual(data, [{ id: 'f1', displayName: 'Suppliers', parentFolderId: 'p1', created: true }]);
  });

  it('emits the existing folder when one of that name is there (a repeated message)', async () => {
    nock(GRAPH).post('/v1.0/me/contactFolders').reply(409, graphErrorBody('ErrorFolderExists', 'exists'))
      .get('/v1.0/me/contactFolders').query(true).reply(200, { value: [{ id: 'f0', displayName: 'Other' }, { id: 'f1', displayName: 'suppliers', parentFolderId: 'p0' }] });
    const { data } = await run(createContactFolder, { displayName: 'Suppliers' });
    assert.deepEqual(data, [{ id: 'f1', displayName: 'suppliers', parentFolderId: 'p0', created: false }]);
  });

  it('refuses a missing name before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(createContactFolder, {});
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Folder Name (displayName)');
    assertNothingSent(trap);
  });
});
