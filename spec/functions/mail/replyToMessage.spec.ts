import assert from 'node:assert/strict';
import nock from 'nock';
import * as replyToMessage from '../../../lib/functions/mail/replyToMessage';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { DRAFT_KEY, SEND_KEY, mark } from '../../../lib/outlook/mail/sendOnce';
import { messageKey } from '../../../lib/platform/idempotency';
import { MESSAGE_ID, STORAGE, assertNothingSent, graphErrorBody, graphTrap, netError, run, runFailing, useNockEnvironment, firstDelivery, earlierDelivery } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const ORIGINAL = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;
const DRAFT_ID = 'AAMkADraft_reply-1=';
const DRAFT = `/v1.0/me/messages/${encodeURIComponent(DRAFT_ID)}`;
const lee = { emailAddress: { name: 'Lee', address: 'lee@fabrikam.example' } };
/** The marks written on the draft for the input message `in-1` (support/actions.ts). */
const KEY = messageKey({ id: 'in-1' }) as string;
const SENDING = mark(SEND_KEY, KEY);
const KEPT = mark(DRAFT_KEY, KEY);

function draft(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: DRAFT_ID, subject: 'RE: Budget', isDraft: true, toRecipients: [lee], ccRecipients: [], bccRecipients: [], conversationId: 'conv-1',
    body: { contentType: 'html', content: '<html><head></head><body><div>Lee wrote: numbers?</div></body></html>' }, ...extra,
  };
}

interface Seen { method: string; path: string; headers: Record<string, unknown>; body: unknown }

/** Records the requests its reply functions answer, in order. */
function recorder(): { seen: Seen[]; reply(status: number, body?: unknown): (this: nock.ReplyFnContext, uri: string, body: nock.Body) => nock.ReplyFnResult } {
  const seen: Seen[] = [];
  return {
    seen,
    reply: (status, body) => function (this: nock.ReplyFnContext, uri: string, requestBody: nock.Body): nock.ReplyFnResult {
      seen.push({ method: this.req.method, path: uri, headers: { ...this.req.headers }, body: requestBody === '' ? undefined : requestBody });
      return [status, body === undefined ? '' : JSON.stringify(body)];
    },
  };
}

const GRAPH_HOST = 'https://graph.microsoft.com';

describe('replyToMessage action', () => {
  useNockEnvironment();
  beforeEach(() => { firstDelivery(); });

  it('replies with a text comment through createReply, marks the draft in one PATCH, sends it, and emits the reply', async () => {
    const { seen, reply } = recorder();
    nock(GRAPH_HOST).post(`${ORIGINAL}/createReply`, { comment: 'Thanks, numbers follow.' }).reply(reply(201, draft()))
      .patch(DRAFT).reply(reply(200, draft()))
      .post(`${DRAFT}/send`).reply(reply(202));
    const { data } = await run(replyToMessage, { messageId: MESSAGE_ID, comment: 'Thanks, numbers follow.' });
    assert.deepEqual(seen.map((s) => `${s.method} ${s.path}`), [`POST ${ORIGINAL}/createReply`, `PATCH ${DRAFT}`, `POST ${DRAFT}/send`]);
    assert.deepEqual(seen[1].body, SENDING);
    assert.deepEqual(data, [{
      sent: true, id: DRAFT_ID, messageId: MESSAGE_ID, subject: 'RE: Budget', toRecipients: [lee], ccRecipients: [], bccRecipients: [],
      conversationId: 'conv-1', attachments: [], mailbox: null,
    }]);
  });

  it('replies to all with an HTML comment written above the quoted message, and the extra Cc, in one PATCH', async () => {
    const { seen, reply } = recorder();
    const patched = draft({ ccRecipients: [{ emailAddress: { address: 'peer@fabrikam.example' } }, { emailAddress: { address: 'megan@contoso.com' } }] });
    nock(GRAPH_HOST).post(`${ORIGINAL}/createReplyAll`, {}).reply(reply(201, draft({ ccRecipients: [{ emailAddress: { address: 'peer@fabrikam.example' } }] })))
      .patch(DRAFT).reply(reply(200, patched))
      .post(`${DRAFT}/send`).reply(reply(202));
    const { data } = await run(replyToMessage, { messageId: MESSAGE_ID, replyAll: true, comment: '<p>See <b>below</b></p>', contentType: 'html', cc: 'megan@contoso.com; PEER@fabrikam.example' });
    assert.match(String(seen[0].headers.prefer), /outlook\.body-content-type="html"/);
    assert.match(String(seen[0].headers.prefer), /IdType="ImmutableId"/);
    assert.deepEqual(seen[1].body, {
      ccRecipients: [{ emailAddress: { address: 'peer@fabrikam.example' } }, { emailAddress: { address: 'megan@contoso.com' } }],
      body: { contentType: 'html', content: '<html><head></head><body><p>See <b>below</b></p><div>Lee wrote: numbers?</div></body></html>' },
      ...SENDING,
    });
    assert.deepEqual((data[0] as { ccRecipients: unknown }).ccRecipients, patched.ccRecipients);
  });

  it('attaches files from object storage to the draft before sending it, from a shared mailbox', async () => {
    const shared = '/v1.0/users/support%40contoso.com/messages';
    const content = Buffer.from('%PDF-1.7 agenda');
    nock(STORAGE).get('/objects/agenda').reply(200, content, { 'Content-Type': 'application/pdf' });
    const { seen, reply } = recorder();
    firstDelivery('/v1.0/users/support%40contoso.com');
    nock(GRAPH_HOST).post(`${shared}/${encodeURIComponent(MESSAGE_ID)}/createReply`).reply(reply(201, draft()))
      .patch(`${shared}/${encodeURIComponent(DRAFT_ID)}`, SENDING).reply(reply(200, draft()))
      .post(`${shared}/${encodeURIComponent(DRAFT_ID)}/attachments`).reply(reply(201, { id: 'att-1' }))
      .post(`${shared}/${encodeURIComponent(DRAFT_ID)}/send`).reply(reply(202));
    const { data } = await run(replyToMessage, { messageId: MESSAGE_ID, mailbox: 'support@contoso.com', attachments: [{ name: 'agenda.pdf', url: `${STORAGE}/objects/agenda` }] });
    assert.deepEqual(seen[2].body, { '@odata.type': '#microsoft.graph.fileAttachment', name: 'agenda.pdf', contentType: 'application/pdf', contentBytes: content.toString('base64') });
    assert.deepEqual((data[0] as { attachments: unknown }).attachments, ['agenda.pdf']);
    assert.equal((data[0] as { mailbox: unknown }).mailbox, 'support@contoso.com');
  });

  it('keeps the reply in Drafts with Save as Draft: nothing is sent and the output says so', async () => {
    nock(GRAPH_HOST).post(`${ORIGINAL}/createReply`).reply(201, draft()).patch(DRAFT, KEPT).reply(200, draft());
    const send = nock(GRAPH_HOST).post(`${DRAFT}/send`).reply(202);
    const { data } = await run(replyToMessage, { messageId: MESSAGE_ID, comment: 'draft only' }, { saveAsDraft: true });
    assert.equal((data[0] as { sent: boolean }).sent, false);
    assert.equal((data[0] as { id: string }).id, DRAFT_ID);
    assertNothingSent(send);
  });

  it('names Message ID (messageId) when Graph does not know the message, keeping Graph\'s code and request-id', async () => {
    nock(GRAPH_HOST).post(`${ORIGINAL}/createReply`).reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-404'), { 'request-id': 'req-404' });
    const { error } = await runFailing(replyToMessage, { messageId: MESSAGE_ID });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Message ID \(messageId\): no message with this id in the mailbox of the signed-in user/);
    assert.equal(error.code, 'ErrorItemNotFound');
    assert.equal(error.requestId, 'req-404');
  });

  it('deletes the draft and sends nothing when attaching a file fails', async () => {
    nock(STORAGE).get('/objects/a').reply(200, Buffer.from('abc'));
    nock(GRAPH_HOST).post(`${ORIGINAL}/createReply`).reply(201, draft()).patch(DRAFT, SENDING).reply(200, draft())
      .post(`${DRAFT}/attachments`).reply(507, graphErrorBody('ErrorQuotaExceeded', 'The mailbox is full.'))
      .delete(DRAFT).reply(204);
    const send = nock(GRAPH_HOST).post(`${DRAFT}/send`).reply(202);
    const { error, ctx } = await runFailing(replyToMessage, { messageId: MESSAGE_ID, attachments: [{ name: 'a.txt', url: `${STORAGE}/objects/a` }] });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'ErrorQuotaExceeded');
    assert.match(ctx.logText(), /its draft was deleted/);
    assertNothingSent(send);
  });

  it('does not send twice when the send times out: says the outcome is unknown and keeps the draft', async () => {
    nock(GRAPH_HOST).post(`${ORIGINAL}/createReply`).reply(201, draft()).patch(DRAFT, SENDING).reply(200, draft())
      .post(`${DRAFT}/send`).replyWithError(netError('ETIMEDOUT', 'timeout of 100000ms exceeded'));
    const again = nock(GRAPH_HOST).post(`${DRAFT}/send`).reply(202).delete(DRAFT).reply(204);
    const { error } = await runFailing(replyToMessage, { messageId: MESSAGE_ID, comment: 'x' });
    assert.ok(error instanceof OutlookError && error.outcomeUnknown, error.message);
    assert.match(error.message, /may or may not have been sent/);
    assertNothingSent(again);
  });

  describe('a redelivered input message', () => {
    it('finds the reply its first delivery sent and emits the same result, without writing anything', async () => {
      nock.cleanAll();
      earlierDelivery([{ id: DRAFT_ID, isDraft: false, subject: 'RE: Budget', toRecipients: [lee], ccRecipients: [], bccRecipients: [], conversationId: 'conv-1' }]);
      const trap = graphTrap();
      const { data, ctx } = await run(replyToMessage, { messageId: MESSAGE_ID, comment: 'Thanks, numbers follow.' });
      assert.deepEqual(data, [{
        sent: true, id: DRAFT_ID, messageId: MESSAGE_ID, subject: 'RE: Budget', toRecipients: [lee], ccRecipients: [], bccRecipients: [],
        conversationId: 'conv-1', attachments: [], mailbox: null,
      }]);
      assert.match(ctx.logText(), /already sent this mail/);
      assertNothingSent(trap);
    });

    it('deletes the unsent draft its first delivery left, and builds the reply again', async () => {
      nock.cleanAll();
      earlierDelivery([{ id: 'AAMkOld-draft=', isDraft: true }]);
      nock(GRAPH_HOST).delete('/v1.0/me/messages/AAMkOld-draft%3D').reply(404, graphErrorBody('ErrorItemNotFound', 'gone'))
        .post(`${ORIGINAL}/createReply`).reply(201, draft()).patch(DRAFT, SENDING).reply(200, draft()).post(`${DRAFT}/send`).reply(202);
      const { data } = await run(replyToMessage, { messageId: MESSAGE_ID });
      assert.equal((data[0] as { sent: boolean }).sent, true);
    });

    it('with Save as Draft, finds the complete draft its first delivery kept and emits it again', async () => {
      nock.cleanAll();
      earlierDelivery([{ id: DRAFT_ID, isDraft: true, subject: 'RE: Budget', toRecipients: [lee] }]);
      const trap = graphTrap();
      const { data } = await run(replyToMessage, { messageId: MESSAGE_ID, saveAsDraft: true });
      assert.deepEqual([(data[0] as { sent: boolean }).sent, (data[0] as { id: string }).id], [false, DRAFT_ID]);
      assertNothingSent(trap);
    });
  });

  describe('validates before any request', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a malformed extra Cc address', { messageId: MESSAGE_ID, cc: 'ok@contoso.com, nope@' }, 'Cc (cc'],
      ['a message id that would address another resource', { messageId: '..' }, 'Message ID (messageId)'],
      ['no message id', { comment: 'hello' }, 'Message ID (messageId)'],
      ['a comment above 4 MB', { messageId: MESSAGE_ID, comment: 'x'.repeat(4 * 1024 * 1024) }, 'Comment (comment)'],
      ['attachments declared above 150 MB', { messageId: MESSAGE_ID, attachments: [{ name: 'big.iso', url: `${STORAGE}/objects/1`, size: 151 * 1024 * 1024 }] }, 'Attachments (attachments)'],
    ];
    for (const [what, body, field] of cases) {
      it(`refuses ${what}, naming ${field}`, async () => {
        const trap = graphTrap();
        const { error } = await runFailing(replyToMessage, body);
        assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
        assert.ok(error.field.startsWith(field), error.field);
        assertNothingSent(trap);
      });
    }

    it('refuses an attachment whose URL fails, naming it, before any Graph request', async () => {
      nock(STORAGE).get('/objects/gone').reply(404);
      const trap = graphTrap();
      const { error } = await runFailing(replyToMessage, { messageId: MESSAGE_ID, attachments: [{ name: 'x.pdf', url: `${STORAGE}/objects/gone` }] });
      assert.match(error.message, /^attachments\[0\]: .*HTTP 404/);
      assertNothingSent(trap);
    });
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('sends a reply-all with an HTML comment, an extra Cc and a file: one mail, quoting the original, in its conversation', async () => {
      const { sb } = world;
      const original = sb.store.addMessage('inbox', {
        subject: 'Budget', from: { emailAddress: { address: 'lee@fabrikam.example' } },
        toRecipients: [{ emailAddress: { address: sb.user.mail } }, { emailAddress: { address: 'peer@fabrikam.example' } }],
        body: { contentType: 'html', content: '<html><body><p>Numbers?</p></body></html>' },
      });
      const file = world.stored('numbers.csv', Buffer.from('q1,q2\n1,2\n'), 'text/csv');
      const { data, error } = await world.run(replyToMessage, { messageId: original.id, replyAll: true, comment: '<p>Attached.</p>', contentType: 'html', cc: 'megan@contoso.com', attachments: [file] });
      assert.equal(error, undefined);
      const [mail] = sb.store.sentMail();
      assert.equal(sb.store.sentMail().length, 1);
      assert.equal(mail.subject, 'RE: Budget');
      assert.deepEqual(mail.toRecipients?.map((r) => r.emailAddress?.address), ['lee@fabrikam.example', 'peer@fabrikam.example']);
      assert.deepEqual(mail.ccRecipients?.map((r) => r.emailAddress?.address), ['megan@contoso.com']);
      assert.match(String(mail.body?.content), /<p>Attached\.<\/p>.*Numbers\?/s);
      assert.deepEqual(mail.attachments?.map((a) => a.name), ['numbers.csv']);
      assert.equal(mail.conversationId, original.conversationId);
      const out = data[0];
      assert.equal(out.sent, true);
      const copy = sb.store.message(String(out.id));
      assert.equal(copy?.parentFolderId, sb.store.folderId('sentitems'), 'the emitted id is not the copy in Sent Items');
    });

    it('sends once when the input is delivered again after the answer to the send was lost, and emits the same result', async () => {
      const { sb } = world;
      const original = sb.store.addMessage('inbox', { subject: 'Twice?', from: { emailAddress: { address: 'lee@fabrikam.example' } } });
      sb.faults.next({ route: 'sendDraft', reset: 'after' });
      const first = await world.run(replyToMessage, { messageId: original.id, comment: 'once' }, { id: 'same-input' });
      assert.match(String(first.error?.message), /may or may not have been sent/);
      const second = await world.run(replyToMessage, { messageId: original.id, comment: 'once' }, { id: 'same-input' });
      const third = await world.run(replyToMessage, { messageId: original.id, comment: 'once' }, { id: 'same-input' });
      assert.equal(sb.store.sentMail().length, 1);
      assert.deepEqual(third.data, second.data);
      assert.equal(second.data[0].id, sb.store.messages('sentitems')[0].id);
      const other = await world.run(replyToMessage, { messageId: original.id, comment: 'once' }, { id: 'another-input' });
      assert.equal(other.error, undefined);
      assert.equal(sb.store.sentMail().length, 2, 'another input message is another reply');
    });

    it('keeps a reply as a draft with Save as Draft, with its file, and sends nothing', async () => {
      const { sb } = world;
      const original = sb.store.addMessage('inbox', { subject: 'Later', from: { emailAddress: { address: 'lee@fabrikam.example' } } });
      const file = world.stored('draft.txt', Buffer.from('text'), 'text/plain');
      const { data } = await world.run(replyToMessage, { messageId: original.id, comment: 'not yet', saveAsDraft: true, attachments: [file] });
      assert.equal(sb.store.sentMail().length, 0);
      const kept = sb.store.message(String(data[0].id));
      assert.equal(kept?.isDraft, true);
      assert.equal(kept?.hasAttachments, true);
    });

    it('fails naming the message id for an event id given as messageId, and leaves nothing behind', async () => {
      const { sb } = world;
      const { error } = await world.run(replyToMessage, { messageId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=' });
      assert.ok(error instanceof OutlookError, String(error));
      assert.match(error.message, /^Message ID \(messageId\): no message with this id/);
      assert.equal(sb.store.messages('drafts').length, 0);
    });
  });
});
