import assert from 'node:assert/strict';
import nock from 'nock';
import * as deleteContactFolder from '../../../lib/functions/contacts/deleteContactFolder';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('deleteContactFolder action', () => {
  useNockEnvironment();

  it('deletes the chosen folder', async () => {
    nock(GRAPH).delete('/v1.0/me/contactFolders/f%2F1').reply(204);
    const { data } = await run(deleteContactFolder, {}, { contactFolderId: 'f/1' });
    assert.deepEqual(data, [{ deleted: true, contactFolderId: 'f/1' }]);
  });

  it('names the folder Graph did not find', async () => {
    nock(GRAPH).delete('/v1.0/me/contactFolders/f1').reply(404, graphErrorBody('ErrorItemNotFound', 'x'));
    const { error } = await runFailing(deleteContactFolder, { contactFolderId: 'f1' });
    assert.match(error.message, /Contact folder "f1" not found/);
  });

  it('refuses a missing folder before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(deleteContactFolder, {});
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Contact Folder (contactFolderId)');
    assertNothingSent(trap);
  });
});
