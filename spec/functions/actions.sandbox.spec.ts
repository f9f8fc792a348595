/** The actions end to end against the in-process Graph sandbox (real HTTP on 127.0.0.1, no nock). */
import assert from 'node:assert/strict';
import { Sandbox, manualClock, startSandbox } from '../../dev/sandbox';
import * as checkAvailability from '../../lib/functions/calendar/checkAvailability';
import * as createEvent from '../../lib/functions/calendar/createEvent';
import * as findNextAvailableTime from '../../lib/functions/calendar/findNextAvailableTime';
import * as copyMail from '../../lib/functions/mail/copyMail';
import * as createCategory from '../../lib/functions/mail/createCategory';
import * as createMailFolder from '../../lib/functions/mail/createMailFolder';
import * as getAutomaticReplies from '../../lib/functions/mail/getAutomaticReplies';
import * as setAutomaticReplies from '../../lib/functions/mail/setAutomaticReplies';
import * as deleteMailFolder from '../../lib/functions/mail/deleteMailFolder';
import * as deleteMessage from '../../lib/functions/mail/deleteMessage';
import * as downloadAttachments from '../../lib/functions/mail/downloadAttachments';
import * as getMailFolders from '../../lib/functions/mail/getMailFolders';
import * as updateMailFolder from '../../lib/functions/mail/updateMailFolder';
import * as getMessage from '../../lib/functions/mail/getMessage';
import * as updateMessage from '../../lib/functions/mail/updateMessage';
import * as getMessages from '../../lib/functions/mail/getMessages';
import * as moveMail from '../../lib/functions/mail/moveMail';
import * as sendMail from '../../lib/functions/mail/sendMail';
import { ConfigurationError, OutlookError } from '../../lib/outlook/errors';
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
    sb = await startSandbox({ seed: 1, demo: false, clock: manualClock(Date.UTC(2026, 10, 23, 9, 0, 0)) });
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

  it('sends a large mail with Save to Sent Items off end to end: draft, upload session, send, and no copy kept', async () => {
    const large = sb.objects.put(Buffer.alloc(5 * 1024 * 1024, 7), 'application/pdf');
    const [out] = await run(sendMail, {
      to: 'partner@fabrikam.example', subject: 'Large, no copy', saveToSentItems: false,
      attachments: [{ name: 'contract.pdf', url: `${sb.url}/objects/${large}` }],
    });
    assert.equal((out as { saveToSentItems: boolean }).saveToSentItems, false);
    const counters = sb.counters();
    assert.equal(counters.createUploadSession, 1, 'the file went through an upload session');
    assert.equal(counters.sendDraft, 1, 'the draft was sent');
    const [sent] = sb.store.sentMail().filter((m) => m.subject === 'Large, no copy');
    assert.ok(sent, 'the mail left the mailbox');
    assert.equal((sent.attachments as Array<{ size: number }>).map((a) => a.size).join(), String(5 * 1024 * 1024));
    assert.equal(sb.store.messages('sentitems').filter((m) => m.subject === 'Large, no copy').length, 0, 'no copy in Sent Items');
    assert.equal(sb.store.messages('drafts').filter((m) => m.subject === 'Large, no copy').length, 0, 'no draft left');
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

  it('reads a message by its Internet Message-ID, with a text body, and stores its MIME and attachments', async () => {
    const message = sb.store.addMessage('inbox', {
      subject: 'Contract', body: { contentType: 'html', content: '<p>Signed copy attached</p>' },
      attachments: [{ name: 'contract.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7 signed') }],
    });
    const [out] = await run(getMessage, { internetMessageId: message.internetMessageId, bodyType: 'text', includeMime: true, includeAttachments: true }) as Array<{
      id: string; body: { contentType: string; content: string }; mime: { url: string; size: number }; attachments: Array<{ name: string; url: string; size: number }>;
    }>;
    assert.equal(out.id, message.id);
    assert.deepEqual(out.body, { contentType: 'text', content: 'Signed copy attached' });
    const eml = sb.objects.get(decodeURIComponent(out.mime.url.split('/objects/')[1].split('?')[0]));
    assert.match(String(eml?.content), /Subject: Contract\r\n[\s\S]*filename="contract\.pdf"/);
    assert.equal(out.mime.size, eml?.content.length);
    assert.deepEqual(out.attachments.map((a) => [a.name, a.size]), [['contract.pdf', 15]]);
  });

  it('lists mail sent to an address, and flagged mail of a category in the order asked for', async () => {
    const boss = { emailAddress: { address: 'boss@contoso.example' } };
    sb.store.addMessage('inbox', { subject: 'To the boss', toRecipients: [boss] });
    sb.store.addMessage('inbox', { subject: 'Not to the boss' });
    sb.clock.advance(60_000);
    for (const [subject, sent] of [['Older', '2026-11-20T08:00:00Z'], ['Newer', '2026-11-21T08:00:00Z']]) {
      sb.store.addMessage('inbox', { subject, sentDateTime: sent, categories: ['Clients'], flag: { flagStatus: 'flagged' } });
    }
    sb.store.addMessage('inbox', { subject: 'Unflagged', categories: ['Clients'] });
    const sentTo = await run(getMessages, { to: 'boss@contoso.example' }) as Array<{ subject: string }>;
    assert.deepEqual(sentTo.map((m) => m.subject), ['To the boss']);
    const flagged = await run(getMessages, { flagged: true, categories: 'Clients', orderBy: 'sentDateTime asc' }) as Array<{ subject: string }>;
    assert.deepEqual(flagged.map((m) => m.subject), ['Older', 'Newer']);
    const custom = await run(getMessages, { filter: "flag/flagStatus ne 'flagged' and categories/any(c: c eq 'Clients')" }) as Array<{ subject: string }>;
    assert.deepEqual(custom.map((m) => m.subject), ['Unflagged']);
  });

  it('copies, flags and categorises, then deletes to Deleted Items and permanently', async () => {
    const original = sb.store.addMessage('inbox', { subject: 'Organise me', categories: ['Red'] });
    const [copy] = await run(copyMail, { messageId: original.id, destinationFolder: 'archive' }) as Array<{ id: string }>;
    assert.equal(sb.store.message(copy.id)?.parentFolderId, sb.store.folderId('archive'));
    await run(updateMessage, {
      messageId: original.id, isRead: true, flag: 'flagged', flagStart: '2026-12-01T09:00', flagDue: '2026-12-02T09:00', categories: 'Clients', importance: 'high',
    });
    const updated = sb.store.message(original.id as string);
    assert.deepEqual([updated?.isRead, updated?.importance, updated?.categories, (updated?.flag as { flagStatus: string }).flagStatus], [true, 'high', ['Red', 'Clients'], 'flagged']);
    const [soft] = await run(deleteMessage, { messageId: original.id }) as Array<{ parentFolderId: string }>;
    assert.equal(soft.parentFolderId, sb.store.folderId('deleteditems'));
    assert.equal(sb.store.message(original.id as string)?.parentFolderId, sb.store.folderId('deleteditems'));
    await run(deleteMessage, { messageId: copy.id, permanent: true });
    assert.equal(sb.store.message(copy.id), undefined);
    assert.equal(sb.counters().permanentDeleteMessage, 1);
  });

  it('creates nested folders (a repeat finds the first), lists them, renames, moves and deletes them', async () => {
    const [projects] = await run(createMailFolder, { displayName: 'Projects', parentFolder: 'inbox' }) as Array<{ id: string; created: boolean }>;
    const [y2025] = await run(createMailFolder, { displayName: '2025', parentFolder: 'Inbox / Projects' }) as Array<{ id: string }>;
    const [again] = await run(createMailFolder, { displayName: '2025', parentFolder: projects.id }) as Array<{ id: string; created: boolean }>;
    assert.deepEqual([projects.created, again.created, again.id], [true, false, y2025.id]);
    const paths = (await run(getMailFolders, {}) as Array<{ path: string }>).map((f) => f.path);
    assert.ok(paths.includes('Inbox / Projects / 2025') && paths.includes('Sent Items'), paths.join(', '));
    await run(updateMailFolder, { folder: 'Inbox / Projects / 2025', displayName: '2025 closed', destinationFolder: 'archive' });
    assert.equal(sb.store.folder(y2025.id)?.displayName, '2025 closed');
    assert.equal(sb.store.folder(y2025.id)?.parentFolderId, sb.store.folderId('archive'));
    const [soft] = await run(deleteMailFolder, { folder: projects.id }) as Array<{ parentFolderId: string }>;
    assert.equal(soft.parentFolderId, sb.store.folderId('deleteditems'));
    await run(deleteMailFolder, { folder: 'Archive / 2025 closed', permanent: true });
    assert.equal(sb.store.folder(y2025.id), undefined);
  });

  it('downloads a file, an attached mail and an event (as files, or as JSON) and gives a cloud file as a link', async () => {
    const message = sb.store.addMessage('inbox', {
      subject: 'Attachments of all kinds',
      attachments: [
        { name: 'report.pdf', contentType: 'application/pdf', content: Buffer.alloc(70_000, 7) },
        { name: 'logo.png', contentType: 'image/png', content: Buffer.from('PNG'), isInline: true },
        { name: 'Fwd: order', contentType: '', content: Buffer.alloc(0), kind: 'item', item: { '@odata.type': '#microsoft.graph.message', subject: 'order' } },
        { name: 'Kick-off', contentType: '', content: Buffer.alloc(0), kind: 'item', item: { '@odata.type': '#microsoft.graph.event', subject: 'Kick-off', start: { dateTime: '2026-12-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T10:00:00', timeZone: 'UTC' } } },
        { name: 'Plan.docx', contentType: 'application/msword', content: Buffer.alloc(0), kind: 'reference' },
      ],
    });
    const out = await run(downloadAttachments, { messageId: message.id }) as Array<{ kind: string; name: string; size?: number; url?: string; link?: string }>;
    assert.deepEqual(out.map((a) => [a.kind, a.name]), [['file', 'report.pdf'], ['item', 'Fwd order.eml'], ['item', 'Kick-off.ics'], ['reference', 'Plan.docx']]);
    const stored = (url?: string) => sb.objects.get(decodeURIComponent(String(url).split('/objects/')[1].split('?')[0]));
    assert.equal(stored(out[0].url)?.content.length, 70_000);
    assert.equal(out[0].size, 70_000);
    assert.match(String(stored(out[2].url)?.content), /^BEGIN:VCALENDAR/);
    assert.equal(out[3].link, sb.store.message(message.id as string)?.webLink);
    const json = await run(downloadAttachments, { messageId: message.id, itemFormat: 'json', includeInline: true, fileTypes: 'png' }) as Array<{ name: string }>;
    assert.deepEqual(json.map((a) => a.name), ['logo.png']);
  });

  it('creates a category once, and schedules, reads and turns off the automatic replies', async () => {
    const [first] = await run(createCategory, { displayName: 'Invoices', color: 'preset4' }) as Array<{ created: boolean }>;
    const [second] = await run(createCategory, { displayName: 'invoices', color: 'preset4' }) as Array<{ created: boolean }>;
    assert.deepEqual([first.created, second.created], [true, false]);
    await run(setAutomaticReplies, { status: 'scheduled', scheduledStart: '2026-12-01T08:00', scheduledEnd: '2026-12-04T17:00', externalReplyMessage: 'Out until Friday' });
    const [read] = await run(getAutomaticReplies, {}) as Array<{ status: string; externalReplyMessage: string; scheduledEndDateTime: { dateTime: string } }>;
    assert.deepEqual([read.status, read.externalReplyMessage, read.scheduledEndDateTime.dateTime], ['scheduled', 'Out until Friday', '2026-12-04T17:00:00.0000000']);
    await run(setAutomaticReplies, { status: 'disabled' });
    assert.equal((await run(getAutomaticReplies, {}) as Array<{ status: string }>)[0].status, 'disabled');
  });

  describe('calendar', () => {
    /** Tuesday 1 December 2026, inside the sandbox user's working hours (Mon–Fri 08:00–17:00 UTC). */
    const busy = (start: string, end: string, showAs: 'busy' | 'oof' | 'tentative' = 'busy') => sb.store.addEvent({
      subject: 'Blocked', start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' }, showAs,
    });

    it('creates an event with separate time zones, attendees and a recurrence', async () => {
      const [out] = await run(createEvent, {
        subject: 'Flight', start: { dateTime: '2026-12-01T09:30', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-12-01T12:10', timeZone: 'Eastern Standard Time' }, attendees: 'alex.wilber@contoso.onmicrosoft.com',
        recurrence: { pattern: 'weekly', occurrences: 3 }, showAs: 'oof',
      }, { outputTimeZone: 'Europe/Berlin' }) as Array<{ id: string; start: { dateTime: string; timeZone: string }; recurrence: { range: { numberOfOccurrences: number } } }>;
      const stored = sb.store.events().filter((e) => e.subject === 'Flight');
      assert.equal(stored.length, 1);
      assert.equal(out.id, stored[0].id);
      assert.deepEqual(stored[0].end, { dateTime: '2026-12-01T12:10:00.0000000', timeZone: 'Eastern Standard Time' });
      assert.equal(out.start.timeZone, 'Europe/Berlin');
      assert.equal(out.recurrence.range.numberOfOccurrences, 3);
    });

    it('creates one event for a repeated transactionId', async () => {
      const body = { subject: 'Once', start: '2026-12-01T13:00', end: '2026-12-01T14:00', transactionId: 'crm-order-42' };
      const [first] = await run(createEvent, body) as Array<{ id: string }>;
      const [second] = await run(createEvent, body) as Array<{ id: string }>;
      assert.equal(second.id, first.id);
      assert.equal(sb.store.events().filter((e) => e.subject === 'Once').length, 1);
    });

    it('orders times in a Windows zone through CLDR and refuses an end before the start before any request', async () => {
      const ctx = recordingContext();
      const error = await createEvent.process.call(ctx, { id: 'in', body: {
        start: { dateTime: '2026-12-01T10:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-12-01T08:30', timeZone: 'UTC' },
      }, headers: {}, attachments: {} }, cfg).then(() => assert.fail('should have failed'), (err: unknown) => err);
      assert.ok(error instanceof ConfigurationError, String(error));
      assert.equal(error.field, 'End (end)');
      assert.equal(sb.store.events().length, 0);
    });

    it('checks availability at a time and over an interval', async () => {
      busy('2026-12-01T10:00:00', '2026-12-01T11:00:00');
      const [during] = await run(checkAvailability, { time: '2026-12-01T10:15:00Z' }) as Array<{ available: boolean; status: string }>;
      assert.deepEqual([during.available, during.status], [false, 'busy']);
      const [after] = await run(checkAvailability, { time: '2026-12-01T12:00:00Z' }) as Array<{ available: boolean; status: string }>;
      assert.deepEqual([after.available, after.status], [true, 'free']);
      const [span] = await run(checkAvailability, { start: '2026-12-01T09:00', end: '2026-12-01T12:00', intervalMinutes: 60 }) as Array<{ schedules: Array<{ availabilityView: string }> }>;
      assert.equal(span.schedules[0].availabilityView, '020');
    });

    it('reports people outside the organisation as unknown', async () => {
      const [out] = await run(checkAvailability, { time: '2026-12-01T10:00:00Z', schedules: 'someone@fabrikam.example' }) as Array<{ available: boolean; status: string }>;
      assert.deepEqual([out.available, out.status], [false, 'unknown']);
    });

    it('finds the next free half hour after a busy block', async () => {
      busy('2026-12-01T09:00:00', '2026-12-01T10:00:00');
      const [out] = await run(findNextAvailableTime, { time: '2026-12-01T09:00:00', durationMinutes: 30, searchDays: 1 }, { activityDomain: 'work' }) as Array<{ found: boolean; start: { dateTime: string } }>;
      assert.equal(out.found, true);
      assert.match(out.start.dateTime, /^2026-12-01T10:00:00/);
    });

    it('explains why nothing was found when the user is busy for the whole window', async () => {
      busy('2026-12-01T08:00:00', '2026-12-01T12:00:00', 'oof');
      const [out] = await run(findNextAvailableTime, { time: '2026-12-01T09:00:00', searchUntil: '2026-12-01T11:00:00' }) as Array<{ found: boolean; emptySuggestionsReason: string; explanation: string }>;
      assert.equal(out.found, false);
      assert.equal(out.emptySuggestionsReason, 'organizerUnavailable');
      assert.match(out.explanation, /organizer/);
    });
  });
});
