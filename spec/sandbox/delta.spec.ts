import assert from 'node:assert/strict';
import { GraphErrorBody, GraphItem, GraphPage, T0, enc, q, sandboxPerTest } from './helpers';

const PAGE = { Prefer: 'odata.maxpagesize=50' };

describe('sandbox delta', () => {
  const t = sandboxPerTest({});

  async function round(link: string, headers = PAGE): Promise<{ items: GraphItem[]; deltaLink: string; pages: number }> {
    const result = await t.graph.all(link, headers);
    assert.ok(result.deltaLink, 'a round ends with a deltaLink');
    return { items: result.items, deltaLink: result.deltaLink, pages: result.pages };
  }

  it('pages the first round with $skiptoken nextLinks and ends with a $deltatoken deltaLink', async () => {
    const first = await t.graph.get('/me/mailFolders/inbox/messages/delta?$select=subject,isRead', { Prefer: 'odata.maxpagesize=100' });
    assert.equal(first.headers['preference-applied'], 'odata.maxpagesize=100');
    const page = first.json<GraphPage>();
    assert.equal(page.value.length, 100);
    assert.match(String(page['@odata.nextLink']), new RegExp(`^${t.sb.url}/v1\\.0/me/mailFolders/inbox/messages/delta\\?\\$skiptoken=`));
    const { items, deltaLink } = await round('/me/mailFolders/inbox/messages/delta?$select=subject,isRead', { Prefer: 'odata.maxpagesize=100' });
    assert.equal(new Set(items.map((m) => m.id)).size, t.sb.store.messageCount('inbox'));
    assert.match(deltaLink, /\?\$deltatoken=/);
    assert.deepEqual(Object.keys(items[0]).sort(), ['@odata.etag', '@odata.type', 'id', 'isRead', 'subject']);
  });

  it('returns only created and updated messages in the next round, with the options of the first', async () => {
    const { deltaLink } = await round('/me/mailFolders/inbox/messages/delta?$select=subject');
    const created = t.sb.store.addMessage('inbox', { subject: 'new one' });
    const existing = t.sb.store.messages('inbox')[0];
    t.sb.store.updateMessage(existing.id as string, { isRead: !existing.isRead });
    t.sb.store.addMessage('archive', { subject: 'elsewhere' });
    const next = await round(deltaLink);
    assert.deepEqual(next.items.map((m) => m.id).sort(), [created.id, existing.id].sort());
    assert.deepEqual(Object.keys(next.items[0]).sort(), ['@odata.etag', '@odata.type', 'id', 'subject']);
    const quiet = await round(next.deltaLink);
    assert.equal(quiet.items.length, 0);
  });

  it('reports deleted and moved-out messages as @removed with reason deleted', async () => {
    const { deltaLink } = await round('/me/mailFolders/inbox/messages/delta?$select=subject');
    const [a, b] = t.sb.store.messages('inbox');
    t.sb.store.deleteMessage(a.id as string);
    t.sb.store.moveMessage(b.id as string, 'archive');
    const next = await round(deltaLink);
    const removed = next.items.filter((m) => m['@removed']);
    assert.deepEqual(removed.map((m) => m.id).sort(), [a.id, b.id].sort());
    assert.deepEqual(removed[0]['@removed'], { reason: 'deleted' });
    assert.equal(removed[0]['@odata.type'], '#microsoft.graph.message');
  });

  it('shows a message moved in as an item of the destination folder delta', async () => {
    const { deltaLink } = await round('/me/mailFolders/archive/messages/delta?$select=subject');
    const moved = t.sb.store.moveMessage(t.sb.store.messages('inbox')[0].id as string, 'archive');
    const next = await round(deltaLink);
    assert.deepEqual(next.items.map((m) => m.id), [moved.id]);
  });

  it('filters later rounds with changeType=created', async () => {
    const { deltaLink } = await round('/me/mailFolders/inbox/messages/delta?$select=subject&changeType=created');
    const created = t.sb.store.addMessage('inbox', { subject: 'created' });
    t.sb.store.updateMessage(t.sb.store.messages('inbox')[0].id as string, { isRead: true });
    t.sb.store.deleteMessage(t.sb.store.messages('inbox')[1].id as string);
    const next = await round(deltaLink);
    assert.deepEqual(next.items.map((m) => m.id), [created.id]);
  });

  it('limits the first round with $filter=receivedDateTime ge and keeps the limit in the token', async () => {
    const since = '2026-11-22T00:00:00Z';
    const { items, deltaLink } = await round(`/me/mailFolders/inbox/messages/delta?$select=receivedDateTime&$filter=${q(`receivedDateTime ge ${since}`)}`);
    const expected = t.sb.store.messages('inbox').filter((m) => String(m.receivedDateTime) >= since).length;
    assert.equal(items.length, expected);
    assert.ok(items.every((m) => String(m.receivedDateTime) >= since));
    t.sb.store.addMessage('inbox', { subject: 'old but new', receivedDateTime: '2026-11-01T00:00:00Z' });
    const fresh = t.sb.store.addMessage('inbox', { subject: 'new' });
    assert.deepEqual((await round(deltaLink)).items.map((m) => m.id), [fresh.id]);
  });

  it('refuses any other $filter on message delta with 400', async () => {
    const reply = await t.graph.get(`/me/mailFolders/inbox/messages/delta?$filter=${q('isRead eq false')}`);
    assert.equal(reply.status, 400);
    assert.equal((await t.graph.get('/me/mailFolders/inbox/messages/delta?$search=x')).status, 400);
  });

  it('answers 410 SyncStateNotFound with the generation message for an expired deltaLink, and a fresh round works', async () => {
    const { deltaLink } = await round('/me/mailFolders/inbox/messages/delta?$select=subject');
    t.sb.expireDeltaTokens();
    const reply = await t.graph.get(deltaLink, PAGE);
    assert.equal(reply.status, 410);
    const { error } = reply.json<GraphErrorBody>();
    assert.equal(error.code, 'SyncStateNotFound');
    assert.match(error.message, /^The sync state generation is not found; generation=\d+;\[highest=\d+\]/);
    const again = await round('/me/mailFolders/inbox/messages/delta?$select=subject');
    assert.equal(again.items.length, t.sb.store.messageCount('inbox'));
  });

  it('expires the delta state of one folder only when asked to', async () => {
    const inbox = await round('/me/mailFolders/inbox/messages/delta?$select=subject');
    const archive = await round('/me/mailFolders/archive/messages/delta?$select=subject');
    t.sb.store.expireDeltaTokens('archive');
    assert.equal((await t.graph.get(archive.deltaLink)).status, 410);
    assert.equal((await t.graph.get(inbox.deltaLink)).status, 200);
  });

  it('keeps same-second changes apart: an edit in the same second as the round end comes in the next round', async () => {
    const created = t.sb.store.addMessage('inbox', { subject: 'same second' });
    const { deltaLink } = await round('/me/mailFolders/inbox/messages/delta?$select=subject');
    t.sb.store.updateMessage(created.id as string, { isRead: true });
    const next = await round(deltaLink);
    assert.deepEqual(next.items.map((m) => m.id), [created.id]);
    assert.equal(t.sb.clock.now(), T0);
  });

  it('ends the whole round after one page when $top is used (the reported Graph quirk)', async () => {
    const first = await t.graph.ok<GraphPage>('/me/mailFolders/inbox/messages/delta?$top=5&$select=subject');
    assert.equal(first.value.length, 5);
    assert.equal(first['@odata.nextLink'], undefined);
    assert.ok(first['@odata.deltaLink']);
  });

  it('reports created, updated and deleted contacts in contact delta rounds', async () => {
    const { items, deltaLink } = await round('/me/contactFolders/contacts/contacts/delta?$select=displayName');
    assert.equal(items.length, t.sb.store.contacts('contacts').length);
    const created = t.sb.store.addContact({ givenName: 'Nia', surname: 'Delta' });
    const [existing, doomed] = t.sb.store.contacts('contacts');
    t.sb.store.updateContact(existing.id as string, { jobTitle: 'CTO' });
    t.sb.store.deleteContact(doomed.id as string);
    const next = await round(deltaLink);
    const byId = new Map(next.items.map((c) => [c.id, c]));
    assert.ok(byId.has(created.id as string));
    assert.ok(byId.has(existing.id as string));
    assert.deepEqual(byId.get(doomed.id as string)?.['@removed'], { reason: 'deleted' });
    assert.equal((await t.graph.get('/me/contacts/delta?$filter=x')).status, 400);
  });

  it('serves /me/contacts/delta over the default contact folder', async () => {
    const { items } = await round('/me/contacts/delta');
    assert.equal(items.length, t.sb.store.contacts('contacts').length);
    assert.equal(items[0]['@odata.type'], '#microsoft.graph.contact');
    assert.equal((await t.graph.get(`/me/contactFolders/${enc(t.sb.store.contactFolderId('Suppliers'))}/contacts/delta`)).status, 200);
  });
});
