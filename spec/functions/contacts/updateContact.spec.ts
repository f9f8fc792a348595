import assert from 'node:assert/strict';
import nock from 'nock';
import * as updateContact from '../../../lib/functions/contacts/updateContact';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const ID = 'AAMkAGI2THk0AAA=';
const PATH = `/v1.0/me/contacts/${encodeURIComponent(ID)}`;

describe('updateContact action', () => {
  useNockEnvironment();

  it('patches exactly the given properties', async () => {
    nock(GRAPH).patch(PATH, (b: Record<string, unknown>) => JSON.stringify(b) === JSON.stringify({ jobTitle: 'Head of Purchasing', categories: ['Suppliers'] }))
      .reply(200, { id: ID, jobTitle: 'Head of Purchasing' });
    const { data } = await run(updateContact, { contactId: ID, jobTitle: 'Head of Purchasing', categories: 'Suppliers' });
    assert.deepEqual(data, [{ id: ID, jobTitle: 'Head of Purchasing' }]);
  });

  it('adds the E-mail addresses to the contact\'s current ones (read first)', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, { id: ID, emailAddresses: [{ address: 'old@litware.example', name: 'Old' }] })
      .patch(PATH, { emailAddresses: [{ address: 'old@litware.example', name: 'Old' }, { address: 'new@litware.example' }] }).reply(200, { id: ID });
    await run(updateContact, { contactId: ID, email: 'new@litware.example, OLD@litware.example' });
  });

  it('says which contact was not found', async () => {
    nock(GRAPH).patch(PATH).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.'));
    const { error } = await runFailing(updateContact, { contactId: ID, surname: 'x' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Contact "AAMkAGI2THk0AAA=" not found in mailbox of the signed-in user/);
  });

  for (const [what, body, field] of [
    ['nothing to change', { contactId: ID }, 'Contact ID (contactId)'],
    ['no contact id', { surname: 'x' }, 'Contact ID (contactId)'],
    ['an id with traversal', { contactId: '..', surname: 'x' }, 'Contact ID (contactId)'],
    ['a malformed address', { contactId: ID, emailAddresses: [{ address: 'x' }] }, 'E-mail Addresses (emailAddresses)'],
  ] as const) {
    it(`refuses ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(updateContact, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
