import assert from 'node:assert/strict';
import type { Message } from '../../dev/sandbox';
import { GraphErrorBody, GraphItem, enc, sandboxPerTest } from './helpers';

const to = (address: string) => [{ emailAddress: { address } }];

describe('sandbox sending', () => {
  const t = sandboxPerTest();

  function sentItems(subject: string): Message[] {
    return t.sb.store.messages('sentitems').filter((m) => m.subject === subject);
  }

  it('sendMail answers 202 with an empty body, records the mail and saves a copy in Sent Items', async () => {
    const reply = await t.graph.post('/me/sendMail', { message: { subject: 'hello', body: { contentType: 'Text', content: 'hi' }, toRecipients: to('a@fabrikam.example') } });
    assert.equal(reply.status, 202);
    assert.equal(reply.body.length, 0);
    const [sent] = t.sb.store.sentMail();
    assert.equal(sent.subject, 'hello');
    assert.equal(sent.from?.emailAddress?.address, t.sb.user.mail);
    assert.equal(sentItems('hello').length, 1);
    assert.equal(t.sb.counters().sendMail, 1);
  });

  it('sendMail with saveToSentItems false saves no copy', async () => {
    await t.graph.post('/me/sendMail', { message: { subject: 'no copy', toRecipients: to('a@fabrikam.example') }, saveToSentItems: false });
    assert.equal(t.sb.store.sentMail().length, 1);
    assert.equal(sentItems('no copy').length, 0);
  });

  it('sendMail refuses saveToSentItems given as a string', async () => {
    const reply = await t.graph.post('/me/sendMail', { message: { subject: 'typed', toRecipients: to('a@fabrikam.example') }, saveToSentItems: 'false' });
    assert.equal(reply.status, 400);
    assert.equal(t.sb.store.sentMail().length, 0);
  });

  it('sendMail delivers a copy to the Inbox when addressed to the mailbox itself', async () => {
    const inbox = t.sb.store.messageCount('inbox');
    await t.graph.post('/me/sendMail', { message: { subject: 'note to self', toRecipients: to(t.sb.user.mail.toUpperCase()) } });
    const delivered = t.sb.store.messages('inbox').filter((m) => m.subject === 'note to self');
    assert.equal(t.sb.store.messageCount('inbox'), inbox + 1);
    assert.equal(delivered[0].isRead, false);
  });

  it('sendMail without any recipient answers 400 ErrorInvalidRecipients and sends nothing', async () => {
    const reply = await t.graph.post('/me/sendMail', { message: { subject: 'nobody' } });
    assert.equal(reply.status, 400);
    assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorInvalidRecipients');
    assert.equal(t.sb.store.sentMail().length, 0);
  });

  it('sendMail with a malformed address answers 400 ErrorInvalidRecipients', async () => {
    const reply = await t.graph.post('/me/sendMail', { message: { subject: 'bad', toRecipients: to('not an address') } });
    assert.equal(reply.status, 400);
    assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorInvalidRecipients');
  });

  it('sendMail refuses an unknown body content type and a custom header without x-', async () => {
    const badType = await t.graph.post('/me/sendMail', { message: { subject: 's', body: { contentType: 'markdown', content: '*' }, toRecipients: to('a@fabrikam.example') } });
    assert.equal(badType.status, 400);
    const badHeader = await t.graph.post('/me/sendMail', { message: { subject: 's', toRecipients: to('a@fabrikam.example'), internetMessageHeaders: [{ name: 'Priority', value: '1' }] } });
    assert.equal(badHeader.json<GraphErrorBody>().error.code, 'InvalidInternetMessageHeader');
  });

  it('sendMail keeps file attachments and x- headers', async () => {
    await t.graph.post('/me/sendMail', {
      message: {
        subject: 'with file', toRecipients: to('a@fabrikam.example'), internetMessageHeaders: [{ name: 'x-trace', value: '42' }],
        attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: Buffer.from('abc').toString('base64') }],
      },
    });
    const [sent] = t.sb.store.sentMail();
    assert.deepEqual(sent.internetMessageHeaders, [{ name: 'x-trace', value: '42' }]);
    assert.equal(sent.attachments?.[0].name, 'a.txt');
    assert.equal(sentItems('with file')[0].hasAttachments, true);
  });

  it('sendMail accepts a base64 MIME message with Content-Type text/plain', async () => {
    const mime = ['From: Adele <adele.vance@contoso.onmicrosoft.com>', 'To: "Lee" <lee@fabrikam.example>', 'Subject: via MIME', 'Content-Type: text/plain', '', 'Body text'].join('\r\n');
    const reply = await t.graph.request('POST', '/me/sendMail', { body: Buffer.from(mime).toString('base64'), headers: { 'Content-Type': 'text/plain' } });
    assert.equal(reply.status, 202);
    assert.equal(t.sb.store.sentMail()[0].subject, 'via MIME');
    assert.equal(t.sb.store.sentMail()[0].toRecipients?.[0].emailAddress?.address, 'lee@fabrikam.example');
  });

  it('sendMail refuses invalid base64 MIME with ErrorMimeContentInvalidBase64String', async () => {
    const reply = await t.graph.request('POST', '/me/sendMail', { body: 'not base64 !!', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorMimeContentInvalidBase64String');
  });

  it('reply answers 400 when both a comment and message.body are given', async () => {
    const original = t.sb.store.addMessage('inbox', { subject: 'question', from: { emailAddress: { address: 'q@fabrikam.example' } } });
    const reply = await t.graph.post(`/me/messages/${enc(original.id as string)}/reply`, { comment: 'see below', message: { body: { contentType: 'text', content: 'also' } } });
    assert.equal(reply.status, 400);
    assert.equal(t.sb.store.sentMail().length, 0);
  });

  it('reply goes to replyTo when set, otherwise to the sender, with RE: and the comment', async () => {
    const withReplyTo = t.sb.store.addMessage('inbox', {
      subject: 'list mail', from: { emailAddress: { address: 'list@fabrikam.example' } }, replyTo: to('owner@fabrikam.example'),
    });
    const plain = t.sb.store.addMessage('inbox', { subject: 'direct', from: { emailAddress: { address: 'lee@fabrikam.example' } } });
    assert.equal((await t.graph.post(`/me/messages/${enc(withReplyTo.id as string)}/reply`, { comment: 'ok' })).status, 202);
    assert.equal((await t.graph.post(`/me/messages/${enc(plain.id as string)}/reply`, { comment: 'thanks' })).status, 202);
    const [first, second] = t.sb.store.sentMail();
    assert.equal(first.toRecipients?.[0].emailAddress?.address, 'owner@fabrikam.example');
    assert.equal(second.toRecipients?.[0].emailAddress?.address, 'lee@fabrikam.example');
    assert.equal(second.subject, 'RE: direct');
    assert.match(String(second.body?.content), /thanks/);
  });

  it('replyAll adds the other recipients and leaves the mailbox out', async () => {
    const original = t.sb.store.addMessage('inbox', {
      subject: 'team', from: { emailAddress: { address: 'boss@fabrikam.example' } },
      toRecipients: [...to(t.sb.user.mail), ...to('peer@fabrikam.example')], ccRecipients: to('cc@fabrikam.example'),
    });
    await t.graph.post(`/me/messages/${enc(original.id as string)}/replyAll`, { comment: 'all good' });
    const [sent] = t.sb.store.sentMail();
    const all = [...(sent.toRecipients ?? []), ...(sent.ccRecipients ?? [])].map((r) => r.emailAddress?.address).sort();
    assert.deepEqual(all, ['boss@fabrikam.example', 'cc@fabrikam.example', 'peer@fabrikam.example']);
  });

  it('forward requires recipients and carries the attachments', async () => {
    const original = t.sb.store.addMessage('inbox', {
      subject: 'report', from: { emailAddress: { address: 'r@fabrikam.example' } },
      attachments: [{ name: 'r.csv', contentType: 'text/csv', content: Buffer.from('a,b') }],
    });
    const path = `/me/messages/${enc(original.id as string)}/forward`;
    const none = await t.graph.post(path, { comment: 'fyi' });
    assert.equal(none.json<GraphErrorBody>().error.code, 'ErrorInvalidRecipients');
    assert.equal((await t.graph.post(path, { comment: 'fyi', toRecipients: to('x@fabrikam.example') })).status, 202);
    const [sent] = t.sb.store.sentMail();
    assert.equal(sent.subject, 'FW: report');
    assert.equal(sent.attachments?.[0].name, 'r.csv');
  });

  it('createReply returns a 201 draft that POST /send delivers and removes from Drafts', async () => {
    const original = t.sb.store.addMessage('inbox', { subject: 'draft me', from: { emailAddress: { address: 'd@fabrikam.example' } } });
    const created = await t.graph.post(`/me/messages/${enc(original.id as string)}/createReply`, { comment: 'drafted' });
    assert.equal(created.status, 201);
    const draft = created.json<GraphItem>();
    assert.equal(draft.isDraft, true);
    assert.equal(draft.parentFolderId, t.sb.store.folderId('drafts'));
    assert.equal(draft.subject, 'RE: draft me');
    const sent = await t.graph.post(`/me/messages/${enc(draft.id)}/send`);
    assert.equal(sent.status, 202);
    assert.equal(t.sb.store.message(draft.id), undefined);
    assert.equal(t.sb.store.sentMail()[0].subject, 'RE: draft me');
    assert.equal(sentItems('RE: draft me').length, 1);
  });

  it('send refuses a message that is not a draft', async () => {
    const received = t.sb.store.addMessage('inbox', { subject: 'received', toRecipients: to(t.sb.user.mail) });
    const reply = await t.graph.post(`/me/messages/${enc(received.id as string)}/send`);
    assert.equal(reply.status, 400);
    assert.equal(t.sb.store.sentMail().length, 0);
  });

  it('refuses a PATCH of the subject of a received message but accepts it on a draft', async () => {
    const received = t.sb.store.addMessage('inbox', { subject: 'fixed' });
    assert.equal((await t.graph.patch(`/me/messages/${enc(received.id as string)}`, { subject: 'changed' })).status, 400);
    const draft = (await t.graph.post('/me/messages', { subject: 'draft' })).json<GraphItem>();
    const patched = await t.graph.patch(`/me/messages/${enc(draft.id)}`, { subject: 'draft v2' });
    assert.equal(patched.status, 200);
    assert.equal(patched.json<GraphItem>().subject, 'draft v2');
  });
});
