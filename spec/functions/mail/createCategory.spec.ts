import assert from 'node:assert/strict';
import nock from 'nock';
import * as createCategory from '../../../lib/functions/mail/createCategory';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { recordingContext } from '../../support/context';
import { assertNothingSent, CFG, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const LIST = '/v1.0/me/outlook/masterCategories';

describe('createCategory action', () => {
  useNockEnvironment();

  it('adds a category with a colour when the list does not have it', async () => {
    nock(GRAPH).get(LIST).reply(200, { value: [{ id: 'c1', displayName: 'Red category', color: 'preset0' }] })
      .post(LIST, { displayName: 'Invoices', color: 'preset4' }).reply(201, { id: 'c2', displayName: 'Invoices', color: 'preset4' });
    const { data } = await run(createCategory, { displayName: 'Invoices', color: 'preset4' });
    assert.deepEqual(data, [{ id: 'c2', displayName: 'Invoices', color: 'preset4', created: true }]);
  });

  it('emits the existing category (names compare case-insensitively), so a repeat adds nothing', async () => {
    nock(GRAPH).get(LIST).reply(200, { value: [{ id: 'c2', displayName: 'INVOICES', color: 'preset4' }] });
    const { data } = await run(createCategory, { displayName: 'invoices' });
    assert.deepEqual(data, [{ id: 'c2', displayName: 'INVOICES', color: 'preset4', created: false }]);
  });

  it('takes a category created meanwhile (409) from the list', async () => {
    nock(GRAPH).get(LIST).reply(200, { value: [] }).post(LIST).reply(409, graphErrorBody('ErrorAlreadyExists', 'exists'))
      .get(LIST).reply(200, { value: [{ id: 'c3', displayName: 'Travel', color: 'none' }] });
    const { data } = await run(createCategory, { displayName: 'Travel' });
    assert.deepEqual(data, [{ id: 'c3', displayName: 'Travel', color: 'none', created: false }]);
  });

  it('explains that another user\'s category list is out of reach of delegated permissions', async () => {
    nock(GRAPH).get('/v1.0/users/support%40contoso.com/outlook/masterCategories').reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied.', 'req-403'));
    const { error } = await runFailing(createCategory, { displayName: 'X' }, { mailbox: 'support@contoso.com' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /does not let a signed-in user read or change the category list of another mailbox \("support@contoso\.com"\).*\(403 ErrorAccessDenied, request-id req-403\)$/);
  });

  it('offers the category names as a picker', async () => {
    nock(GRAPH).get(LIST).reply(200, { value: [{ id: 'c1', displayName: 'Red category', color: 'preset0' }, { id: 'c2', displayName: 'Clients', color: 'preset7' }] });
    assert.deepEqual(await createCategory.getCategories.call(recordingContext(), { ...CFG }), { 'Red category': 'Red category', Clients: 'Clients' });
  });

  for (const [what, body, field] of [
    ['a missing name', { color: 'preset1' }, 'Category Name (displayName)'],
    ['a colour Outlook does not have', { displayName: 'X', color: 'preset25' }, 'Colour (color)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(createCategory, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
