import assert from 'node:assert/strict';
import nock from 'nock';
import * as forwardMessage from '../../../lib/functions/mail/forwardMessage';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { SEND_KEY, mark } from '../../../lib/outlook/mail/sendOnce';
import { messageKey } from '../../../lib/platform/idempotency';
import { GRAPH, MESSAGE_ID, STORAGE, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment , firstDelivery } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const ORIGINAL = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;
const DRAFT_ID = 'AAMkADraft_fw-1=';
const DRAFT = `/v1.0/me/messages/${encodeURIComponent(DRAFT_ID)}`;
const SENDING = mark(SEND_KEY, messageKey({ id: 'in-1' }) as string);
const megan = { emailAddress: { address: 'megan@contoso.com', name: 'Megan Bowen' } };

function draft(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: DRAFT_ID, subject: 'FW: Budget', isDraft: true, toRecipients: [], ccRecipients: [], bccRecipients: [], conversationId: 'conv-2', ...extra };
}

describe('forwardMessage action', () => {
  useNockEnvironment();
  beforeEach(() => { firstDelivery(); });

  it('forwards through createForward with the comment, sets the recipients in one PATCH, then sends', async () => {
    const bodies: unknown[] = [];
    nock(GRAPH)
      .post(`${ORIGINAL}/createForward`, { comment: 'FYI' }).reply(201, draft())
      .patch(DRAFT, (body: unknown) => { bodies.push(body); return true; }).reply(200, draft({ toRecipients: [megan], bccRecipients: [{ emailAddress: { address: 'audit@contoso.com' } }] }))
      .post(`${DRAFT}/send`).reply(202);
    const { data } = await run(forwardMessage, { messageId: MESSAGE_ID, to: 'Megan Bowen <megan@contoso.com>', bcc: 'audit@contoso.com', comment: 'FYI' });
    assert.deepEqual(bodies, [{ toRecipients: [megan], bccRecipients: [{ emailAddress: { address: 'audit@contoso.com' } }], ...SENDING }]);
    assert.deepEqual(data, [{
      sent: true, id: DRAFT_ID, messageId: MESSAGE_ID, subject: 'FW: Budget', toRecipients: [megan], ccRecipients: [],
      bccRecipients: [{ emailAddress: { address: 'audit@contoso.com' } }], conversationId: 'conv-2', attachments: [], mailbox: null,
    }]);
  });

  it('accepts the earlier component\'s toRecipients list', async () => {
    nock(GRAPH).post(`${ORIGINAL}/createForward`).reply(201, draft())
      .patch(DRAFT, { toRecipients: [megan], ...SENDING }).reply(200, draft({ toRecipients: [megan] }))
      .post(`${DRAFT}/send`).reply(202);
    await run(forwardMessage, { id: MESSAGE_ID, toRecipients: [{ emailAddress: { address: 'megan@contoso.com', name: 'Megan Bowen' } }] });
  });

  it('reports Graph\'s refusal of a recipient naming the recipient fields, and deletes the draft it made', async () => {
    nock(GRAPH).post(`${ORIGINAL}/createForward`).reply(201, draft())
      .patch(DRAFT).reply(200, draft({ toRecipients: [megan] }))
      .post(`${DRAFT}/send`).reply(400, graphErrorBody('ErrorInvalidRecipients', 'At least one recipient is not valid.', 'req-9'), { 'request-id': 'req-9' })
      .delete(DRAFT).reply(204);
    const { error } = await runFailing(forwardMessage, { messageId: MESSAGE_ID, to: 'megan@contoso.com' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Recipients \(to, cc, bcc\): Outlook refused at least one recipient/);
    assert.equal(error.requestId, 'req-9');
  });

  describe('validates before any request', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['no recipient at all', { messageId: MESSAGE_ID, comment: 'fyi' }, 'To (to)'],
      ['a malformed address', { messageId: MESSAGE_ID, to: 'megan@' }, 'To (to)'],
      ['a comment that is neither text nor {content}', { messageId: MESSAGE_ID, to: 'a@contoso.com', comment: { content: 42 } }, 'Comment (comment)'],
      ['an attachment URL that is not http(s)', { messageId: MESSAGE_ID, to: 'a@contoso.com', attachments: [{ name: 'p', url: 'file:///etc/passwd' }] }, 'Attachments (attachments[0].url)'],
    ];
    for (const [what, body, field] of cases) {
      it(`refuses ${what}, naming ${field}`, async () => {
        const trap = graphTrap();
        const { error } = await runFailing(forwardMessage, body);
        assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
        assert.ok(error.field.startsWith(field), error.field);
        assertNothingSent(trap);
      });
    }

    it('refuses an attachment whose object-storage URL fails, before any Graph request', async () => {
      nock(STORAGE).get('/objects/expired').reply(403);
      const trap = graphTrap();
      const { error } = await runFailing(forwardMessage, { messageId: MESSAGE_ID, to: 'a@contoso.com', attachments: [{ name: 'x', url: `${STORAGE}/objects/expired` }] });
      assert.match(error.message, /^attachments\[0\]: /);
      assertNothingSent(trap);
    });
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('forwards once when an execution that sent dies before the platform hears of it and the input comes again', async () => {
      const { sb } = world;
      const original = sb.store.addMessage('inbox', { subject: 'Pass on', from: { emailAddress: { address: 'lee@fabrikam.example' } } });
      const first = await world.run(forwardMessage, { messageId: original.id, to: 'legal@contoso.com' }, { id: 'fw-1' });
      const again = await world.run(forwardMessage, { messageId: original.id, to: 'legal@contoso.com' }, { id: 'fw-1' });
      assert.equal(sb.store.sentMail().length, 1);
      assert.deepEqual(again.data, first.data);
      assert.match(again.ctx.logText(), /already sent this mail/);
    });

    it('forwards a message with its attachment and one more, large enough for an upload session: one mail', async () => {
      const { sb } = world;
      const original = sb.store.addMessage('inbox', {
        subject: 'Contract', from: { emailAddress: { address: 'lee@fabrikam.example' } },
        attachments: [{ name: 'contract.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF contract') }],
      });
      const big = world.stored('scan.tif', Buffer.alloc(3 * 1024 * 1024 + 5, 9), 'image/tiff');
      const { data, error } = await world.run(forwardMessage, { messageId: original.id, to: 'legal@contoso.com', comment: 'Please review.', attachments: [big] });
      assert.equal(error, undefined);
      assert.equal(sb.store.sentMail().length, 1);
      const [mail] = sb.store.sentMail();
      assert.equal(mail.subject, 'FW: Contract');
      assert.deepEqual(mail.attachments?.map((a) => a.name).sort(), ['contract.pdf', 'scan.tif']);
      assert.match(String(mail.body?.content), /Please review\./);
      assert.equal(sb.counters().createUploadSession, 1);
      assert.deepEqual(data[0].attachments, ['scan.tif']);
    });
  });
});
