import assert from 'node:assert/strict';
import nock from 'nock';
import * as sendDraft from '../../../lib/functions/mail/sendDraft';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { SEND_KEY, mark } from '../../../lib/outlook/mail/sendOnce';
import { messageKey } from '../../../lib/platform/idempotency';
import { GRAPH, MESSAGE_ID, assertNothingSent, graphErrorBody, run, runFailing, useNockEnvironment, firstDelivery, earlierDelivery, graphTrap } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const PATH = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;
const SENDING = mark(SEND_KEY, messageKey({ id: 'in-1' }) as string);
const megan = { emailAddress: { address: 'megan@contoso.com' } };
const draft = { id: MESSAGE_ID, isDraft: true, subject: 'Offer', toRecipients: [megan], ccRecipients: [], bccRecipients: [], conversationId: 'c-3' };

describe('sendDraft action', () => {
  useNockEnvironment();
  beforeEach(() => { firstDelivery(); });

  it('reads the draft, marks it, sends it with one POST and emits it as sent', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, draft).patch(PATH, SENDING).reply(200, draft).post(`${PATH}/send`).reply(202);
    const { data } = await run(sendDraft, { messageId: MESSAGE_ID });
    assert.deepEqual(data, [{ sent: true, id: MESSAGE_ID, subject: 'Offer', toRecipients: [megan], ccRecipients: [], bccRecipients: [], conversationId: 'c-3', mailbox: null }]);
  });

  it('refuses a draft without recipients before sending', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, { ...draft, toRecipients: [] });
    const send = nock(GRAPH).post(`${PATH}/send`).reply(202);
    const { error } = await runFailing(sendDraft, { messageId: MESSAGE_ID });
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, /^Draft ID \(messageId\): names a draft without any recipient/);
    assertNothingSent(send);
  });

  it('refuses a received message given as the draft', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, { ...draft, isDraft: false });
    const send = nock(GRAPH).post(`${PATH}/send`).reply(202);
    const { error } = await runFailing(sendDraft, { messageId: MESSAGE_ID });
    assert.match(error.message, /not a draft/);
    assertNothingSent(send);
  });

  it('does not resend when the send answers 503, says so, and leaves the user\'s draft alone', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, draft).patch(PATH).reply(200, draft).post(`${PATH}/send`).reply(503, graphErrorBody('ServiceUnavailable', 'later'), { 'Retry-After': '0' });
    const again = nock(GRAPH).post(`${PATH}/send`).reply(202).delete(PATH).reply(204);
    const { error } = await runFailing(sendDraft, { messageId: MESSAGE_ID });
    assert.ok(error instanceof OutlookError && error.outcomeUnknown);
    assertNothingSent(again);
  });

  it('keeps the draft when Graph refuses a recipient, naming the recipient fields', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, draft).patch(PATH).reply(200, draft).post(`${PATH}/send`).reply(400, graphErrorBody('ErrorInvalidRecipients', 'bad'));
    const deleted = nock(GRAPH).delete(PATH).reply(204);
    const { error } = await runFailing(sendDraft, { messageId: MESSAGE_ID });
    assert.match(error.message, /^Recipients \(to, cc, bcc\)/);
    assertNothingSent(deleted);
  });

  it('finds the copy in Sent Items a first delivery of the same input sent, emits the same result, sends nothing', async () => {
    nock.cleanAll();
    earlierDelivery([{ ...draft, isDraft: false }]);
    const trap = graphTrap();
    const { data } = await run(sendDraft, { messageId: MESSAGE_ID });
    assert.deepEqual(data, [{ sent: true, id: MESSAGE_ID, subject: 'Offer', toRecipients: [megan], ccRecipients: [], bccRecipients: [], conversationId: 'c-3', mailbox: null }]);
    assertNothingSent(trap);
  });

  it('sends a draft the look-up finds still a draft (an earlier delivery marked it but did not send it)', async () => {
    nock.cleanAll();
    earlierDelivery([draft]);
    nock(GRAPH).get(PATH).query(true).reply(200, draft).patch(PATH, SENDING).reply(200, draft).post(`${PATH}/send`).reply(202);
    const { data } = await run(sendDraft, { messageId: MESSAGE_ID });
    assert.equal((data[0] as { sent: boolean }).sent, true);
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('sends a draft once when the input comes again, also after the answer to the send was lost', async () => {
      const { sb } = world;
      const made = sb.store.addMessage('drafts', { subject: 'Once', isDraft: true, toRecipients: [megan] });
      sb.faults.next({ route: 'sendDraft', reset: 'after' });
      const first = await world.run(sendDraft, { messageId: made.id }, { id: 'send-draft-1' });
      assert.ok(first.error instanceof OutlookError && first.error.outcomeUnknown);
      const second = await world.run(sendDraft, { messageId: made.id }, { id: 'send-draft-1' });
      assert.equal(second.error, undefined);
      assert.equal(sb.store.sentMail().length, 1);
      assert.equal(second.data[0].id, made.id);
      const another = await world.run(sendDraft, { messageId: made.id }, { id: 'send-draft-2' });
      assert.ok(another.error instanceof ConfigurationError, 'another input sending a sent draft must be refused');
      assert.equal(sb.store.sentMail().length, 1);
    });

    it('sends a draft once; it becomes the copy in Sent Items under the same id', async () => {
      const { sb } = world;
      const made = sb.store.addMessage('drafts', { subject: 'Ready', isDraft: true, toRecipients: [megan], attachments: [{ name: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') }] });
      const { data, error } = await world.run(sendDraft, { messageId: made.id });
      assert.equal(error, undefined);
      assert.equal(sb.store.sentMail().length, 1);
      assert.deepEqual(sb.store.sentMail()[0].attachments?.map((a) => a.name), ['a.txt']);
      const copy = sb.store.message(String(data[0].id));
      assert.equal(copy?.parentFolderId, sb.store.folderId('sentitems'));
      assert.equal(copy?.isDraft, false);
    });
  });
});
