/** "Contacts" against nock: the query, same-second exactness (shared cursor), folders, emitAll. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import * as getContacts from '../../../lib/functions/contacts/getContacts';
import { GRAPH, recorder } from '../../support/graph';
import { execute, Flow, TriggerModule } from '../support/run';
import { useEnv } from '../support/mail';

const trigger = getContacts as unknown as TriggerModule;
const CFG = { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' } };

function contact(n: number, lastModifiedDateTime: string, changeKey = `EQAAABYAAAC${n}`): Record<string, unknown> {
  return { '@odata.etag': `W/"${changeKey}"`, id: `AAMkADNjY2Nt-contact-${n}=`, changeKey, lastModifiedDateTime, displayName: `Contact ${n}`, emailAddresses: [{ address: `c${n}@contoso.com` }] };
}

describe('"Contacts" trigger (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, ELASTICIO_FLOW_TYPE: undefined });

  it('asks for contacts modified since the start, oldest first, with $top and $select', async () => {
    const rec = recorder();
    nock(GRAPH).get('/v1.0/me/contacts').query(true).reply(rec.reply(200, { value: [contact(1, '2026-11-23T10:00:00Z')] }));
    const run = await execute(trigger, CFG, {});
    assert.equal(run.error, undefined);
    const url = new URL(rec.seen[0].uri, GRAPH);
    assert.equal(url.searchParams.get('$filter'), 'lastModifiedDateTime ge 1970-01-01T00:00:00Z');
    assert.equal(url.searchParams.get('$orderby'), 'lastModifiedDateTime asc');
    assert.equal(url.searchParams.get('$top'), '500');
    assert.match(url.searchParams.get('$select') as string, /displayName/);
    assert.deepEqual(run.bodies, [{ id: 'AAMkADNjY2Nt-contact-1=', changeKey: 'EQAAABYAAAC1', lastModifiedDateTime: '2026-11-23T10:00:00Z', displayName: 'Contact 1', emailAddresses: [{ address: 'c1@contoso.com' }] }]);
  });

  it('emits a contact changed later in the same second as the previous poll\'s newest one', async () => {
    const flow = new Flow(trigger, CFG);
    nock(GRAPH).get('/v1.0/me/contacts').query(true).reply(200, { value: [contact(1, '2026-11-23T10:00:00Z')] });
    await flow.tick();
    nock(GRAPH).get('/v1.0/me/contacts').query((q) => q.$filter === 'lastModifiedDateTime ge 2026-11-23T09:59:55Z')
      .reply(200, { value: [contact(1, '2026-11-23T10:00:00Z'), contact(2, '2026-11-23T10:00:00Z'), contact(1, '2026-11-23T10:00:00Z', 'EQAAABYAAAC1-v2')] });
    await flow.tick();
    assert.deepEqual(flow.emitted.map((c) => `${String(c.displayName)}#${String(c.changeKey)}`), ['Contact 1#EQAAABYAAAC1', 'Contact 2#EQAAABYAAAC2', 'Contact 1#EQAAABYAAAC1-v2']);
  });

  it('polls one contact folder of a shared mailbox and emits all contacts of a page in one message', async () => {
    nock(GRAPH).get(`/v1.0/users/hr%40contoso.com/contactFolders/${encodeURIComponent('AAMk/folder=')}/contacts`).query(true)
      .reply(200, { value: [contact(1, '2026-11-23T10:00:00Z'), contact(2, '2026-11-23T10:00:01Z')] });
    const run = await execute(trigger, { ...CFG, mailbox: 'hr@contoso.com', contactFolderId: 'AAMk/folder=', emitBehavior: 'emitAll' }, {});
    assert.equal(run.ctx.emittedOf('data').length, 1);
    assert.equal(run.bodies.length, 2);
  });

  it('lists contact folders and their subfolders for the folder dropdown', async () => {
    nock(GRAPH).get('/v1.0/me/contactFolders').query(true).reply(200, { value: [{ id: 'f1', displayName: 'Suppliers' }] });
    nock(GRAPH).get('/v1.0/me/contactFolders/f1/childFolders').query(true).reply(200, { value: [{ id: 'f2', displayName: 'EU' }] });
    nock(GRAPH).get('/v1.0/me/contactFolders/f2/childFolders').query(true).reply(200, { value: [] });
    const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} }, emit: async () => undefined };
    assert.deepEqual(await getContacts.getContactFolders.call(ctx, CFG), { f1: 'Suppliers', f2: 'Suppliers / EU' });
  });
});
