/**
 * Flows built with the earlier elastic.io Outlook component (elasticio/outlook) keep working when they switch to this one:
 * its function keys, its configuration fields and values, the message shapes its input schemas described, and its
 * snapshots. Each case below is a configuration or message in the old component's own shape, run against the sandbox.
 * (Its polling snapshots are covered by spec/functions/mail/readMail.sandbox.spec.ts and spec/platform/polling.)
 */
import assert from 'node:assert/strict';
import { Sandbox, manualClock, startSandbox } from '../dev/sandbox';
import * as checkAvailability from '../lib/functions/calendar/checkAvailability';
import * as createEvent from '../lib/functions/calendar/createEvent';
import * as findNextAvailableTime from '../lib/functions/calendar/findNextAvailableTime';
import * as moveMail from '../lib/functions/mail/moveMail';
import * as sendMail from '../lib/functions/mail/sendMail';
import { FUNCTIONS } from '../lib/functions/registry';
import type { ComponentContext, Message } from '../lib/platform/context';
import { forgetRefreshedTokens } from '../lib/platform/credentials';
import { recordingContext } from './support/context';

type Action = { process: (this: ComponentContext, msg: Message, cfg: unknown) => Promise<unknown> };
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET'];

/** The old component's function keys (its component.json, version 1.x to 2.0.0-dev). */
const OLD_KEYS = {
  triggers: ['getContacts', 'readMail'],
  actions: ['checkAvailability', 'findNextAvailableTime', 'createEvent', 'moveMail', 'sendMail'],
};

describe('migrating from the elastic.io Outlook component', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let credential: Record<string, unknown>;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    sb = await startSandbox({ seed: 3, demo: false, clock: manualClock(Date.UTC(2026, 10, 23, 9, 0, 0)) });
    Object.assign(process.env, { MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret });
    forgetRefreshedTokens();
    // The old credential: the OAuth field and the AD tenant, nothing else.
    credential = { tenantId: sb.tenantId, oauth: sb.issueToken() };
  });

  afterEach(async () => {
    await sb.stop();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  async function run(action: Action, body: Record<string, unknown>, fields: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const ctx = recordingContext();
    await action.process.call(ctx, { id: 'in', body, headers: {}, attachments: {} }, { ...credential, ...fields });
    const [out] = ctx.emittedOf('data').map((m) => (m as { body: Record<string, unknown> }).body);
    return out;
  }

  it('keeps every trigger and action key, with the same kind', () => {
    for (const key of OLD_KEYS.triggers) assert.equal(FUNCTIONS.find((d) => d.key === key)?.kind, 'trigger', key);
    for (const key of OLD_KEYS.actions) assert.equal(FUNCTIONS.find((d) => d.key === key)?.kind, 'action', key);
  });

  it('Send Mail takes the old Graph-shaped message: toRecipients, ccRecipients, body {content, contentType}, saveToSentItems', async () => {
    const out = await run(sendMail, {
      subject: 'Old flow',
      toRecipients: [{ emailAddress: { address: sb.user.mail, name: 'Me' } }],
      ccRecipients: [{ emailAddress: { address: 'colleague@fabrikam.example' } }],
      body: { content: '<p>Sent by an old flow</p>', contentType: 'html' },
      saveToSentItems: false,
    });
    assert.equal(out.sent, true);
    const [arrived] = sb.store.messages('inbox').filter((m) => m.subject === 'Old flow');
    assert.equal(arrived.body?.contentType, 'html');
    assert.deepEqual(arrived.ccRecipients?.map((r) => r.emailAddress?.address), ['colleague@fabrikam.example']);
    // The old component always saved a copy whatever the input said; this one honours false.
    assert.equal(sb.store.messages('sentitems').filter((m) => m.subject === 'Old flow').length, 0);
  });

  it('Move Mail takes the old configuration (originalMailFolders, destinationFolder) and {messageId}', async () => {
    const mail = sb.store.addMessage('inbox', { subject: 'To archive' });
    const archive = sb.store.folderId('archive');
    const out = await run(moveMail, { messageId: mail.id }, { originalMailFolders: sb.store.folderId('inbox'), destinationFolder: archive });
    assert.equal(out.parentFolderId, archive);
    assert.equal(sb.store.messages('archive').filter((m) => m.subject === 'To archive').length, 1);
  });

  it('Move Mail without a destination soft-deletes to Deleted Items, as the old one did', async () => {
    const mail = sb.store.addMessage('inbox', { subject: 'Unwanted' });
    await run(moveMail, { messageId: mail.id }, { originalMailFolders: sb.store.folderId('inbox') });
    assert.equal(sb.store.messages('deleteditems').filter((m) => m.subject === 'Unwanted').length, 1);
  });

  it('Create Event takes the old configuration values (capitalised enums, an IANA zone) and the old input shape', async () => {
    const [calendar] = sb.store.calendars();
    const out = await run(createEvent, {
      subject: 'Planning',
      body: { contentType: 'HTML', content: '<p>Agenda</p>' },
      start: { dateTime: '2026-11-24T10:00:00' },
      end: { dateTime: '2026-11-24T11:00:00' },
      location: { displayName: 'Room 4', address: { street: 'Unter den Linden 1', city: 'Berlin', countryOrRegion: 'Germany' } },
      isAllDay: 'false', reminderMinutesBeforeStart: 15, isReminderOn: true,
    }, {
      calendarId: calendar.id, timeZone: 'Europe/Berlin', importance: 'High', showAs: 'Oof', sensitivity: 'Private', bodyContentType: 'HTML',
    });
    const stored = sb.store.event(String(out.id));
    assert.ok(stored, 'the event was created');
    assert.equal(stored.importance, 'high');
    assert.equal(stored.showAs, 'oof');
    assert.equal(stored.sensitivity, 'private');
    assert.equal(stored.body?.contentType, 'html');
    assert.equal(stored.location?.displayName, 'Room 4');
    assert.equal(stored.location?.address?.city, 'Berlin');
    assert.equal(stored.reminderMinutesBeforeStart, 15);
    assert.equal(stored.isAllDay, false);
    // A start without a zone is in the configured zone: 10:00 in Berlin, 09:00 UTC in November.
    assert.deepEqual(stored.start, { dateTime: '2026-11-24T10:00:00.0000000', timeZone: 'Europe/Berlin' });
    assert.deepEqual(out.start, { dateTime: '2026-11-24T09:00:00.0000000', timeZone: 'UTC' });
  });

  it('Check Availability takes the old {time} and still answers {available}', async () => {
    const out = await run(checkAvailability, { time: '2026-11-24T07:00:00Z' });
    assert.equal(typeof out.available, 'boolean');
  });

  it('Find Next Available Time takes the old {time, subject} and still answers {time, subject}', async () => {
    const out = await run(findNextAvailableTime, { time: '2026-11-24T07:00:00Z', subject: 'Kick-off' });
    assert.equal(out.subject, 'Kick-off');
    assert.match(String(out.time), /^2026-11-2\dT/);
  });
});
