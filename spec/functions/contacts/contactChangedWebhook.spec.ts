import assert from 'node:assert/strict';
import contactChangedWebhook = require('../../../lib/functions/contacts/contactChangedWebhook');
import { useWebhookSandbox } from '../support/webhooks';

describe('contactChangedWebhook (Contact Changed, real-time)', () => {
  const world = useWebhookSandbox();
  const names = (data: unknown[]): string[] => data.map((b) => String((b as { displayName?: unknown }).displayName));

  it('emits each new or changed contact of the folder once per visible version', async () => {
    const step = await world.start(contactChangedWebhook, {});
    const [sub] = world.sb.subscriptions().list();
    assert.deepEqual([sub.resource, sub.changeType], ['me/contacts', 'created,updated']);
    const c = world.sb.store.addContact({ displayName: 'Pradeep Gupta', emailAddresses: [{ address: 'pradeep@litware.example' }] });
    await world.settle(step);
    world.sb.store.updateContact(c.id as string, { displayName: 'Pradeep K. Gupta' });
    await world.settle(step);
    world.sb.store.updateContact(c.id as string, {});
    await world.settle(step);
    assert.deepEqual(names(step.data), ['Pradeep Gupta', 'Pradeep K. Gupta']);
    assert.deepEqual(step.errors, []);
  });

  it('subscribes a contact folder by id and ignores the others', async () => {
    const folder = world.sb.store.createContactFolder(null, 'Suppliers');
    const step = await world.start(contactChangedWebhook, { contactFolderId: folder.id });
    assert.equal(world.sb.subscriptions().list()[0].resource, `me/contactFolders/${encodeURIComponent(String(folder.id))}/contacts`);
    world.sb.store.addContact({ displayName: 'Elsewhere' });
    world.sb.store.addContact({ displayName: 'Supplier' }, String(folder.id));
    await world.settle(step);
    assert.deepEqual(names(step.data), ['Supplier']);
  });

  it('refuses another user\'s mailbox with a signed-in user, and a contact folder id that is no path segment, before any request', async () => {
    const before = world.sb.requests.length;
    await assert.rejects(world.start(contactChangedWebhook, { mailbox: 'someone@contoso.example' }, { ready: false }), /Mailbox \(mailbox\).*own mailbox/);
    await assert.rejects(world.start(contactChangedWebhook, { contactFolderId: '..' }, { ready: false }), /Contact Folder/);
    assert.equal(world.sb.requests.length, before);
  });
});
