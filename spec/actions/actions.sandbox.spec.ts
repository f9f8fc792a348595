/** The actions end to end against the in-process Graph sandbox (real HTTP on 127.0.0.1, no nock). */
import assert from 'node:assert/strict';
import { Sandbox, startSandbox } from '../../dev/sandbox';
import * as getMessages from '../../lib/actions/getMessages';
import * as moveMail from '../../lib/actions/moveMail';
import * as sendMail from '../../lib/actions/sendMail';
import { OutlookError } from '../../lib/outlook/mail';
import type { ComponentContext, Message } from '../../lib/platform/context';
import { forgetRefreshedTokens } from '../../lib/platform/credentials';
import { recordingContext } from '../support/context';

type Action = { process: (this: ComponentContext, msg: Message, cfg: unknown) => Promise<unknown> };
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN'];

describe('actions against the Graph sandbox', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let cfg: Record<string, unknown>;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    sb = await startSandbox({ seed: 1, demo: false });
    Object.assign(process.env, {
      MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret,
      ELASTICIO_OBJECT_STORAGE_URI: sb.url, ELASTICIO_OBJECT_STORAGE_TOKEN: sb.objectStorageToken,
    });
    forgetRefreshedTokens();
    cfg = { tenantId: sb.tenantId, oauth: sb.issueToken() };
  });

  afterEach(async () => {
    await sb.stop();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  async function run(action: Action, body: Record<string, unknown>, fields: Record<string, unknown> = {}): Promise<unknown[]> {
    const ctx = recordingContext();
    await action.process.call(ctx, { id: 'in', body, headers: {}, attachments: {} }, { ...cfg, ...fields });
    return ctx.emittedOf('data').map((m) => (m as { body: unknown }).body);
  }

  const inbox = (subject: string) => sb.store.messages('inbox').filter((m) => m.subject === subject);

  it('sends a mail to the mailbox itself and it arrives in the Inbox, once', async () => {
    const [out] = await run(sendMail, { to: sb.user.mail, cc: 'colleague@fabrikam.example', subject: 'Note to self', body: '<b>hi</b>', contentType: 'html' });
    assert.equal((out as { sent: boolean }).sent, true);
    assert.equal(inbox('Note to self').length, 1);
    assert.equal(sb.store.sentMail().length, 1);
    assert.equal(sb.store.messages('sentitems').filter((m) => m.subject === 'Note to self').length, 1);
  });

  it('sends attachments from object storage: inline, posted separately, and through an upload session', async () => {
    const small = sb.objects.put(Buffer.from('a,b\n1,2\n'), 'text/csv');
    const medium = sb.objects.put(Buffer.alloc(1536 * 1024, 2), 'image/png');
    const larger = sb.objects.put(Buffer.alloc(2560 * 1024, 4), 'image/jpeg');
    const large = sb.objects.put(Buffer.alloc(6 * 1024 * 1024 + 17, 3), 'application/octet-stream');
    await run(sendMail, {
      to: sb.user.mail, subject: 'With files',
      attachments: [
        { name: 'data.csv', url: `${sb.url}/objects/${small}` }, { name: 'scan.png', url: `${sb.url}/objects/${medium}` },
        { name: 'photo.jpg', url: `${sb.url}/objects/${larger}` },
        { name: 'big.bin', url: `${sb.url}/objects/${large}` },
      ],
    });
    const [arrived] = inbox('With files');
    assert.ok(arrived, 'the mail did not arrive');
    // `size` counts Exchange's overhead, so the file length is read from the content itself.
    const files = sb.store.attachments(String(arrived.id)).map((a) => [a.name, Buffer.from(String((a as { contentBytes?: string }).contentBytes), 'base64').length]);
    assert.deepEqual(files.sort(), [['big.bin', 6 * 1024 * 1024 + 17], ['data.csv', 8], ['photo.jpg', 2560 * 1024], ['scan.png', 1536 * 1024]]);
    const counters = sb.counters();
    assert.equal(counters.addAttachment, 1);
    assert.equal(counters.createUploadSession, 1);
    assert.ok((counters.uploadChunk ?? 0) >= 2);
    assert.equal(counters.sendDraft, 1);
    assert.equal(counters.sendMail ?? 0, 0);
    for (const r of sb.requests.filter((q) => q.route === 'uploadChunk')) assert.equal(r.hadAuthorization, false);
  });

  it('does not send twice when the connection drops after Graph processed sendMail', async () => {
    sb.faults.next({ route: 'sendMail', reset: 'after' });
    const ctx = recordingContext();
    const error = await sendMail.process.call(ctx, { id: 'in', body: { to: sb.user.mail, subject: 'Exactly once' }, headers: {}, attachments: {} }, cfg)
      .then(() => assert.fail('should have failed'), (err: unknown) => err);
    assert.ok(error instanceof OutlookError && error.outcomeUnknown, String(error));
    assert.match(error.message, /may or may not have been sent/);
    assert.equal(sb.store.sentMail().length, 1, 'the mail was delivered once');
    assert.equal(sb.counters().sendMail, 1, 'sendMail was repeated');
  });

  it('moves a message to Archive and emits it as it is there now', async () => {
    const message = sb.store.addMessage('inbox', { subject: 'File me' });
    const [moved] = await run(moveMail, { messageId: message.id, destinationFolder: 'archive' }) as Array<{ id: string; parentFolderId: string }>;
    const archived = sb.store.messages('archive').filter((m) => m.subject === 'File me');
    assert.equal(archived.length, 1);
    assert.equal(moved.id, archived[0].id);
    assert.equal(moved.parentFolderId, sb.store.folderId('archive'));
    assert.equal(inbox('File me').length, 0);
  });

  it('moves into a nested folder named by its path', async () => {
    const projects = sb.store.createFolder(sb.store.folderId('inbox'), 'Projects');
    const message = sb.store.addMessage('inbox', { subject: 'Project mail' });
    await run(moveMail, { messageId: message.id, destinationFolder: 'Inbox / Projects' });
    assert.deepEqual(sb.store.messages(projects.id).map((m) => m.subject), ['Project mail']);
  });

  it('lists unread mail of a sender', async () => {
    for (let i = 0; i < 7; i += 1) sb.store.addMessage('inbox', { subject: `Report ${i}`, isRead: i === 3, from: { emailAddress: { address: 'boss@contoso.example' } } });
    sb.store.addMessage('inbox', { subject: 'Other', from: { emailAddress: { address: 'someone@contoso.example' } } });
    const all = await run(getMessages, { folder: 'inbox', from: 'boss@contoso.example', unreadOnly: true }, { emitBehavior: 'emitAll' });
    const subjects = (all[0] as { messages: Array<{ subject: string }> }).messages.map((m) => m.subject).sort();
    assert.deepEqual(subjects, ['Report 0', 'Report 1', 'Report 2', 'Report 4', 'Report 5', 'Report 6']);
    const some = await run(getMessages, { folder: 'inbox', maxResults: 3 });
    assert.equal(some.length, 3);
  });

  it('follows nextLink across pages and stops at the maximum', async () => {
    for (let i = 0; i < 300; i += 1) sb.store.addMessage('inbox', { subject: `Bulk ${i}` });
    const ctx = recordingContext();
    await getMessages.process.call(ctx, { id: 'in', body: { maxResults: 260 }, headers: {}, attachments: {} }, cfg);
    const ids = ctx.emittedOf('data').map((m) => (m as { body: { id: string } }).body.id);
    assert.equal(ids.length, 260);
    assert.equal(new Set(ids).size, 260, 'a message was emitted twice');
    assert.match(ctx.logText(), /260 messages in 2 pages/);
    assert.equal(sb.counters().listMessages, 2);
  });
});
