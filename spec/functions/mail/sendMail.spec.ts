import assert from 'node:assert/strict';
import nock from 'nock';
import * as sendMail from '../../../lib/functions/mail/sendMail';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { OutlookError } from '../../../lib/outlook/errors';
import { SEND_KEY } from '../../../lib/outlook/mail/sendOnce';
import { messageKey } from '../../../lib/platform/idempotency';
import { useSandbox } from '../support/sandbox';
import { ACCESS_TOKEN, assertNothingSent, CFG, earlierDelivery, firstDelivery, GRAPH, graphErrorBody, graphTrap, isMarkLookup, netError, run, runFailing, STORAGE, STORAGE_TOKEN, useNockEnvironment } from '../support/actions';

interface Seen { path: string; headers: Record<string, string | string[] | undefined>; body: unknown }

/** Records each request a reply function answers (path, headers, parsed body). */
function recorder(): { seen: Seen[]; reply(status: number, body?: unknown, headers?: Record<string, string>): (this: nock.ReplyFnContext, uri: string, body: nock.Body) => nock.ReplyFnResult } {
  const seen: Seen[] = [];
  return {
    seen,
    reply: (status, body, headers) => function (this: nock.ReplyFnContext, uri: string, requestBody: nock.Body): nock.ReplyFnResult {
      seen.push({ path: uri, headers: { ...this.req.headers }, body: requestBody });
      return [status, body === undefined ? '' : JSON.stringify(body), headers ?? {}];
    },
  };
}

/** The mark the mail carries: the key of this step (none set) and the input message `in-1` (support/actions.ts). */
const MARK = { id: SEND_KEY, value: messageKey({ id: 'in-1' }) as string };

describe('sendMail action', () => {
  useNockEnvironment();
  beforeEach(() => { firstDelivery(); });

  it('sends one POST /me/sendMail with parsed recipients and saveToSentItems true by default', async () => {
    const rec = recorder();
    nock(GRAPH).post('/v1.0/me/sendMail').reply(rec.reply(202));
    const { data, result } = await run(sendMail, {
      to: 'Ann <ann@contoso.com>, "Doe, John" <john@contoso.com>; bob@fabrikam.com',
      cc: ['carol@contoso.com'],
      bcc: [{ address: 'audit@contoso.com', name: 'Audit' }],
      subject: 'Quarterly report',
      body: 'Hello',
    });
    assert.equal(result, undefined);
    assert.deepEqual(rec.seen[0].body, {
      message: {
        subject: 'Quarterly report',
        body: { contentType: 'text', content: 'Hello' },
        toRecipients: [
          { emailAddress: { address: 'ann@contoso.com', name: 'Ann' } },
          { emailAddress: { address: 'john@contoso.com', name: 'Doe, John' } },
          { emailAddress: { address: 'bob@fabrikam.com' } },
        ],
        ccRecipients: [{ emailAddress: { address: 'carol@contoso.com' } }],
        bccRecipients: [{ emailAddress: { address: 'audit@contoso.com', name: 'Audit' } }],
        singleValueExtendedProperties: [MARK],
      },
      saveToSentItems: true,
    });
    assert.equal(rec.seen[0].headers.authorization, `Bearer ${ACCESS_TOKEN}`);
    assert.deepEqual(data, [{
      sent: true, subject: 'Quarterly report', to: ['ann@contoso.com', 'john@contoso.com', 'bob@fabrikam.com'],
      cc: ['carol@contoso.com'], bcc: ['audit@contoso.com'], attachments: [], saveToSentItems: true, mailbox: null,
    }]);
  });

  it('honours saveToSentItems false (the old component always sent true)', async () => {
    for (const value of [false, 'false']) {
      const rec = recorder();
      nock(GRAPH).post('/v1.0/me/sendMail').reply(rec.reply(202));
      await run(sendMail, { to: 'a@contoso.com', subject: 's', saveToSentItems: value });
      assert.equal((rec.seen[0].body as { saveToSentItems: boolean }).saveToSentItems, false);
    }
  });

  it('sends from a shared mailbox through /users/{encoded UPN} with html body, importance, replyTo and x- headers', async () => {
    const rec = recorder();
    firstDelivery('/v1.0/users/support%2Beu%40contoso.com');
    nock(GRAPH).post('/v1.0/users/support%2Beu%40contoso.com/sendMail').reply(rec.reply(202));
    await run(sendMail, {
      to: 'a@contoso.com', subject: 'Ticket 42', body: '<p>Hi</p>', contentType: 'HTML', importance: 'High',
      replyTo: 'helpdesk@contoso.com', headers: { 'X-Ticket-Id': '42' }, mailbox: 'support+eu@contoso.com',
    });
    const message = (rec.seen[0].body as { message: Record<string, unknown> }).message;
    assert.deepEqual(message.body, { contentType: 'html', content: '<p>Hi</p>' });
    assert.equal(message.importance, 'high');
    assert.deepEqual(message.replyTo, [{ emailAddress: { address: 'helpdesk@contoso.com' } }]);
    assert.deepEqual(message.internetMessageHeaders, [{ name: 'X-Ticket-Id', value: '42' }]);
  });

  describe('validates before sending anything', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['an invalid cc address', { to: 'a@contoso.com', cc: 'b@contoso.com; not-an-address' }, 'Cc (cc)'],
      ['no recipient at all', { subject: 'x' }, 'To (to)'],
      ['a custom header without x- prefix', { to: 'a@contoso.com', headers: { 'Reply-By': 'x' } }, 'Custom Headers (headers)'],
      ['a header value with a line break', { to: 'a@contoso.com', headers: { 'X-A': 'x\r\nBcc: evil@x.com' } }, 'Custom Headers (headers)'],
      ['an unknown importance', { to: 'a@contoso.com', importance: 'urgent' }, 'Importance (importance)'],
      ['an attachment without url', { to: 'a@contoso.com', attachments: [{ name: 'a.txt' }] }, 'Attachments (attachments[0].url)'],
      ['declared attachments above 150 MB', { to: 'a@contoso.com', attachments: [{ name: 'big.iso', url: `${STORAGE}/objects/1`, size: 151 * 1024 * 1024 }] }, 'Attachments (attachments)'],
      ['a mailbox that would address another resource', { to: 'a@contoso.com', mailbox: '..' }, 'Mailbox (mailbox)'],
      ['a body that no 4 MB request can carry', { to: 'a@contoso.com', body: 'x'.repeat(4 * 1024 * 1024) }, 'Body (body)'],
    ];
    for (const [what, body, field] of cases) {
      it(`rejects ${what} naming "${field}"`, async () => {
        const trap = graphTrap();
        const storage = nock(STORAGE).get(/.*/).reply(200, 'x');
        const { error } = await runFailing(sendMail, body);
        assert.ok(error instanceof ConfigurationError, `expected a ConfigurationError, got ${error.name}: ${error.message}`);
        assert.equal(error.field, field);
        assert.equal(storage.isDone(), false, 'an attachment was fetched although validation failed');
        assertNothingSent(trap);
      });
    }
  });

  describe('never sends twice', () => {
    const failures: Array<[string, (scope: nock.Interceptor) => nock.Scope]> = [
      ['times out', (i) => i.replyWithError(netError('ETIMEDOUT', 'timeout of 100000ms exceeded'))],
      ['loses the connection', (i) => i.replyWithError(netError('ECONNRESET', 'socket hang up'))],
      ['answers 503', (i) => i.reply(503, graphErrorBody('ServiceUnavailable', 'try later'), { 'Retry-After': '0' })],
      ['answers 504', (i) => i.reply(504, graphErrorBody('GatewayTimeout', 'gateway'))],
    ];
    for (const [what, fail] of failures) {
      it(`does not resend mail when sendMail ${what}, and says it may or may not have been sent`, async () => {
        fail(nock(GRAPH).post('/v1.0/me/sendMail'));
        const again = nock(GRAPH).post('/v1.0/me/sendMail').reply(202);
        const { error } = await runFailing(sendMail, { to: 'a@contoso.com', subject: 'Invoice' });
        assert.ok(error instanceof OutlookError);
        assert.equal(error.outcomeUnknown, true);
        assert.match(error.message, /may or may not have been sent/);
        assert.match(error.message, /not sent again/);
        assertNothingSent(again);
      });
    }
  });

  describe('a redelivered input message', () => {
    const input = { to: 'a@contoso.com', subject: 'Invoice', attachments: [{ name: 'i.pdf', url: `${STORAGE}/objects/i`, contentType: 'application/pdf', size: 10 }] };

    it('finds the mail its first delivery sent in the mailbox, emits the same result and sends nothing', async () => {
      nock.cleanAll();
      earlierDelivery([{ id: 'AAMkSent-1=', isDraft: false, subject: 'Invoice' }]);
      const trap = graphTrap();
      const storage = nock(STORAGE).get('/objects/i').reply(200, 'x');
      const { data, ctx } = await run(sendMail, input);
      assert.deepEqual(data, [{
        sent: true, subject: 'Invoice', to: ['a@contoso.com'], cc: [], bcc: [], attachments: [{ name: 'i.pdf', contentType: 'application/pdf', size: 10 }],
        saveToSentItems: true, mailbox: null,
      }]);
      assert.match(ctx.logText(), /already sent this mail/);
      assert.equal(storage.isDone(), false, 'the attachment was fetched again');
      assertNothingSent(trap);
    });

    it('deletes a draft its first delivery left unsent, then sends the mail', async () => {
      nock.cleanAll();
      earlierDelivery([{ id: 'AAMkDraft-9=', isDraft: true }]);
      nock(STORAGE).get('/objects/i').reply(200, Buffer.alloc(10, 1));
      nock(GRAPH).delete('/v1.0/me/messages/AAMkDraft-9%3D').reply(204).post('/v1.0/me/sendMail').reply(202);
      const { data } = await run(sendMail, input);
      assert.equal(data.length, 1);
    });

    it('looks for the mark of this step and this message: another step, or another message, is another mail', async () => {
      nock.cleanAll();
      const filters: string[] = [];
      nock(GRAPH).get('/v1.0/me/messages').query((q) => { filters.push(String(q.$filter)); return isMarkLookup(q); }).times(2).reply(200, { value: [] })
        .post('/v1.0/me/sendMail').times(2).reply(202);
      await run(sendMail, { to: 'a@contoso.com' });
      process.env.ELASTICIO_STEP_ID = 'step_2';
      try {
        await run(sendMail, { to: 'a@contoso.com' });
      } finally {
        delete process.env.ELASTICIO_STEP_ID;
      }
      assert.equal(filters[0], `singleValueExtendedProperties/any(ep: ep/id eq '${SEND_KEY}' and ep/value eq '${MARK.value}')`);
      assert.notEqual(filters[1], filters[0]);
    });

    it('sends nothing when the look-up fails, and says why', async () => {
      nock.cleanAll();
      nock(GRAPH).get('/v1.0/me/messages').query(isMarkLookup).reply(400, graphErrorBody('ErrorInvalidProperty', 'bad filter', 'req-l'), { 'request-id': 'req-l' });
      const send = nock(GRAPH).post('/v1.0/me/sendMail').reply(202);
      const { error } = await runFailing(sendMail, { to: 'a@contoso.com' });
      assert.ok(error instanceof GraphError);
      assert.equal(error.requestId, 'req-l');
      assertNothingSent(send);
    });
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('sends once for an input delivered again after the answer to sendMail was lost, small or large', async () => {
      const { sb } = world;
      sb.faults.next({ route: 'sendMail', reset: 'after' });
      const small = await world.run(sendMail, { to: 'a@fabrikam.example', subject: 'small' }, { id: 'mail-1' });
      assert.match(String(small.error?.message), /may or may not have been sent/);
      const again = await world.run(sendMail, { to: 'a@fabrikam.example', subject: 'small' }, { id: 'mail-1' });
      assert.equal(again.data.length, 1);
      const file = world.stored('big.bin', Buffer.alloc(4 * 1024 * 1024, 2), 'application/octet-stream');
      sb.faults.next({ route: 'sendDraft', reset: 'after' });
      await world.run(sendMail, { to: 'a@fabrikam.example', subject: 'large', attachments: [file] }, { id: 'mail-2' });
      const large = await world.run(sendMail, { to: 'a@fabrikam.example', subject: 'large', attachments: [file] }, { id: 'mail-2' });
      assert.equal(large.data.length, 1);
      assert.deepEqual(sb.store.sentMail().map((m) => m.subject), ['small', 'large']);
    });

    it('cannot recognise a redelivery when Save to Sent Items is off: no copy is left to find (README, limits)', async () => {
      const { sb } = world;
      await world.run(sendMail, { to: 'a@fabrikam.example', subject: 'no copy', saveToSentItems: false }, { id: 'mail-3' });
      await world.run(sendMail, { to: 'a@fabrikam.example', subject: 'no copy', saveToSentItems: false }, { id: 'mail-3' });
      assert.equal(sb.store.sentMail().length, 2);
    });
  });

  it('names the recipient fields when Graph refuses a recipient', async () => {
    nock(GRAPH).post('/v1.0/me/sendMail')
      .reply(400, graphErrorBody('ErrorInvalidRecipients', 'At least one recipient is not valid.', 'req-77'), { 'request-id': 'req-77' });
    const { error } = await runFailing(sendMail, { to: 'nobody@contoso.invalid', subject: 's' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Recipients \(to, cc, bcc\)/);
    assert.match(error.message, /ErrorInvalidRecipients/);
    assert.match(error.message, /req-77/);
    assert.equal(error.outcomeUnknown, false);
  });

  it('lets other Graph errors propagate with code and request-id', async () => {
    nock(GRAPH).post('/v1.0/me/sendMail').reply(409, graphErrorBody('ErrorIrresolvableConflict', 'Conflict.'), { 'request-id': 'req-409' });
    const { error } = await runFailing(sendMail, { to: 'a@contoso.com' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'ErrorIrresolvableConflict');
    assert.equal(error.requestId, 'req-409');
  });

  describe('a 403 in words a flow designer understands', () => {
    const SHARED = '/v1.0/users/shared%40contoso.com/sendMail';
    const denied = (): nock.Scope => firstDelivery('/v1.0/users/shared%40contoso.com') && nock(GRAPH).post(SHARED).reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied. Check credentials and try again.'), { 'request-id': 'req-403' });

    it('names the missing .Shared permission and asks to re-consent when the credential lacks it', async () => {
      denied();
      const cfg = { oauth: { ...CFG.oauth, scope: 'openid User.Read Mail.ReadWrite Mail.Send' } };
      const { error } = await runFailing(sendMail, { to: 'a@contoso.com', mailbox: 'shared@contoso.com' }, cfg);
      assert.ok(error instanceof OutlookError);
      assert.equal(error.code, 'ErrorAccessDenied');
      assert.equal(error.requestId, 'req-403');
      assert.match(error.message, /"Send Mail" action needs the delegated permission Mail.Send.Shared on the mailbox "shared@contoso.com", and the credential was not granted it/);
      assert.match(error.message, /re-authenticate the credential/);
    });

    it('says the user lacks access to the mailbox when the credential has the permission', async () => {
      denied();
      const cfg = { oauth: { ...CFG.oauth, scope: 'openid User.Read Mail.ReadWrite.Shared Mail.Send.Shared' } };
      const { error } = await runFailing(sendMail, { to: 'a@contoso.com', mailbox: 'shared@contoso.com' }, cfg);
      assert.match(error.message, /refused access to the mailbox "shared@contoso.com": the credential has the permission Mail.Send.Shared, so the signed-in user lacks access/);
    });
  });

  describe('attachments', () => {
    it('fetches small attachments from object storage with the storage token (never the Graph token) and sends them inline', async () => {
      const content = Buffer.from('col1,col2\n1,2\n');
      const storage = nock(STORAGE, { reqheaders: { authorization: `Bearer ${STORAGE_TOKEN}` } })
        .get('/objects/abc-123').query({ storage_type: 'maester' }).reply(200, content, { 'Content-Type': 'text/csv', 'Content-Length': String(content.length) });
      const rec = recorder();
      nock(GRAPH).post('/v1.0/me/sendMail').reply(rec.reply(202));
      const { data } = await run(sendMail, {
        to: 'a@contoso.com', subject: 'Data',
        attachments: [{ name: 'data.csv', url: `${STORAGE}/objects/abc-123?storage_type=maester` }],
      });
      assert.ok(storage.isDone());
      const message = (rec.seen[0].body as { message: { attachments: unknown[] } }).message;
      assert.deepEqual(message.attachments, [{
        '@odata.type': '#microsoft.graph.fileAttachment', name: 'data.csv', contentType: 'text/csv', contentBytes: content.toString('base64'),
      }]);
      assert.deepEqual((data[0] as { attachments: unknown }).attachments, [{ name: 'data.csv', contentType: 'text/csv', size: content.length }]);
    });

    it('sends no credentials to an attachment URL outside object storage', async () => {
      nock('https://files.example.net', { badheaders: ['authorization'] }).get('/signed/report.pdf').query(true).reply(200, Buffer.from('%PDF-1.7'));
      nock(GRAPH).post('/v1.0/me/sendMail').reply(202);
      await run(sendMail, { to: 'a@contoso.com', attachments: [{ name: 'r.pdf', url: 'https://files.example.net/signed/report.pdf?sig=abc', contentType: 'application/pdf' }] });
    });

    it('fails naming the attachment when object storage answers 404, before any request that changes the mailbox', async () => {
      nock(STORAGE).get('/objects/gone').reply(404);
      const trap = graphTrap();
      const { error } = await runFailing(sendMail, { to: 'a@contoso.com', attachments: [{ name: 'x', url: `${STORAGE}/objects/gone` }] });
      assert.match(error.message, /^attachments\[0\]: .*HTTP 404/);
      assertNothingSent(trap);
    });

    it('refuses an attachment whose announced size exceeds 150 MB without reading it or changing the mailbox', async () => {
      nock(STORAGE).get('/objects/huge').reply(200, 'x', { 'Content-Length': String(151 * 1024 * 1024) });
      const trap = graphTrap();
      const { error } = await runFailing(sendMail, { to: 'a@contoso.com', attachments: [{ name: 'huge.iso', url: `${STORAGE}/objects/huge` }] });
      assert.match(error.message, /^attachments\[0\]: is 158334976 bytes, above the remaining limit/);
      assertNothingSent(trap);
    });

    it('uploads a large attachment through a draft and an upload session, without Authorization on the upload URL', async () => {
      const size = 5 * 1024 * 1024 + 123;
      const big = Buffer.alloc(size, 7);
      nock(STORAGE).get('/objects/big').reply(200, big, { 'Content-Type': 'application/zip' });
      const draftId = 'AAMkADraft-1_x==';
      const uploadUrl = 'https://outlook.office.com/api/v2.0/Users(\'x\')/Messages(\'y\')/AttachmentSessions(\'z\')?authtoken=eyJupload';
      const rec = recorder();
      nock(GRAPH)
        .post('/v1.0/me/messages').reply(rec.reply(201, { id: draftId }))
        .post(`/v1.0/me/messages/${encodeURIComponent(draftId)}/attachments/createUploadSession`)
        .reply(rec.reply(201, { uploadUrl, nextExpectedRanges: ['0-'] }))
        .post(`/v1.0/me/messages/${encodeURIComponent(draftId)}/send`).reply(rec.reply(202));
      const chunks: Seen[] = [];
      nock('https://outlook.office.com').put(/AttachmentSessions/).times(2).reply(function (uri, body) {
        chunks.push({ path: uri, headers: { ...this.req.headers }, body });
        const range = String(this.req.headers['content-range']);
        const end = Number(/-(\d+)\//.exec(range)?.[1]);
        return end + 1 < size ? [200, { nextExpectedRanges: [`${end + 1}-`] }] : [201, ''];
      });
      await run(sendMail, { to: 'a@contoso.com', subject: 'Big', saveToSentItems: false, attachments: [{ name: 'big.zip', url: `${STORAGE}/objects/big` }] });
      assert.deepEqual(rec.seen.map((s) => s.path.replace(encodeURIComponent(draftId), '{id}')),
        ['/v1.0/me/messages', '/v1.0/me/messages/{id}/attachments/createUploadSession', '/v1.0/me/messages/{id}/send']);
      const draft = rec.seen[0].body as Record<string, unknown>;
      assert.equal(draft.attachments, undefined);
      assert.deepEqual(draft.singleValueExtendedProperties, [{ id: 'Boolean 0x0E01', value: 'true' }, MARK]);
      assert.deepEqual(rec.seen[1].body, { AttachmentItem: { attachmentType: 'file', name: 'big.zip', size, contentType: 'application/zip' } });
      assert.deepEqual(chunks.map((c) => c.headers['content-range']), [`bytes 0-3932159/${size}`, `bytes 3932160-${size - 1}/${size}`]);
      for (const chunk of chunks) assert.equal(chunk.headers.authorization, undefined, 'Authorization was sent to the upload URL');
    });

    it('deletes the draft and sends nothing when an upload fails', async () => {
      nock(STORAGE).get('/objects/big').reply(200, Buffer.alloc(4 * 1024 * 1024, 1));
      nock(GRAPH)
        .post('/v1.0/me/messages').reply(201, { id: 'draft-1' })
        .post('/v1.0/me/messages/draft-1/attachments/createUploadSession')
        .reply(400, graphErrorBody('ErrorAttachmentSizeLimitExceeded', 'too big'))
        .delete('/v1.0/me/messages/draft-1').reply(204);
      const send = nock(GRAPH).post('/v1.0/me/messages/draft-1/send').reply(202);
      const { error, ctx } = await runFailing(sendMail, { to: 'a@contoso.com', attachments: [{ name: 'b.bin', url: `${STORAGE}/objects/big` }] });
      assert.ok(error instanceof GraphError);
      assert.equal(error.code, 'ErrorAttachmentSizeLimitExceeded');
      assert.match(ctx.logText(), /not sent; its draft was deleted/);
      assertNothingSent(send);
    });

    it('keeps the draft and reports an unknown outcome when sending the draft times out', async () => {
      nock(STORAGE).get('/objects/big').reply(200, Buffer.alloc(4 * 1024 * 1024, 1));
      nock(GRAPH)
        .post('/v1.0/me/messages').reply(201, { id: 'draft-2' })
        .post('/v1.0/me/messages/draft-2/attachments/createUploadSession').reply(201, { uploadUrl: 'https://outlook.office.com/up/1' })
        .post('/v1.0/me/messages/draft-2/send').replyWithError(netError('ETIMEDOUT', 'timeout'));
      nock('https://outlook.office.com').put('/up/1').reply(200, { nextExpectedRanges: ['3932160-'] }).put('/up/1').reply(201);
      const deleted = nock(GRAPH).delete('/v1.0/me/messages/draft-2').reply(204);
      const { error } = await runFailing(sendMail, { to: 'a@contoso.com', attachments: [{ name: 'b.bin', url: `${STORAGE}/objects/big` }] });
      assert.ok(error instanceof OutlookError && error.outcomeUnknown, error.message);
      assert.match(error.message, /may or may not have been sent/);
      assertNothingSent(deleted);
    });
  });
});
