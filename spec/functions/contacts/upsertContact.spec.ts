import assert from 'node:assert/strict';
import nock from 'nock';
import * as upsertContact from '../../../lib/functions/contacts/upsertContact';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const BY_ADDRESS = (q: Record<string, unknown>): boolean => q.$filter === "emailAddresses/any(a:a/address eq 'pradeep@litware.example')";

describe('upsertContact action', () => {
  describe('requests', () => {
    useNockEnvironment();

    it('updates the contact found by its address with exactly the given properties, adding new addresses to its own', async () => {
      nock(GRAPH).get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [
        { id: 'younger', createdDateTime: '2026-11-02T00:00:00Z', emailAddresses: [] },
        { id: 'older', createdDateTime: '2026-11-01T00:00:00Z', emailAddresses: [{ address: 'PRADEEP@litware.example', name: 'P' }] },
      ] }).patch('/v1.0/me/contacts/older', { jobTitle: 'Buyer', emailAddresses: [{ address: 'PRADEEP@litware.example', name: 'P' }] })
        .reply(200, { id: 'older', jobTitle: 'Buyer' });
      const { data } = await run(upsertContact, { email: 'pradeep@litware.example', jobTitle: 'Buyer' });
      assert.deepEqual(data, [{ id: 'older', jobTitle: 'Buyer', created: false }]);
    });

    it('creates the contact when none has the address, and keeps it when it is the only one at both later looks', async () => {
      nock(GRAPH).get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [] })
        .post('/v1.0/me/contacts', { givenName: 'Pradeep', emailAddresses: [{ address: 'pradeep@litware.example' }] })
        .reply(201, { id: 'c1', createdDateTime: '2026-11-23T09:00:00Z' })
        .get('/v1.0/me/contacts').query(BY_ADDRESS).twice().reply(200, { value: [{ id: 'c1', createdDateTime: '2026-11-23T09:00:00Z' }] });
      const { data } = await run(upsertContact, { email: 'pradeep@litware.example', givenName: 'Pradeep' });
      assert.deepEqual(data, [{ id: 'c1', createdDateTime: '2026-11-23T09:00:00Z', created: true }]);
    });

    it('deletes its contact at the second look when a racer created one in the same second that sorts first', async () => {
      nock(GRAPH).get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [] })
        .post('/v1.0/me/contacts').reply(201, { id: 'b-mine', createdDateTime: '2026-11-23T09:00:00Z' })
        .get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [{ id: 'b-mine', createdDateTime: '2026-11-23T09:00:00Z' }] })
        .get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [
          { id: 'b-mine', createdDateTime: '2026-11-23T09:00:00Z' }, { id: 'a-racer', createdDateTime: '2026-11-23T09:00:00Z', emailAddresses: [] },
        ] })
        .delete('/v1.0/me/contacts/b-mine').reply(204)
        .patch('/v1.0/me/contacts/a-racer').reply(200, { id: 'a-racer' });
      const { data } = await run(upsertContact, { email: 'pradeep@litware.example', givenName: 'Pradeep' });
      assert.deepEqual(data, [{ id: 'a-racer', created: false }]);
    });

    it('losing a race, deletes only the contact it created and updates the one both keep', async () => {
      nock(GRAPH).get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [] })
        .post('/v1.0/me/contacts').reply(201, { id: 'b-mine', createdDateTime: '2026-11-23T09:00:00Z' })
        .get('/v1.0/me/contacts').query(BY_ADDRESS).reply(200, { value: [
          { id: 'b-mine', createdDateTime: '2026-11-23T09:00:00Z' }, { id: 'a-theirs', createdDateTime: '2026-11-23T09:00:00Z', emailAddresses: [] },
        ] })
        .delete('/v1.0/me/contacts/b-mine').reply(204)
        .patch('/v1.0/me/contacts/a-theirs').reply(200, { id: 'a-theirs' });
      const { data } = await run(upsertContact, { email: 'pradeep@litware.example', givenName: 'Pradeep' });
      assert.deepEqual(data, [{ id: 'a-theirs', created: false }]);
    });

    it('refuses an input without any e-mail address before any request', async () => {
      const trap = graphTrap();
      const { error } = await runFailing(upsertContact, { givenName: 'Pradeep' });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, 'E-mail (email), E-mail Addresses (emailAddresses)');
      assertNothingSent(trap);
    });
  });

  describe('against the sandbox', function () {
    // Each created contact waits a second before its second look; a loaded machine needs more than the default.
    this.timeout(30_000);
    const w = useSandbox();
    const withAddress = (): Array<Record<string, unknown>> => (w.sb.store.contacts() as unknown as Array<Record<string, unknown>>)
      .filter((c) => (c.emailAddresses as Array<{ address: string }>).some((a) => a.address.toLowerCase() === 'pradeep@litware.example'));

    it('leaves exactly one contact when the same input is delivered twice at the same time', async () => {
      const body = { email: 'Pradeep Gupta <pradeep@litware.example>', givenName: 'Pradeep', surname: 'Gupta', companyName: 'Litware' };
      for (let round = 0; round < 3; round += 1) {
        const [a, b] = await Promise.all([w.run(upsertContact, body, { id: `in-${round}` }), w.run(upsertContact, body, { id: `in-${round}` })]);
        assert.equal(a.error, undefined, a.error?.message);
        assert.equal(b.error, undefined, b.error?.message);
        assert.equal(withAddress().length, 1, `round ${round}: ${withAddress().length} contacts`);
        assert.equal(a.data[0].id, b.data[0].id, 'both executions emit the same contact');
        assert.equal(a.data[0].id, withAddress()[0].id);
      }
    });

    it('updates, and never deletes, contacts that had the address before', async () => {
      const first = w.sb.store.addContact({ givenName: 'P', emailAddresses: [{ address: 'pradeep@litware.example' }] });
      w.sb.clock.advance(2000);
      w.sb.store.addContact({ givenName: 'P2', emailAddresses: [{ address: 'Pradeep@Litware.example' }] });
      const { data } = await w.run(upsertContact, { email: 'pradeep@litware.example', jobTitle: 'Buyer' });
      assert.equal(data[0].id, first.id);
      assert.equal(data[0].created, false);
      assert.equal(withAddress().length, 2);
      assert.equal(w.sb.store.contacts().find((c) => c.id === first.id)?.jobTitle, 'Buyer');
    });
  });
});
