/** Conformance: single-value extended properties on messages, written on create, PATCH and sendMail, found with $filter. */
import assert from 'node:assert/strict';
import { GraphErrorBody, GraphItem, GraphPage, enc, q, sandboxPerTest } from './helpers';

const to = (address: string) => [{ emailAddress: { address } }];
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
const MARK = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name SendKey';
const mark = (value: string) => ({ singleValueExtendedProperties: [{ id: MARK, value }] });
const having = (id: string, value: string): string => `singleValueExtendedProperties/any(ep: ep/id eq '${id}' and ep/value eq '${value}')`;

describe('sandbox extended properties', () => {
  const t = sandboxPerTest();

  const find = async (filter: string, folder?: string): Promise<GraphItem[]> =>
    (await t.graph.ok<GraphPage>(`${folder ? `/me/mailFolders/${folder}` : '/me'}/messages?$filter=${q(filter)}&$select=id,isDraft,subject`, IMMUTABLE)).value;

  it('stores a property given when a message is created, leaves it out of the answer, and returns it through $expand', async () => {
    const created = await t.graph.post('/me/messages', { subject: 'marked', ...mark('k-1') }, IMMUTABLE);
    assert.equal(created.status, 201);
    const draft = created.json<GraphItem>();
    assert.equal(draft.singleValueExtendedProperties, undefined);
    const expanded = await t.graph.ok<GraphItem>(`/me/messages/${enc(draft.id)}?$expand=${q(`singleValueExtendedProperties($filter=id eq '${MARK}')`)}`, IMMUTABLE);
    assert.deepEqual(expanded.singleValueExtendedProperties, [{ id: MARK, value: 'k-1' }]);
    const other = await t.graph.ok<GraphItem>(`/me/messages/${enc(draft.id)}?$expand=${q("singleValueExtendedProperties($filter=id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Other')")}`, IMMUTABLE);
    assert.equal(other.singleValueExtendedProperties, undefined);
  });

  it('adds a property to an existing message with PATCH, also to one that is not a draft', async () => {
    const received = t.sb.store.addMessage('inbox', { subject: 'received' });
    assert.equal((await t.graph.patch(`/me/messages/${enc(received.id as string)}`, mark('k-2'))).status, 200);
    assert.deepEqual(t.sb.store.extendedProperties(received.id as string), [{ id: MARK, value: 'k-2' }]);
  });

  it('finds messages mailbox-wide by $filter on the property: GUID case-insensitive, name case-sensitive, value case-insensitive', async () => {
    const a = t.sb.store.addMessage('inbox', { subject: 'a', ...mark('Key-A') });
    t.sb.store.addMessage('archive', { subject: 'b', ...mark('key-b') });
    t.sb.store.addMessage('inbox', { subject: 'c' });
    assert.deepEqual((await find(having(MARK, 'key-a'))).map((m) => m.id), [a.id]);
    assert.deepEqual((await find(having(MARK.replace('66f5a359', '66F5A359'), 'KEY-A'))).map((m) => m.subject), ['a']);
    assert.deepEqual(await find(having(MARK.replace('SendKey', 'sendkey'), 'key-a')), []);
    assert.deepEqual((await find(having(MARK, 'key-b'))).map((m) => m.subject), ['b']);
    assert.deepEqual(await find(having(MARK, 'key-b'), 'inbox'), []);
  });

  it('keeps the property on the Sent Items copy of sendMail, but not on a recipient\'s copy', async () => {
    const reply = await t.graph.post('/me/sendMail', { message: { subject: 'tracked', toRecipients: to(t.sb.user.mail), ...mark('k-3') } });
    assert.equal(reply.status, 202);
    const found = await find(having(MARK, 'k-3'));
    assert.equal(found.length, 1);
    assert.equal(found[0].isDraft, false);
    assert.equal(t.sb.store.message(found[0].id)?.parentFolderId, t.sb.store.folderId('sentitems'));
    assert.equal(t.sb.store.messages('inbox').filter((m) => m.subject === 'tracked').length, 1, 'the mail to oneself did not arrive');
    assert.equal(t.sb.store.sentMail()[0].singleValueExtendedProperties, undefined);
  });

  it('keeps the property of a sent draft: the draft and its Sent Items copy are one item under one immutable id', async () => {
    const original = t.sb.store.addMessage('inbox', { subject: 'q', from: { emailAddress: { address: 'lee@fabrikam.example' } } });
    const draft = (await t.graph.post(`/me/messages/${enc(original.id as string)}/createReply`, {}, IMMUTABLE)).json<GraphItem>();
    await t.graph.patch(`/me/messages/${enc(draft.id)}`, mark('k-4'), IMMUTABLE);
    assert.deepEqual((await find(having(MARK, 'k-4'))).map((m) => [m.id, m.isDraft]), [[draft.id, true]]);
    await t.graph.post(`/me/messages/${enc(draft.id)}/send`, undefined, IMMUTABLE);
    assert.deepEqual((await find(having(MARK, 'k-4'), 'sentitems')).map((m) => [m.id, m.isDraft]), [[draft.id, false]]);
  });

  it('sends a draft marked with PidTagDeleteAfterSubmit (Boolean 0x0E01) without keeping a copy', async () => {
    const draft = (await t.graph.post('/me/messages', { subject: 'no copy', toRecipients: to('a@fabrikam.example'), singleValueExtendedProperties: [{ id: 'Boolean 0x0E01', value: 'true' }, { id: MARK, value: 'k-5' }] })).json<GraphItem>();
    assert.equal((await t.graph.post(`/me/messages/${enc(draft.id)}/send`)).status, 202);
    assert.equal(t.sb.store.sentMail().length, 1);
    assert.equal(t.sb.store.messageCount('sentitems'), 0);
    assert.deepEqual(await find(having(MARK, 'k-5')), []);
  });

  it('refuses a malformed property id, and the property in $select', async () => {
    const bad = await t.graph.post('/me/messages', { subject: 'x', singleValueExtendedProperties: [{ id: 'Text SendKey', value: 'v' }] });
    assert.equal(bad.status, 400);
    assert.equal(t.sb.store.messageCount('drafts'), 0);
    const select = await t.graph.get('/me/messages?$select=singleValueExtendedProperties');
    assert.equal(select.status, 400);
    assert.equal(select.json<GraphErrorBody>().error.code, 'RequestBroker--ParseUri');
  });
});
