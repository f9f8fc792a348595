import assert from 'node:assert/strict';
import nock from 'nock';
import * as lookupContacts from '../../../lib/functions/contacts/lookupContacts';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('lookupContacts action', () => {
  useNockEnvironment();

  it('combines e-mail, name prefix and company with and, every value quoted', async () => {
    nock(GRAPH).get('/v1.0/me/contacts').query((q) => q.$filter === "emailAddresses/any(a:a/address eq 'o''neil@litware.example') and "
      + "(startswith(displayName,'O''N') or startswith(givenName,'O''N') or startswith(surname,'O''N')) and companyName eq 'Litware'" && q.$top === '100')
      .reply(200, { value: [{ '@odata.etag': 'x', id: 'c1' }] });
    const { data } = await run(lookupContacts, { email: "o'neil@litware.example", namePrefix: "O'N", companyName: 'Litware' });
    assert.deepEqual(data, [{ id: 'c1' }]);
  });

  it('takes a checked OData filter, stops at the maximum, and emits all at once with Emit All', async () => {
    nock(GRAPH).get('/v1.0/me/contactFolders/f1/contacts').query((q) => q.$filter === "(categories/any(c:c eq 'Suppliers'))" && q.$top === '2')
      .reply(200, { value: [{ id: 'c1' }, { id: 'c2' }], '@odata.nextLink': `${GRAPH}/v1.0/me/contactFolders/f1/contacts?$skip=2` });
    const { data } = await run(lookupContacts, { filter: "categories/any(c: c eq 'Suppliers')", maxResults: 2 }, { contactFolderId: 'f1', emitBehavior: 'emitAll' });
    assert.deepEqual(data, [{ contacts: [{ id: 'c1' }, { id: 'c2' }], count: 2 }]);
  });

  for (const [what, body, field] of [
    ['no criterion', {}, 'E-mail (email), Name Starts With (namePrefix), Company (companyName), OData Filter (filter)'],
    ['a filter adding a query option', { filter: "surname eq 'x' &$top=1" }, 'OData Filter (filter)'],
    ['a filter on an unknown property', { filter: "password eq 'x'" }, 'OData Filter (filter)'],
    ['a malformed e-mail', { email: "x' or 1 eq 1" }, 'E-mail (email)'],
  ] as const) {
    it(`refuses ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(lookupContacts, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
