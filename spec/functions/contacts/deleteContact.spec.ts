import assert from 'node:assert/strict';
import nock from 'nock';
import * as deleteContact from '../../../lib/functions/contacts/deleteContact';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('deleteContact action', () => {
  useNockEnvironment();

  it('deletes the contact in the chosen mailbox', async () => {
    nock(GRAPH).delete('/v1.0/users/shared%40contoso.com/contacts/c%2F1').reply(204);
    const { data } = await run(deleteContact, { contactId: 'c/1' }, { mailbox: 'shared@contoso.com' });
    assert.deepEqual(data, [{ deleted: true, contactId: 'c/1' }]);
  });

  it('fails naming the contact when it is gone', async () => {
    nock(GRAPH).delete('/v1.0/me/contacts/c1').reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.'));
    const { error } = await runFailing(deleteContact, { contactId: 'c1' });
    assert.match(error.message, /Contact "c1" not found/);
  });

  it('refuses a contact id with CR/LF before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(deleteContact, { contactId: 'c1\r\nX: y' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Contact ID (contactId)');
    assertNothingSent(trap);
  });
});
