/** Conformance: reply and forward drafts (createReply, createReplyAll, createForward), completed and sent as Graph documents. */
import assert from 'node:assert/strict';
import { GraphErrorBody, GraphItem, enc, sandboxPerTest } from './helpers';

const to = (address: string) => [{ emailAddress: { address } }];
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };

describe('sandbox reply and forward drafts', () => {
  const t = sandboxPerTest();

  const original = (init: Record<string, unknown> = {}): string => t.sb.store.addMessage('inbox', {
    subject: 'Budget 2027', from: { emailAddress: { address: 'lee@fabrikam.example', name: 'Lee' } },
    toRecipients: [...to(t.sb.user.mail), ...to('peer@fabrikam.example')], body: { contentType: 'html', content: '<html><body><p>Numbers?</p></body></html>' },
    ...init,
  }).id as string;

  it('keeps the draft\'s id for its copy in Sent Items when sent with Prefer: IdType="ImmutableId" (outlook-immutable-id, "Immutable ID with sending mail")', async () => {
    const draft = (await t.graph.post(`/me/messages/${enc(original())}/createReply`, { comment: 'soon' }, IMMUTABLE)).json<GraphItem>();
    assert.equal((await t.graph.post(`/me/messages/${enc(draft.id)}/send`, undefined, IMMUTABLE)).status, 202);
    const copy = await t.graph.get(`/me/messages/${enc(draft.id)}`, IMMUTABLE);
    assert.equal(copy.status, 200);
    const sent = copy.json<GraphItem>();
    assert.equal(sent.isDraft, false);
    assert.equal(sent.parentFolderId, t.sb.store.folderId('sentitems'));
    assert.equal(sent.subject, 'RE: Budget 2027');
    assert.equal(t.sb.store.messages('drafts').length, 0);
    assert.equal(t.sb.store.sentMail().length, 1);
  });

  it('gives the sent copy a new id without the immutable-id preference, as any move does', async () => {
    const draft = (await t.graph.post(`/me/messages/${enc(original())}/createReply`, {})).json<GraphItem>();
    await t.graph.post(`/me/messages/${enc(draft.id)}/send`);
    assert.equal((await t.graph.get(`/me/messages/${enc(draft.id)}`)).status, 404);
    assert.equal(t.sb.store.messages('sentitems').length, 1);
  });

  it('answers createReply with the quoted message in HTML when asked with Prefer: outlook.body-content-type', async () => {
    const reply = await t.graph.post(`/me/messages/${enc(original())}/createReply`, {}, { Prefer: 'outlook.body-content-type="html"' });
    assert.equal(reply.status, 201);
    const body = reply.json<{ body: { contentType: string; content: string } }>().body;
    assert.equal(body.contentType, 'html');
    assert.match(body.content, /Numbers\?/);
  });

  it('refuses createReply with both a comment and message.body (message-createreply: "Specifying both will return an HTTP 400")', async () => {
    const reply = await t.graph.post(`/me/messages/${enc(original())}/createReply`, { comment: 'a', message: { body: { contentType: 'text', content: 'b' } } });
    assert.equal(reply.status, 400);
    assert.equal(t.sb.store.messages('drafts').length, 0);
  });

  it('creates a createReplyAll draft to the sender and the other recipients, leaving the mailbox out', async () => {
    const draft = (await t.graph.post(`/me/messages/${enc(original({ ccRecipients: to('cc@fabrikam.example') }))}/createReplyAll`, {})).json<GraphItem>();
    const addresses = (list: unknown) => (list as Array<{ emailAddress: { address: string } }>).map((r) => r.emailAddress.address);
    assert.deepEqual(addresses(draft.toRecipients), ['lee@fabrikam.example', 'peer@fabrikam.example']);
    assert.deepEqual(addresses(draft.ccRecipients), ['cc@fabrikam.example']);
  });

  it('creates a createForward draft without recipients and with the original\'s attachments; PATCH adds them, send delivers', async () => {
    const id = original({ attachments: [{ name: 'numbers.csv', contentType: 'text/csv', content: Buffer.from('a,b') }] });
    const draft = (await t.graph.post(`/me/messages/${enc(id)}/createForward`, { comment: 'fyi' })).json<GraphItem>();
    assert.deepEqual(draft.toRecipients, []);
    assert.equal(draft.subject, 'FW: Budget 2027');
    const refused = await t.graph.post(`/me/messages/${enc(draft.id)}/send`);
    assert.equal(refused.json<GraphErrorBody>().error.code, 'ErrorInvalidRecipients');
    assert.equal((await t.graph.patch(`/me/messages/${enc(draft.id)}`, { toRecipients: to('boss@fabrikam.example') })).status, 200);
    assert.equal((await t.graph.post(`/me/messages/${enc(draft.id)}/send`)).status, 202);
    const [sent] = t.sb.store.sentMail();
    assert.equal(sent.toRecipients?.[0].emailAddress?.address, 'boss@fabrikam.example');
    assert.deepEqual(sent.attachments?.map((a) => a.name), ['numbers.csv']);
  });

  it('creates a draft with POST /messages in Drafts and keeps it a draft through PATCHes; its sent copy is no draft and cannot be sent again', async () => {
    const draft = (await t.graph.post('/me/messages', { subject: 'plan', toRecipients: to('a@fabrikam.example') }, IMMUTABLE)).json<GraphItem>();
    assert.equal(draft.isDraft, true);
    assert.equal(draft.parentFolderId, t.sb.store.folderId('drafts'));
    const patched = (await t.graph.patch(`/me/messages/${enc(draft.id)}`, { subject: 'plan v2', ccRecipients: to('b@fabrikam.example') }, IMMUTABLE)).json<GraphItem>();
    assert.equal(patched.isDraft, true);
    assert.equal((await t.graph.post(`/me/messages/${enc(draft.id)}/send`, undefined, IMMUTABLE)).status, 202);
    const again = await t.graph.post(`/me/messages/${enc(draft.id)}/send`, undefined, IMMUTABLE);
    assert.equal(again.status, 400);
    assert.equal(t.sb.store.sentMail().length, 1);
    const selected = await t.graph.ok<GraphItem>(`/me/messages/${enc(draft.id)}?$select=id,isDraft,subject`, IMMUTABLE);
    assert.deepEqual([selected.isDraft, selected.subject], [false, 'plan v2']);
  });

  it('tells a malformed id (400 ErrorInvalidIdMalformed) from an unknown one (404 ErrorItemNotFound) on createForward', async () => {
    const malformed = await t.graph.post('/me/messages/not-an-id/createForward', {});
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json<GraphErrorBody>().error.code, 'ErrorInvalidIdMalformed');
    const id = original();
    t.sb.store.deleteMessage(id);
    const gone = await t.graph.post(`/me/messages/${enc(id)}/createForward`, {});
    assert.equal(gone.status, 404);
    assert.equal(gone.json<GraphErrorBody>().error.code, 'ErrorItemNotFound');
  });
});
