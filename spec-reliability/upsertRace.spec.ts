/**
 * Upsert Contact under concurrent deliveries: the same input handed to two or three executions at once, with
 * random latency on every Graph call so that their requests interleave differently each time. However they
 * interleave, one contact per address must remain, every execution must emit that contact, and no contact that
 * existed before may be deleted.
 */
import { strict as assert } from 'node:assert';
import * as upsertContact from '../lib/functions/contacts/upsertContact';
import { runAction } from './support/action';
import { openSandbox } from './support/sandbox';

const ADDRESSES = 25;

describe('Reliability: Upsert Contact raced by concurrent deliveries', function () {
  it(`leaves one contact per address for ${ADDRESSES} addresses, each upserted by 2–3 executions at once under 0–40 ms latency`, async function () {
    const h = await openSandbox({ seed: 13, demo: false });
    try {
      h.sb.faults.configure({ seed: 13, latencyMs: [0, 40] });
      // A contact that had one of the addresses before: it must be the one kept and updated, never deleted.
      const before = h.sb.store.addContact({ givenName: 'Existing', emailAddresses: [{ address: 'person3@litware.example' }] });
      const emitted = new Map<string, Set<string>>();
      for (let i = 0; i < ADDRESSES; i += 1) {
        const address = `person${i}@litware.example`;
        const body = { email: address, givenName: `Person ${i}`, companyName: 'Litware' };
        const runs = await Promise.all(Array.from({ length: 2 + (i % 2) }, () => runAction(upsertContact, body, h.cfg(), `upsert ${i}`, `in-${i}`)));
        for (const r of runs) assert.equal(r.error, undefined, r.error?.message);
        emitted.set(address, new Set(runs.map((r) => String((r.data[0] as { id: string }).id))));
      }
      for (const [address, ids] of emitted) {
        const contacts = h.sb.store.contacts().filter((c) => (c.emailAddresses as Array<{ address: string }>).some((a) => a.address.toLowerCase() === address));
        assert.equal(contacts.length, 1, `${address}: ${contacts.length} contacts`);
        assert.deepEqual([...ids], [contacts[0].id], `${address}: the executions emitted other contacts than the one kept`);
      }
      assert.equal(h.sb.store.contacts().find((c) => c.id === before.id)?.givenName, 'Person 3', 'the existing contact was not the one updated');
    } finally {
      await h.stop();
    }
  });
});
