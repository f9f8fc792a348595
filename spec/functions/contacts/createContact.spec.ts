import assert from 'node:assert/strict';
import nock from 'nock';
import * as createContact from '../../../lib/functions/contacts/createContact';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('createContact action', () => {
  useNockEnvironment();

  it('posts exactly the given properties, the E-mail shortcut merged into emailAddresses, once', async () => {
    nock(GRAPH).post('/v1.0/me/contacts', {
      givenName: 'Pradeep', surname: 'Gupta', emailAddresses: [{ address: 'p@litware.example' }, { name: 'Pradeep Gupta', address: 'pradeep@litware.example' }],
      companyName: 'Litware', businessPhones: ['+1 732 555 0102'], businessAddress: { city: 'Redmond', countryOrRegion: 'US' }, birthday: '1990-02-28T00:00:00Z',
    }).reply(201, { '@odata.etag': 'W/"x"', id: 'c1', displayName: 'Pradeep Gupta' });
    const { data } = await run(createContact, {
      givenName: 'Pradeep', surname: 'Gupta', emailAddresses: 'p@litware.example', email: 'Pradeep Gupta <pradeep@litware.example>, P@litware.example',
      companyName: 'Litware', phone: '+1 732 555 0102', businessAddress: { city: 'Redmond', countryOrRegion: 'US' }, birthday: '1990-02-28',
    });
    assert.deepEqual(data, [{ id: 'c1', displayName: 'Pradeep Gupta' }]);
  });

  it('creates in a chosen folder of another mailbox, and does not repeat a POST that timed out at the gateway', async () => {
    const scope = nock(GRAPH).post('/v1.0/users/shared%40contoso.com/contactFolders/f%2F1/contacts').reply(504, graphErrorBody('GatewayTimeout', 'x'))
      .post(/.*/).reply(201, { id: 'again' });
    const { error } = await runFailing(createContact, { givenName: 'Ann' }, { mailbox: 'shared@contoso.com', contactFolderId: 'f/1' });
    assert.match(error.message, /504/);
    assert.equal(scope.isDone(), false);
    nock.cleanAll();
  });

  for (const [what, body, field] of [
    ['no name, address or company', { jobTitle: 'Buyer' }, 'Given Name (givenName), Surname (surname), Display Name (displayName), E-mail (email), Company (companyName)'],
    ['a malformed address', { givenName: 'A', email: 'ann@' }, 'E-mail (email)'],
    ['an impossible birthday', { givenName: 'A', birthday: '1990-02-30' }, 'Birthday (birthday)'],
    ['an address with an unknown part', { givenName: 'A', homeAddress: { planet: 'Mars' } }, 'Home Address (homeAddress)'],
    ['phones as an object', { givenName: 'A', businessPhones: { a: 1 } }, 'Business Phones (businessPhones)'],
  ] as const) {
    it(`refuses ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(createContact, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
