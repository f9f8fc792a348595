/**
 * Hostile input, one table row per case across every function. Each case must end in a clear error or in
 * requests that name exactly the intended resource (checked against what the sandbox actually received), never
 * in a request elsewhere, and never with a credential sent to another host (a trap server records any attempt).
 * Placeholders in inputs: {trap} (a foreign host), {graph} (the sandbox), {graphPort}, {trapPort}, {storage}.
 * Adding a case is one `row(...)` line.
 */
import { strict as assert } from 'node:assert';
import type { RecordedRequest } from '../dev/sandbox/types';
import * as checkAvailability from '../lib/functions/calendar/checkAvailability';
import * as createEvent from '../lib/functions/calendar/createEvent';
import * as findNextAvailableTime from '../lib/functions/calendar/findNextAvailableTime';
import * as findMeetingTimes from '../lib/functions/calendar/findMeetingTimes';
import * as batch from '../lib/functions/raw/batch';
import * as rawRequest from '../lib/functions/raw/rawRequest';
import * as createContact from '../lib/functions/contacts/createContact';
import * as updateContact from '../lib/functions/contacts/updateContact';
import * as upsertContact from '../lib/functions/contacts/upsertContact';
import * as getContact from '../lib/functions/contacts/getContact';
import * as lookupContacts from '../lib/functions/contacts/lookupContacts';
import * as deleteContact from '../lib/functions/contacts/deleteContact';
import * as createContactFolder from '../lib/functions/contacts/createContactFolder';
import * as deleteContactFolder from '../lib/functions/contacts/deleteContactFolder';
import * as getSchedule from '../lib/functions/calendar/getSchedule';
import * as addDraftAttachment from '../lib/functions/mail/addDraftAttachment';
import * as createDraft from '../lib/functions/mail/createDraft';
import * as getMessages from '../lib/functions/mail/getMessages';
import * as forwardMessage from '../lib/functions/mail/forwardMessage';
import * as moveMail from '../lib/functions/mail/moveMail';
import * as replyToMessage from '../lib/functions/mail/replyToMessage';
import * as sendDraft from '../lib/functions/mail/sendDraft';
import * as sendMail from '../lib/functions/mail/sendMail';
import * as pollEvents from '../lib/functions/calendar/pollEvents';
import * as upcomingEvents from '../lib/functions/calendar/upcomingEvents';
import * as updateDraft from '../lib/functions/mail/updateDraft';
import * as getContacts from '../lib/functions/contacts/getContacts';
import * as readMail from '../lib/functions/mail/readMail';
import * as newAttachment from '../lib/functions/mail/newAttachment';
import * as getMessage from '../lib/functions/mail/getMessage';
import * as copyMail from '../lib/functions/mail/copyMail';
import * as deleteMessage from '../lib/functions/mail/deleteMessage';
import * as updateMessage from '../lib/functions/mail/updateMessage';
import * as getMailFolders from '../lib/functions/mail/getMailFolders';
import * as createMailFolder from '../lib/functions/mail/createMailFolder';
import * as updateMailFolder from '../lib/functions/mail/updateMailFolder';
import * as deleteMailFolder from '../lib/functions/mail/deleteMailFolder';
import * as downloadAttachments from '../lib/functions/mail/downloadAttachments';
import * as createCategory from '../lib/functions/mail/createCategory';
import * as getAutomaticReplies from '../lib/functions/mail/getAutomaticReplies';
import * as setAutomaticReplies from '../lib/functions/mail/setAutomaticReplies';
import * as getEvent from '../lib/functions/calendar/getEvent';
import * as getEvents from '../lib/functions/calendar/getEvents';
import * as updateEvent from '../lib/functions/calendar/updateEvent';
import * as deleteEvent from '../lib/functions/calendar/deleteEvent';
import * as cancelEvent from '../lib/functions/calendar/cancelEvent';
import * as respondToEvent from '../lib/functions/calendar/respondToEvent';
import * as forwardEvent from '../lib/functions/calendar/forwardEvent';
import * as createCalendar from '../lib/functions/calendar/createCalendar';
import * as updateCalendar from '../lib/functions/calendar/updateCalendar';
import * as deleteCalendar from '../lib/functions/calendar/deleteCalendar';
import { ActionModule, runAction } from './support/action';
import { TriggerFlow, TriggerModule } from './support/flow';
import { Harness, openSandbox } from './support/sandbox';
import { containsSecret } from './support/secrets';
import { Proxy, Trap, startProxy, startTrap } from './support/servers';

const TRIGGERS: Record<string, TriggerModule> = { readMail, getContacts, newAttachment, pollEvents, upcomingEvents };
const ACTIONS: Record<string, ActionModule> = {
  sendMail, getMessages, moveMail, createEvent, checkAvailability, findNextAvailableTime, getMessage, copyMail, deleteMessage, updateMessage,
  getMailFolders, createMailFolder, updateMailFolder, deleteMailFolder, downloadAttachments, createCategory, getAutomaticReplies, setAutomaticReplies,
  replyToMessage, forwardMessage, createDraft, updateDraft, addDraftAttachment, sendDraft,
  getEvent, getEvents, updateEvent, deleteEvent, cancelEvent, respondToEvent, forwardEvent, createCalendar, updateCalendar, deleteCalendar,
  getSchedule, findMeetingTimes, rawRequest, batch,
  createContact, updateContact, upsertContact, getContact, lookupContacts, deleteContact, createContactFolder, deleteContactFolder,
};
type Fn = 'readMail' | 'getContacts' | 'newAttachment' | 'pollEvents' | 'upcomingEvents' | 'sendMail' | 'getMessages' | 'moveMail' | 'createEvent'
  | 'checkAvailability' | 'findNextAvailableTime' | 'getMessage' | 'copyMail' | 'deleteMessage' | 'updateMessage' | 'getMailFolders'
  | 'createMailFolder' | 'updateMailFolder' | 'deleteMailFolder' | 'downloadAttachments' | 'createCategory' | 'getAutomaticReplies' | 'setAutomaticReplies'
  | 'replyToMessage' | 'forwardMessage' | 'createDraft' | 'updateDraft' | 'addDraftAttachment' | 'sendDraft'
  | 'getEvent' | 'getEvents' | 'updateEvent' | 'deleteEvent' | 'cancelEvent' | 'respondToEvent' | 'forwardEvent' | 'createCalendar' | 'updateCalendar' | 'deleteCalendar'
  | 'getSchedule' | 'findMeetingTimes' | 'rawRequest' | 'batch'
  | 'createContact' | 'updateContact' | 'upsertContact' | 'getContact' | 'lookupContacts' | 'deleteContact' | 'createContactFolder' | 'deleteContactFolder';

interface Input {
  /** Step configuration fields (triggers: everything; actions: the configured defaults). */
  cfg?: Record<string, unknown>;
  /** The incoming message body (actions). */
  body?: unknown;
  /** The stored snapshot (triggers). */
  snapshot?: unknown;
  /** Every collection page served while this case runs carries this nextLink. */
  nextLink?: string;
  env?: Record<string, string>;
  /** The stored access token is past its expiry, so the first request refreshes it at the token endpoint. */
  expiredToken?: boolean;
}

interface Expect {
  /** The error the execution must end with; 'ok' when it must succeed; absent when either is right. */
  outcome?: RegExp | 'ok';
  /** Decoded path segments of every Graph request ('*' matches one segment); absent: no Graph request at all. */
  paths?: string[][];
  /** Decoded query options the first request must carry exactly. */
  query?: Record<string, string>;
  /** Requests the trap may get (attachment downloads from a foreign URL), each without credentials. */
  trapRequests?: number;
  /** The tenant segment every token-endpoint request must carry (decoded); default: the sandbox's tenant. */
  tenant?: string;
}

interface Row { fn: Fn; what: string; input: Input; expect: Expect }

const row = (fn: Fn, what: string, input: Input, expect: Expect): Row => ({ fn, what, input, expect });
/** Refused before any request, with an error naming the problem. */
const refused = (outcome: RegExp): Expect => ({ outcome });
const sent = (paths: string[][], more: Omit<Expect, 'paths'> = {}): Expect => ({ paths, ...more });

const inboxMessages = ['me', 'mailFolders', 'inbox', 'messages'];
const folderMessages = (id: string): string[] => ['me', 'mailFolders', id, 'messages'];
const inboxDelta = ['me', 'mailFolders', 'inbox', 'messages', 'delta'];
const folderListing = [['me', 'mailFolders'], ['me', 'mailFolders', '*', 'childFolders']];
/** Graph (and the sandbox) refuse ids that are not Outlook ids with 400 ErrorInvalidIdMalformed. */
const NOT_FOUND = /ErrorInvalidIdMalformed|ErrorItemNotFound|not found/;
const FOREIGN = /Refusing to send the access token/;
const DELTA = { pollingMode: 'delta', folderId: 'inbox' };
const v2 = (extra: Record<string, unknown>): Record<string, unknown> => ({ v: 2, mode: 'delta', since: '1970-01-01T00:00:00.000Z', seen: [], ...extra });
/** A delta snapshot whose catch-up is done, so the execution starts with a delta round (the first request is the delta query). */
const ROUND_DUE = v2({ base: { since: '1970-01-01T00:00:00.000Z', seen: [] } });
const mail = { to: 'adele.vance@contoso.onmicrosoft.com', subject: 'hostile input', body: 'text' };
const event = { subject: 'hostile input', start: '2026-12-01T09:00:00', end: '2026-12-01T10:00:00', timeZone: 'UTC' };
const LONG_ID = `AAMkAD${'x'.repeat(70)}`;
/** The look-up for an earlier delivery of the same input (lib/outlook/mail/sendOnce.ts) comes before any send. */
const lookup = (root: string[] = ['me']): string[] => [...root, 'messages'];

const ROWS: Row[] = [
  // ---- readMail: ids and names in paths
  row('readMail', 'folder id with a slash', { cfg: { folderId: 'a/b' } }, sent([folderMessages('a/b')], { outcome: NOT_FOUND })),
  row('readMail', 'folder id ".."', { cfg: { folderId: '..' } }, refused(/Mail Folder \(folderId\): ".." is not a valid id/)),
  row('readMail', 'folder id "."', { cfg: { folderId: '.' } }, refused(/Mail Folder \(folderId\): "\." is not a valid id/)),
  row('readMail', 'folder id carrying a query', { cfg: { folderId: 'inbox?$top=1&$filter=true' } }, sent([folderMessages('inbox?$top=1&$filter=true')], { outcome: NOT_FOUND })),
  row('readMail', 'folder id carrying a fragment', { cfg: { folderId: 'inbox#x' } }, sent([folderMessages('inbox#x')], { outcome: NOT_FOUND })),
  row('readMail', 'folder id with an encoded slash', { cfg: { folderId: 'a%2Fb' } }, sent([folderMessages('a%2Fb')], { outcome: NOT_FOUND })),
  row('readMail', 'folder id that is an encoded dot segment', { cfg: { folderId: '%2e%2e' } }, sent([folderMessages('%2e%2e')], { outcome: NOT_FOUND })),
  row('readMail', 'folder id with CR/LF', { cfg: { folderId: 'inbox\r\nX-Evil: 1' } }, refused(/Mail Folder \(folderId\): must not contain control characters/)),
  row('readMail', 'folder id in unicode', { cfg: { folderId: 'Posteingang 📬 ü' } }, sent([folderMessages('Posteingang 📬 ü')], { outcome: NOT_FOUND })),
  row('readMail', 'folder id with an OData quote', { cfg: { folderId: "inbox' or true" } }, sent([folderMessages("inbox' or true")], { outcome: NOT_FOUND })),
  row('readMail', 'absolute URL as folder id', { cfg: { folderId: '{trap}/v1.0/me/mailFolders/inbox' } }, sent([folderMessages('{trap}/v1.0/me/mailFolders/inbox')], { outcome: NOT_FOUND })),
  row('readMail', 'protocol-relative URL as folder id', { cfg: { folderId: '//127.0.0.1:{trapPort}/v1.0/me' } }, sent([folderMessages('//127.0.0.1:{trapPort}/v1.0/me')], { outcome: NOT_FOUND })),
  row('readMail', 'path traversal as folder id', { cfg: { folderId: '../../users/alex.wilber@contoso.onmicrosoft.com/mailFolders/inbox' } },
    sent([folderMessages('../../users/alex.wilber@contoso.onmicrosoft.com/mailFolders/inbox')], { outcome: NOT_FOUND })),
  row('readMail', 'empty folder id', { cfg: { folderId: '' } }, refused(/Mail Folder \(folderId\): is required/)),
  row('readMail', 'folder id of the wrong type', { cfg: { folderId: 42 } }, refused(/Mail Folder/)),
  row('readMail', 'mailbox with traversal', { cfg: { folderId: 'inbox', mailbox: 'alex.wilber@contoso.onmicrosoft.com/../../me' } },
    sent([['users', 'alex.wilber@contoso.onmicrosoft.com/../../me', 'mailFolders', 'inbox', 'messages']], { outcome: /ErrorInvalidUser/ })),
  row('readMail', 'mailbox ".."', { cfg: { folderId: 'inbox', mailbox: '..' } }, refused(/Mailbox \(mailbox\): "\.\." is not a valid id/)),
  row('readMail', 'mailbox with CR/LF', { cfg: { folderId: 'inbox', mailbox: 'adele.vance@contoso.onmicrosoft.com\r\nHost: evil' } }, refused(/Mailbox \(mailbox\): must not contain control characters/)),
  row('readMail', 'another user\'s mailbox by UPN', { cfg: { folderId: 'inbox', mailbox: 'alex.wilber@contoso.onmicrosoft.com' } },
    sent([['users', 'alex.wilber@contoso.onmicrosoft.com', 'mailFolders', 'inbox', 'messages']], { outcome: /ErrorAccessDenied/ })),
  // ---- readMail: dates, options, snapshots
  row('readMail', 'start time in words', { cfg: { folderId: 'inbox', startTime: 'yesterday' } }, refused(/Start Time \(startTime\): "yesterday" is not an ISO 8601 date-time/)),
  row('readMail', 'start time on 30 February', { cfg: { folderId: 'inbox', startTime: '2024-02-30T00:00:00Z' } }, refused(/Start Time/)),
  row('readMail', 'start time without a zone', { cfg: { folderId: 'inbox', startTime: '2024-01-01T00:00:00' } }, refused(/Start Time/)),
  row('readMail', 'OData injection in the start time', { cfg: { folderId: 'inbox', startTime: '2024-01-01T00:00:00Z or true' } }, refused(/Start Time/)),
  row('readMail', 'start time with a +14:00 offset', { cfg: { folderId: 'inbox', startTime: '2024-01-01T00:00:00+14:00' } },
    sent([inboxMessages], { outcome: 'ok', query: { $filter: 'lastModifiedDateTime ge 2023-12-31T10:00:00Z' } })),
  row('readMail', 'unknown polling mode', { cfg: { folderId: 'inbox', pollingMode: 'sql' } }, refused(/Polling Mode \(pollingMode\): must be/)),
  row('readMail', 'unknown emit behaviour', { cfg: { folderId: 'inbox', emitBehavior: 'emitAll; drop' } }, refused(/Emit Behavior \(emitBehavior\): must be/)),
  row('readMail', 'negative maximum', { cfg: { folderId: 'inbox', maxMessages: '-1' } }, refused(/Maximum Messages per Execution \(maxMessages\): must be between/)),
  row('readMail', 'look-back beyond its range', { cfg: { folderId: 'inbox', lookbackSeconds: 100000 } }, refused(/Look-back/)),
  row('readMail', 'stored delta link on a foreign host', { cfg: DELTA, snapshot: v2({ link: '{trap}/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=x' }) }, refused(FOREIGN)),
  row('readMail', 'stored delta link on a host alias', { cfg: DELTA, snapshot: v2({ link: 'http://localhost:{graphPort}/v1.0/me/mailFolders/inbox/messages/delta' }) }, refused(FOREIGN)),
  row('readMail', 'stored delta link with user information', { cfg: DELTA, snapshot: v2({ link: 'http://user:pw@127.0.0.1:{graphPort}/v1.0/me/mailFolders/inbox/messages/delta' }) }, refused(FOREIGN)),
  row('readMail', 'stored delta link whose authority hides the trap', { cfg: DELTA, snapshot: v2({ link: 'http://127.0.0.1:{graphPort}@127.0.0.1:{trapPort}/v1.0/me/messages' }) }, refused(FOREIGN)),
  row('readMail', 'protocol-relative stored delta link', { cfg: DELTA, snapshot: v2({ link: '//127.0.0.1:{trapPort}/v1.0/me/messages' }) }, refused(FOREIGN)),
  row('readMail', 'stored delta link escaping /v1.0', { cfg: DELTA, snapshot: v2({ link: '{graph}/v1.0/../objects/x' }) }, refused(FOREIGN)),
  row('readMail', 'file: URL as stored delta link', { cfg: DELTA, snapshot: v2({ link: 'file:///etc/passwd' }) }, refused(FOREIGN)),
  row('readMail', 'snapshot of an unknown version', { cfg: { folderId: 'inbox' }, snapshot: { v: 3 } }, refused(/snapshot: unrecognised stored state/)),
  row('readMail', 'OData injection in a stored cursor', { cfg: { folderId: 'inbox' }, snapshot: { v: 2, mode: 'modified', since: "1970-01-01T00:00:00Z' or true", seen: [] } }, refused(/snapshot: stored state v2 is malformed/)),
  row('readMail', 'legacy snapshot with a malformed date', { cfg: { folderId: 'inbox' }, snapshot: { lastModifiedDateTime: 'not a date' } }, refused(/snapshot: stored lastModifiedDateTime/)),
  row('readMail', 'snapshot with a wrongly typed memory', { cfg: { folderId: 'inbox' }, snapshot: { v: 2, mode: 'modified', since: '2024-01-01T00:00:00Z', seen: 'abc' } }, refused(/snapshot: stored state v2 is malformed/)),
  row('readMail', 'nextLink to a foreign host', { cfg: DELTA, snapshot: ROUND_DUE, nextLink: '{trap}/v1.0/me/mailFolders/inbox/messages/delta?$skiptoken=x' }, sent([inboxDelta], { outcome: FOREIGN })),
  row('readMail', 'protocol-relative nextLink', { cfg: DELTA, snapshot: ROUND_DUE, nextLink: '//127.0.0.1:{trapPort}/v1.0/me/messages' }, sent([inboxDelta], { outcome: FOREIGN })),
  row('readMail', 'nextLink to the public Graph host', { cfg: DELTA, snapshot: ROUND_DUE, nextLink: 'https://graph.microsoft.com/v1.0/me/messages' }, sent([inboxDelta], { outcome: FOREIGN })),
  row('readMail', 'nextLink to a foreign host (lastModifiedDateTime mode)', { cfg: { folderId: 'inbox' }, nextLink: '{trap}/v1.0/me/messages?$skip=10' }, sent([inboxMessages], { outcome: FOREIGN })),
  // ---- credentials: the tenant goes into the token endpoint's path when a refresh is due
  row('readMail', 'tenant with traversal', { cfg: { folderId: 'inbox', tenantId: '../../evil' }, expiredToken: true }, { outcome: /Token refresh refused/, tenant: '../../evil' }),
  row('readMail', 'tenant ".."', { cfg: { folderId: 'inbox', tenantId: '..' }, expiredToken: true }, refused(/AD Tenant ID \(tenantId\): "\.\." is not a valid id/)),
  row('readMail', 'tenant carrying a query and a fragment', { cfg: { folderId: 'inbox', tenantId: 'common?x=1#y' }, expiredToken: true }, { outcome: /Token refresh refused/, tenant: 'common?x=1#y' }),
  row('readMail', 'tenant as a URL', { cfg: { folderId: 'inbox', tenantId: '{trap}/' }, expiredToken: true }, { outcome: /Token refresh refused/, tenant: '{trap}/' }),
  // ---- getContacts
  row('getContacts', 'contact folder id with a slash', { cfg: { contactFolderId: 'a/b' } }, sent([['me', 'contactFolders', 'a/b', 'contacts']], { outcome: NOT_FOUND })),
  row('getContacts', 'contact folder id ".."', { cfg: { contactFolderId: '..' } }, refused(/Contact Folder \(contactFolderId\): "\.\." is not a valid id/)),
  row('getContacts', 'contact folder id carrying a query', { cfg: { contactFolderId: 'x?$filter=true' } }, sent([['me', 'contactFolders', 'x?$filter=true', 'contacts']], { outcome: NOT_FOUND })),
  row('getContacts', 'contact folder id that is an encoded dot segment', { cfg: { contactFolderId: '.%2E' } }, sent([['me', 'contactFolders', '.%2E', 'contacts']], { outcome: NOT_FOUND })),
  row('getContacts', 'mailbox carrying a fragment', { cfg: { mailbox: 'x@y.com#frag' } }, sent([['users', 'x@y.com#frag', 'contacts']], { outcome: /ErrorInvalidUser/ })),
  row('getContacts', 'start time in another format', { cfg: { startTime: '31/12/2024' } }, refused(/Start Time/)),
  row('getContacts', 'nextLink to a foreign host', { cfg: {}, nextLink: '{trap}/v1.0/me/contacts?$skip=500' }, sent([['me', 'contacts']], { outcome: FOREIGN })),
  // ---- pollEvents and upcomingEvents
  row('pollEvents', 'calendar id with a slash', { cfg: { calendarId: 'a/b' } }, sent([['me', 'calendars', 'a/b', 'events']], { outcome: NOT_FOUND })),
  row('pollEvents', 'calendar id ".."', { cfg: { calendarId: '..' } }, refused(/Calendar \(calendarId\): "\.\." is not a valid id/)),
  row('pollEvents', 'calendar id with CR/LF', { cfg: { calendarId: 'x\r\nX-Evil: 1' } }, refused(/Calendar \(calendarId\): must not contain control characters/)),
  row('pollEvents', 'calendar id with an OData quote', { cfg: { calendarId: "x' or true" } }, sent([['me', 'calendars', "x' or true", 'events']], { outcome: NOT_FOUND })),
  row('pollEvents', 'calendar id of the wrong type', { cfg: { calendarId: 42 } }, refused(/Calendar \(calendarId\)/)),
  row('pollEvents', 'OData injection in the start time', { cfg: { startTime: '2024-01-01T00:00:00Z or true' } }, refused(/Start Time/)),
  row('pollEvents', 'unknown output time zone', { cfg: { outputTimeZone: 'Mars/Olympus_Mons' } }, refused(/Output Time Zone \(outputTimeZone\)/)),
  row('pollEvents', 'output time zone breaking out of its quotes', { cfg: { outputTimeZone: 'UTC", odata.maxpagesize=1' } }, refused(/Output Time Zone \(outputTimeZone\)/)),
  row('pollEvents', 'window beyond its range', { cfg: { emitOccurrences: true, windowDays: 100000 } }, refused(/Window \(days\) \(windowDays\)/)),
  row('pollEvents', 'occurrences flag of the wrong type', { cfg: { emitOccurrences: 'sometimes' } }, refused(/Emit Occurrences \(emitOccurrences\)/)),
  row('pollEvents', 'stored delta link on a foreign host', { cfg: { emitOccurrences: true }, snapshot: v2({ link: '{trap}/v1.0/me/calendar/calendarView/delta?$deltatoken=x' }) }, refused(FOREIGN)),
  row('pollEvents', 'nextLink to a foreign host', { cfg: {}, nextLink: '{trap}/v1.0/me/calendar/events?$skip=500' }, sent([['me', 'calendar', 'events']], { outcome: FOREIGN })),
  row('upcomingEvents', 'calendar id ".."', { cfg: { calendarId: '..' } }, refused(/Calendar \(calendarId\): "\.\." is not a valid id/)),
  row('upcomingEvents', 'calendar id carrying a query', { cfg: { calendarId: 'x?$top=1' } }, sent([['me', 'calendars', 'x?$top=1', 'calendarView']], { outcome: /not found/ })),
  row('upcomingEvents', 'minutes of the wrong type', { cfg: { minutesBefore: 'soon' } }, refused(/Minutes Before Start \(minutesBefore\)/)),
  row('upcomingEvents', 'minutes beyond a week', { cfg: { minutesBefore: 20000 } }, refused(/Minutes Before Start \(minutesBefore\)/)),
  row('upcomingEvents', 'mailbox with traversal', { cfg: { mailbox: 'alex.wilber@contoso.onmicrosoft.com/../../me' } },
    sent([['users', 'alex.wilber@contoso.onmicrosoft.com/../../me', 'calendar', 'calendarView']], { outcome: /ErrorInvalidUser/ })),
  row('upcomingEvents', 'a snapshot of another trigger', { cfg: {}, snapshot: v2({}) }, refused(/unrecognised stored state of Upcoming Events/)),
  row('upcomingEvents', 'nextLink to a foreign host', { cfg: {}, nextLink: '{trap}/v1.0/me/calendar/calendarView?$skip=500' }, sent([['me', 'calendar', 'calendarView']], { outcome: FOREIGN })),
  // ---- sendMail
  row('sendMail', 'recipient with an injected Bcc header', { body: { ...mail, to: 'a@contoso.com\r\nBcc: victim@contoso.com' } }, refused(/to/)),
  row('sendMail', 'OData injection as recipient', { body: { ...mail, to: "x' or true" } }, refused(/to.*not a valid e-mail address/)),
  row('sendMail', 'no recipient', { body: { ...mail, to: '' } }, refused(/To \(to\): at least one recipient/)),
  row('sendMail', 'recipient of the wrong type', { body: { ...mail, to: 42 } }, refused(/to/)),
  row('sendMail', 'display name with CR/LF stays inside JSON', { body: { ...mail, to: { address: 'adele.vance@contoso.onmicrosoft.com', name: 'Evil\r\nBcc: x@y.com' } } }, sent([lookup(), ['me', 'sendMail']], { outcome: 'ok' })),
  row('sendMail', 'internationalised address', { body: { ...mail, to: 'jörg@bücher.example' } }, sent([lookup(), ['me', 'sendMail']], { outcome: 'ok' })),
  row('sendMail', 'subject longer than 255 characters', { body: { ...mail, subject: 'x'.repeat(300) } }, refused(/Subject \(subject\): is longer than 255/)),
  row('sendMail', 'body above the 4 MB request limit', { body: { ...mail, body: 'x'.repeat(5 * 1024 * 1024) } }, refused(/Body \(body\): is \d+ bytes; Microsoft Graph accepts at most/)),
  row('sendMail', 'custom header with CR/LF', { body: { ...mail, headers: { 'X-Ticket': 'a\r\nBcc: x@y.com' } } }, refused(/Custom Headers \(headers\): the value of X-Ticket must be one line/)),
  row('sendMail', 'standard header smuggled as custom header', { body: { ...mail, headers: { Bcc: 'x@y.com' } } }, refused(/Custom Headers \(headers\): "Bcc" is not allowed/)),
  row('sendMail', 'mailbox with traversal', { body: { ...mail, mailbox: '../users/alex.wilber@contoso.onmicrosoft.com' } }, sent([lookup(['users', '../users/alex.wilber@contoso.onmicrosoft.com'])], { outcome: /ErrorInvalidUser/ })),
  row('sendMail', 'saveToSentItems of the wrong type', { body: { ...mail, saveToSentItems: 'maybe' } }, refused(/Save to Sent Items \(saveToSentItems\): must be true or false/)),
  row('sendMail', 'attachment from a file: URL', { body: { ...mail, attachments: [{ name: 'a', url: 'file:///etc/passwd' }] } }, refused(/Attachments \(attachments\[0\]\.url\): must be an http\(s\) URL/)),
  row('sendMail', 'attachment name with a path', { body: { ...mail, attachments: [{ name: '../../x', url: '{graph}/objects/x' }] } }, refused(/attachments\[0\]\.name/)),
  row('sendMail', 'attachment from a foreign host gets no credentials', { body: { ...mail, attachments: [{ name: 'a.txt', url: '{trap}/file.txt' }] } }, sent([lookup(), ['me', 'sendMail']], { outcome: 'ok', trapRequests: 1 })),
  row('sendMail', 'storage redirect to a foreign host does not carry the storage token', { env: { ELASTICIO_OBJECT_STORAGE_URI: '{storage}' },
    body: { ...mail, attachments: [{ name: 'a.txt', url: '{storage}/redirect?to={trap}/stolen' }] } }, sent([lookup(), ['me', 'sendMail']], { outcome: 'ok', trapRequests: 1 })),
  row('sendMail', 'body that is not an object', { body: ['to', 'a@b.com'] }, refused(/message body: must be an object/)),
  // ---- getMessages
  row('getMessages', 'OData injection in subjectContains', { body: { subjectContains: "x') or true or contains(subject,'" } },
    sent([['me', 'messages']], { outcome: 'ok', query: { $filter: "contains(subject,'x'') or true or contains(subject,''')" } })),
  row('getMessages', 'OData injection as sender', { body: { from: "x' or true" } }, refused(/From \(from\): .* is not a valid e-mail address/)),
  row('getMessages', 'sender with an apostrophe', { body: { from: "o'brien@contoso.com" } }, sent([['me', 'messages']], { outcome: 'ok', query: { $filter: "from/emailAddress/address eq 'o''brien@contoso.com'" } })),
  row('getMessages', 'quotes in a search', { body: { search: 'a" OR "b' } }, sent([['me', 'messages']], { outcome: 'ok', query: { $search: '"a\\" OR \\"b"' } })),
  row('getMessages', 'percent-encoded quote in a filter value', { body: { subjectContains: '%27 or true' } }, sent([['me', 'messages']], { outcome: 'ok', query: { $filter: "contains(subject,'%27 or true')" } })),
  row('getMessages', 'search above its length limit', { body: { search: 'x'.repeat(1001) } }, refused(/Search \(search\): is longer than 1000/)),
  row('getMessages', 'search combined with a filter', { body: { search: 'x', unreadOnly: true } }, refused(/cannot be combined/)),
  row('getMessages', 'OData injection in a date', { body: { receivedAfter: "2024-01-01T00:00:00Z' or true" } }, refused(/receivedAfter/)),
  row('getMessages', 'month 13', { body: { receivedAfter: '2024-13-01' } }, refused(/receivedAfter/)),
  row('getMessages', 'date with an offset', { body: { receivedAfter: '2024-01-01T00:00:00+05:30' } }, sent([['me', 'messages']], { outcome: 'ok', query: { $filter: 'receivedDateTime ge 2023-12-31T18:30:00Z' } })),
  row('getMessages', 'folder path with traversal', { body: { folder: 'Inbox/../../users/x' } }, sent(folderListing, { outcome: /Mail Folder \(folder\): no mail folder/ })),
  row('getMessages', 'id-like folder with an encoded slash', { body: { folder: `${LONG_ID}%2F..` } }, sent([folderMessages(`${LONG_ID}%2F..`)], { outcome: /not found/ })),
  row('getMessages', 'id-like folder with CR/LF', { body: { folder: `${LONG_ID}\r\n${LONG_ID}` } }, refused(/Mail Folder \(folder\): must not contain control characters/)),
  row('getMessages', 'maximum in words', { body: { maxResults: 'all' } }, refused(/Maximum Messages \(maxResults\): must be a whole number/)),
  row('getMessages', 'maximum beyond its range', { body: { maxResults: 1e9 } }, refused(/Maximum Messages \(maxResults\): must be between/)),
  row('getMessages', 'unknown body type', { body: { includeBody: true, bodyType: 'rtf' } }, refused(/Body Format \(bodyType\): must be one of/)),
  row('getMessages', 'nextLink to a foreign host', { body: { maxResults: 1000 }, nextLink: '{trap}/v1.0/me/messages?$skip=250' }, sent([['me', 'messages']], { outcome: FOREIGN })),
  // ---- moveMail
  row('moveMail', 'message id with traversal', { body: { messageId: 'abc/../../mailFolders' } }, sent([['me', 'messages', 'abc/../../mailFolders', 'move']], { outcome: NOT_FOUND })),
  row('moveMail', 'message id ".."', { body: { messageId: '..' } }, refused(/Message ID \(messageId\): "\.\." is not a valid id/)),
  row('moveMail', 'message id with ?, # and %2F', { body: { messageId: 'x?y#z%2F' } }, sent([['me', 'messages', 'x?y#z%2F', 'move']], { outcome: NOT_FOUND })),
  row('moveMail', 'empty message id', { body: { messageId: '' } }, refused(/Message ID \(messageId\): is required/)),
  row('moveMail', 'message id of the wrong type', { body: { messageId: { $ne: null } } }, refused(/Message ID \(messageId\): must be an id/)),
  row('moveMail', 'message id with CR/LF', { body: { messageId: 'abc\r\nHost: evil' } }, refused(/Message ID \(messageId\): must not contain control characters/)),
  row('moveMail', 'OData quote as destination', { body: { messageId: LONG_ID, destinationFolder: "inbox' or true" } }, sent(folderListing, { outcome: /Destination Mail Folder \(destinationFolder\): no mail folder/ })),
  row('moveMail', 'URL as destination', { body: { messageId: LONG_ID, destinationFolder: '{trap}/v1.0/me/mailFolders/inbox' } }, sent(folderListing, { outcome: /Destination Mail Folder \(destinationFolder\): no mail folder/ })),
  // ---- replyToMessage
  row('replyToMessage', 'message id with traversal', { body: { messageId: 'abc/../../mailFolders' } }, sent([lookup(), ['me', 'messages', 'abc/../../mailFolders', 'createReply']], { outcome: /Message ID \(messageId\): no message with this id/ })),
  row('replyToMessage', 'message id ".."', { body: { messageId: '..' } }, refused(/Message ID \(messageId\): "\.\." is not a valid id/)),
  row('replyToMessage', 'message id with CR/LF', { body: { messageId: 'abc\r\nHost: evil' } }, refused(/Message ID \(messageId\): must not contain control characters/)),
  row('replyToMessage', 'extra Cc with an injected Bcc header', { body: { messageId: LONG_ID, cc: 'a@contoso.com\r\nBcc: victim@contoso.com' } }, refused(/Cc \(cc/)),
  row('replyToMessage', 'comment of the wrong type', { body: { messageId: LONG_ID, comment: { content: ['<p>'] } } }, refused(/Comment \(comment\): must be text/)),
  row('replyToMessage', 'comment above the 4 MB request limit', { body: { messageId: LONG_ID, comment: 'x'.repeat(5 * 1024 * 1024) } }, refused(/Comment \(comment\): is \d+ bytes/)),
  row('replyToMessage', 'reply-all flag of the wrong type', { body: { messageId: LONG_ID, replyAll: 'everyone' } }, refused(/Reply All \(replyAll\): must be true or false/)),
  row('replyToMessage', 'attachment from a file: URL', { body: { messageId: LONG_ID, attachments: [{ name: 'a', url: 'file:///etc/passwd' }] } }, refused(/Attachments \(attachments\[0\]\.url\): must be an http\(s\) URL/)),
  // ---- forwardMessage
  row('forwardMessage', 'no recipient', { body: { messageId: LONG_ID, comment: 'fyi' } }, refused(/To \(to\): at least one recipient/)),
  row('forwardMessage', 'OData injection as recipient', { body: { messageId: LONG_ID, to: "x' or true" } }, refused(/to.*not a valid e-mail address/)),
  row('forwardMessage', 'message id with ?, # and %2F', { body: { messageId: 'x?y#z%2F', to: 'a@contoso.com' } }, sent([lookup(), ['me', 'messages', 'x?y#z%2F', 'createForward']], { outcome: /Message ID \(messageId\): no message with this id/ })),
  row('forwardMessage', 'mailbox with traversal', { body: { messageId: LONG_ID, to: 'a@contoso.com', mailbox: '../users/alex.wilber@contoso.onmicrosoft.com' } },
    sent([lookup(['users', '../users/alex.wilber@contoso.onmicrosoft.com'])], { outcome: /ErrorInvalidUser/ })),
  row('forwardMessage', 'attachment from a foreign host gets no credentials, and the unknown message stops the forward', { body: { messageId: LONG_ID, to: 'a@contoso.com', attachments: [{ name: 'a.txt', url: '{trap}/file.txt' }] } },
    sent([lookup(), ['me', 'messages', LONG_ID, 'createForward']], { outcome: /no message with this id/, trapRequests: 1 })),
  // ---- drafts
  row('createDraft', 'recipient with an injected Bcc header', { body: { to: 'a@contoso.com\r\nBcc: victim@contoso.com' } }, refused(/to/)),
  row('createDraft', 'standard header smuggled as custom header', { body: { subject: 's', headers: { 'Content-Type': 'text/evil' } } }, refused(/Custom Headers \(headers\): "Content-Type" is not allowed/)),
  row('createDraft', 'body above the 4 MB request limit', { body: { body: 'x'.repeat(5 * 1024 * 1024) } }, refused(/Body \(body\): is \d+ bytes/)),
  row('createDraft', 'mailbox with traversal', { body: { subject: 's', mailbox: '../me' } }, sent([['users', '../me', 'messages']], { outcome: /ErrorInvalidUser/ })),
  row('updateDraft', 'draft id with traversal', { body: { messageId: 'abc/../../mailFolders', subject: 's' } }, sent([['me', 'messages', 'abc/../../mailFolders']], { outcome: /Draft ID \(messageId\): no message with this id/ })),
  row('updateDraft', 'draft id ".."', { body: { messageId: '..', subject: 's' } }, refused(/Draft ID \(messageId\): "\.\." is not a valid id/)),
  row('updateDraft', 'OData injection as recipient', { body: { messageId: LONG_ID, to: "x' or true" } }, refused(/to.*not a valid e-mail address/)),
  row('updateDraft', 'nothing to change', { body: { messageId: LONG_ID } }, refused(/Draft ID \(messageId\): nothing to change/)),
  row('addDraftAttachment', 'attachment from a file: URL', { body: { messageId: LONG_ID, attachments: [{ name: 'a', url: 'file:///etc/passwd' }] } }, refused(/Attachments \(attachments\[0\]\.url\): must be an http\(s\) URL/)),
  row('addDraftAttachment', 'attachments that are not a list', { body: { messageId: LONG_ID, attachments: { url: '{graph}/objects/x' } } }, refused(/Attachments \(attachments\): must be a list/)),
  row('addDraftAttachment', 'draft id with CR/LF', { body: { messageId: 'abc\r\nHost: evil', attachments: [{ name: 'a', url: '{graph}/objects/x' }] } }, refused(/Draft ID \(messageId\): must not contain control characters/)),
  row('sendDraft', 'draft id with ?, # and %2F', { body: { messageId: 'x?y#z%2F' } }, sent([lookup(), ['me', 'messages', 'x?y#z%2F']], { outcome: /Draft ID \(messageId\): no message with this id/ })),
  row('sendDraft', 'draft id of the wrong type', { body: { messageId: { $ne: null } } }, refused(/Draft ID \(messageId\): must be an id/)),
  row('sendDraft', 'empty draft id', { body: { messageId: '' } }, refused(/Draft ID \(messageId\): is required/)),
  // ---- readMail filters and newAttachment
  row('readMail', 'OData injection as sender filter', { cfg: { folderId: 'inbox', from: "x' or true" } }, refused(/From \(from\): .* is not a valid e-mail address/)),
  row('readMail', 'category filter closing its string early', { cfg: { folderId: 'inbox', categories: "a') or true or (x eq 'b" } },
    sent([inboxMessages], { outcome: 'ok', query: { $filter: "lastModifiedDateTime ge 1970-01-01T00:00:00Z and categories/any(c:c eq 'a'') or true or (x eq ''b')" } })),
  row('readMail', 'importance filter outside its values', { cfg: { folderId: 'inbox', importance: "high' or true" } }, refused(/Importance \(importance\): must be one of/)),
  row('newAttachment', 'folder id ".."', { cfg: { folderId: '..' } }, refused(/Mail Folder \(folderId\): "\.\." is not a valid id/)),
  row('newAttachment', 'folder id carrying a query', { cfg: { folderId: 'inbox?$top=1' } }, sent([folderMessages('inbox?$top=1')], { outcome: NOT_FOUND })),
  row('newAttachment', 'file types of the wrong type', { cfg: { folderId: 'inbox', fileTypes: [42] } }, refused(/File Types \(fileTypes\): item 1 must be a string/)),
  // ---- reading
  row('getMessage', 'message id with traversal', { body: { messageId: 'abc/../../mailFolders' } }, sent([['me', 'messages', 'abc/../../mailFolders']], { outcome: NOT_FOUND })),
  row('getMessage', 'message id with CR/LF', { body: { messageId: 'abc\r\nHost: evil' } }, refused(/Message ID \(messageId\): must not contain control characters/)),
  row('getMessage', 'OData injection in the Internet Message-ID', { body: { internetMessageId: "<a' or true or internetMessageId eq 'b>" } },
    sent([['me', 'messages']], { outcome: /no message with Internet Message-ID/, query: { $filter: "internetMessageId eq '<a'' or true or internetMessageId eq ''b>'" } })),
  row('getMessages', 'OData filter smuggling a query option', { body: { filter: 'isRead eq false&$select=id' } }, refused(/OData Filter \(filter\): unexpected "&"/)),
  row('getMessages', 'OData filter closing a string early', { body: { filter: "subject eq 'a') or (true" } }, refused(/OData Filter \(filter\): unexpected "\)"/)),
  row('getMessages', 'OData filter on recipients', { body: { filter: "toRecipients/any(r:r/emailAddress/address eq 'a@b.co')" } }, refused(/OData Filter \(filter\): any\(\) is allowed only on categories/)),
  row('getMessages', 'OData filter with a function Graph lacks', { body: { filter: "tolower(subject) eq 'x'" } }, refused(/OData Filter \(filter\): "tolower" is not a property/)),
  row('getMessages', 'category closing its string early', { body: { categories: "Client's') or true or categories/any(c:c eq 'x" } },
    sent([['me', 'messages']], { outcome: 'ok', query: { $filter: "categories/any(c:c eq 'Client''s'') or true or categories/any(c:c eq ''x')" } })),
  row('getMessages', 'conversation id with a quote', { body: { conversationId: "AAQ' or true" } }, sent([['me', 'messages']], { outcome: 'ok', query: { $filter: "conversationId eq 'AAQ'' or true'" } })),
  row('getMessages', 'OData quote as To', { body: { to: "x' or true" } }, refused(/To \(to\): .* is not a valid e-mail address/)),
  row('getMessages', 'To combined with an order', { body: { to: 'a@contoso.com', orderBy: 'sentDateTime desc' } }, refused(/cannot be combined/)),
  row('getMessages', 'order by an unknown property', { body: { orderBy: 'subject; drop' } }, refused(/Order \(orderBy\): must be one of/)),
  row('downloadAttachments', 'message id with traversal', { body: { messageId: 'abc/../x' } }, sent([['me', 'messages', 'abc/../x']], { outcome: NOT_FOUND })),
  row('downloadAttachments', 'file types of the wrong type', { body: { messageId: LONG_ID, fileTypes: { pdf: true } } }, refused(/File Types \(fileTypes\): item 1 must be a string/)),
  // ---- organising
  row('copyMail', 'message id ".."', { body: { messageId: '..', destinationFolder: 'inbox' } }, refused(/Message ID \(messageId\): "\.\." is not a valid id/)),
  row('copyMail', 'message id with traversal', { body: { messageId: 'x/../y', destinationFolder: 'inbox' } }, sent([['me', 'messages', 'x/../y', 'copy']], { outcome: NOT_FOUND })),
  row('copyMail', 'URL as destination', { body: { messageId: LONG_ID, destinationFolder: '{trap}/v1.0/me/mailFolders/inbox' } }, sent(folderListing, { outcome: /Destination Mail Folder \(destinationFolder\): no mail folder/ })),
  row('deleteMessage', 'message id with ?, # and %2F, permanently', { body: { messageId: 'x?y#z%2F', permanent: true } }, sent([['me', 'messages', 'x?y#z%2F', 'permanentDelete']], { outcome: NOT_FOUND })),
  row('deleteMessage', 'permanent flag of the wrong type', { body: { messageId: LONG_ID, permanent: 'maybe' } }, refused(/Delete Permanently \(permanent\): must be true or false/)),
  row('updateMessage', 'categories of the wrong type', { body: { messageId: LONG_ID, categories: [{ $ne: 1 }] } }, refused(/Categories \(categories\): item 1 must be a string/)),
  row('updateMessage', 'flag due date without a start', { body: { messageId: LONG_ID, flag: 'flagged', flagDue: '2026-12-01T09:00' } }, refused(/Flag Due \(flagDue\): needs Flag Start/)),
  row('updateMessage', 'time zone with CR/LF', { body: { messageId: LONG_ID, flag: 'flagged', flagStart: '2026-12-01T09:00', timeZone: 'UTC\r\nX: y' } }, refused(/Time Zone \(timeZone\)/)),
  row('updateMessage', 'message id with traversal', { body: { messageId: 'a/../b', isRead: true } }, sent([['me', 'messages', 'a/../b']], { outcome: NOT_FOUND })),
  row('getMailFolders', 'parent folder path with traversal', { body: { parentFolder: 'Inbox/../../users/x' } }, sent(folderListing, { outcome: /Parent Mail Folder \(parentFolder\): no mail folder/ })),
  row('getMailFolders', 'mailbox with CR/LF', { body: { mailbox: 'a@contoso.com\r\nHost: evil' } }, refused(/Mailbox \(mailbox\): must not contain control characters/)),
  row('createMailFolder', 'folder name with slashes stays one name', { body: { displayName: 'a/../b' } }, sent([['me', 'mailFolders']], { outcome: 'ok' })),
  row('createMailFolder', 'folder name of the wrong type', { body: { displayName: ['x'] } }, refused(/Folder Name \(displayName\): must be a string/)),
  row('createMailFolder', 'parent ".."', { body: { displayName: 'x', parentFolder: '..' } }, refused(/Parent Mail Folder \(parentFolder\): "\.\." is not a valid id/)),
  row('updateMailFolder', 'renaming Inbox', { body: { folder: 'Inbox', displayName: 'x' } }, refused(/one of Outlook's own folders/)),
  row('updateMailFolder', 'folder path with traversal', { body: { folder: `${LONG_ID}/../x`, displayName: 'y' } }, sent(folderListing, { outcome: /Mail Folder \(folder\): no mail folder/ })),
  row('deleteMailFolder', 'the top of the mailbox', { body: { folder: 'msgfolderroot', permanent: true } }, refused(/one of Outlook's own folders/)),
  row('deleteMailFolder', 'folder id with ? and #', { body: { folder: `${LONG_ID}?x#y`, permanent: true } }, sent([['me', 'mailFolders', `${LONG_ID}?x#y`, 'permanentDelete']], { outcome: NOT_FOUND })),
  // ---- categories and automatic replies
  row('createCategory', 'colour outside the presets', { body: { displayName: 'x', color: 'preset25' } }, refused(/Colour \(color\): must be one of/)),
  row('createCategory', 'name with an OData quote stays in JSON', { body: { displayName: "x' or true" } }, sent([['me', 'outlook', 'masterCategories']], { outcome: 'ok' })),
  row('getAutomaticReplies', 'another user\'s mailbox', { body: { mailbox: 'alex.wilber@contoso.onmicrosoft.com' } },
    sent([['users', 'alex.wilber@contoso.onmicrosoft.com', 'mailboxSettings', 'automaticRepliesSetting']], { outcome: /ErrorAccessDenied/ })),
  row('getAutomaticReplies', 'mailbox ".."', { body: { mailbox: '..' } }, refused(/Mailbox \(mailbox\): "\.\." is not a valid id/)),
  row('setAutomaticReplies', 'start in words', { body: { status: 'scheduled', scheduledStart: 'monday', scheduledEnd: '2026-12-04T17:00' } }, refused(/Start \(scheduledStart\)/)),
  row('setAutomaticReplies', 'schedule ending before it starts', { body: { status: 'scheduled', scheduledStart: '2026-12-04T17:00', scheduledEnd: '2026-12-01T08:00' } }, refused(/End \(scheduledEnd\): must be after start/)),
  row('setAutomaticReplies', 'reply with CR/LF stays in JSON', { body: { status: 'alwaysEnabled', internalReplyMessage: 'a\r\nBcc: x@y.com' } }, sent([['me', 'mailboxSettings']], { outcome: 'ok' })),
  // ---- createEvent
  row('createEvent', 'start in words', { body: { ...event, start: 'tomorrow' } }, refused(/Start \(start\): "tomorrow" is not an ISO 8601 date-time/)),
  row('createEvent', 'start on 30 February', { body: { ...event, start: '2026-02-30T10:00:00' } }, refused(/start/)),
  row('createEvent', 'unknown time zone', { body: { ...event, timeZone: 'Mars/Olympus_Mons' } }, refused(/Time Zone \(timeZone\): "Mars\/Olympus_Mons" is not a known/)),
  row('createEvent', 'OData quote in a time zone', { body: { ...event, timeZone: "UTC' or true" } }, refused(/timeZone/)),
  row('createEvent', 'offset beyond ±14:00', { body: { ...event, start: '2026-12-01T09:00:00+25:00' } }, refused(/start/)),
  row('createEvent', 'end before start', { body: { ...event, end: '2026-12-01T08:00:00' } }, refused(/end/)),
  row('createEvent', 'calendar id with a slash', { body: { ...event, calendarId: 'a/b' } }, sent([['me', 'calendars', 'a/b', 'events']])),
  row('createEvent', 'calendar id ".."', { body: { ...event, calendarId: '..' } }, refused(/Calendar \(calendarId\): "\.\." is not a valid id/)),
  row('createEvent', 'attendee that is not an address', { body: { ...event, attendees: 'not-an-address' } }, refused(/attendees/)),
  row('createEvent', 'negative duration', { body: { ...event, end: undefined, durationMinutes: -5 } }, refused(/Duration \(minutes\) \(durationMinutes\): must be between/)),
  row('createEvent', 'all-day flag of the wrong type', { body: { ...event, isAllDay: 'maybe' } }, refused(/All Day Event \(isAllDay\): must be true or false/)),
  row('createEvent', 'body above the 4 MB request limit', { body: { ...event, body: 'x'.repeat(5 * 1024 * 1024) } }, sent([['me', 'events']], { outcome: /maximum request length supported is 4MB/ })),
  // ---- checkAvailability
  row('checkAvailability', 'OData quote as a schedule', { body: { start: '2026-12-01T09:00:00Z', schedules: "a@b.com' or true" } }, refused(/schedules/)),
  row('checkAvailability', 'start in words', { body: { start: 'now' } }, refused(/start/)),
  row('checkAvailability', 'time zone with CR/LF', { body: { start: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin\r\nX: y' } }, refused(/timeZone/)),
  row('checkAvailability', 'interval below 5 minutes', { body: { start: '2026-12-01T09:00:00Z', schedules: 'adele.vance@contoso.onmicrosoft.com', intervalMinutes: 1 } }, refused(/intervalMinutes/)),
  row('checkAvailability', 'mailbox with traversal', { body: { start: '2026-12-01T09:00:00Z', schedules: 'adele.vance@contoso.onmicrosoft.com', mailbox: '../me' } },
    sent([['users', '../me', 'calendar', 'getSchedule']])),
  // ---- findNextAvailableTime
  row('findNextAvailableTime', 'duration as ISO 8601 text', { body: { durationMinutes: 'PT1H' } }, refused(/Duration \(minutes\) \(durationMinutes\): must be a whole number/)),
  row('findNextAvailableTime', 'search window beyond its range', { body: { searchDays: 1000 } }, refused(/Search Days \(searchDays\): must be between/)),
  row('findNextAvailableTime', 'unknown activity domain', { body: { activityDomain: 'any' } }, refused(/Hours \(activityDomain\): must be one of/)),
  row('findNextAvailableTime', 'attendee name of the wrong type', { body: { requiredAttendees: [{ address: 'a@contoso.com', name: ['x'] }] } }, refused(/Required Attendees \(requiredAttendees.name\): must be a string/)),
  row('findNextAvailableTime', 'OData quote as attendee', { body: { requiredAttendees: "x' or 1 eq 1" } }, refused(/Required Attendees \(requiredAttendees\): .* is not a valid e-mail address/)),
  // ---- event actions and calendars
  row('getEvent', 'event id with ?, # and %2F', { body: { eventId: 'x?y#z%2F' } }, sent([['me', 'events', 'x?y#z%2F']], { outcome: NOT_FOUND })),
  row('getEvent', 'event id ".."', { body: { eventId: '..' } }, refused(/Event ID \(eventId\): "\.\." is not a valid id/)),
  row('updateEvent', 'event id with a slash and traversal', { body: { eventId: `${LONG_ID}/../messages`, subject: 'x' } }, sent([['me', 'events', `${LONG_ID}/../messages`]], { outcome: NOT_FOUND })),
  row('updateEvent', 'event id with CR/LF', { body: { eventId: 'AAMk\r\nX-Header: y', subject: 'x' } }, refused(/Event ID \(eventId\): must not contain control characters/)),
  row('updateEvent', 'OData quote as attendee to add', { body: { eventId: LONG_ID, addAttendees: "x' or 1 eq 1" } }, refused(/Add Attendees \(addAttendees\): .* is not a valid e-mail address/)),
  row('updateEvent', 'occurrence start with a query option', { body: { eventId: LONG_ID, occurrenceStart: '2026-12-01T09:00:00Z&$top=1', subject: 'x' } }, refused(/Occurrence Start \(occurrenceStart\)/)),
  row('deleteEvent', 'event id with ? and # on a series, by original start', { body: { eventId: 'a?b#c', occurrenceStart: '2026-12-01T09:00:00Z' } },
    sent([['me', 'events', 'a?b#c', 'instances']], { outcome: NOT_FOUND })),
  row('cancelEvent', 'event id ".."', { body: { eventId: '..', comment: 'x' } }, refused(/Event ID \(eventId\): "\.\." is not a valid id/)),
  row('cancelEvent', 'comment of the wrong type', { body: { eventId: LONG_ID, comment: ['x'] } }, refused(/Comment \(comment\)/)),
  row('respondToEvent', 'response that is an action path', { body: { eventId: LONG_ID, response: '../cancel' } }, refused(/Response \(response\): must be one of/)),
  row('respondToEvent', 'proposed new time with accept', { body: { eventId: LONG_ID, response: 'accept', proposedNewTime: { start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z' } } },
    refused(/Proposed New Time \(proposedNewTime\): is possible only with/)),
  row('forwardEvent', 'recipient with CR/LF and a header', { body: { eventId: LONG_ID, toRecipients: 'a@contoso.com\r\nBcc: b@evil.example' } }, refused(/To \(toRecipients\)/)),
  row('getEvents', 'OData quote in subject and categories', { body: { subjectContains: "x') or true or contains(subject,'", categories: "a'&$top=1" } },
    sent([['me', 'calendar', 'events']], { query: { $top: '100', $orderby: 'start/dateTime', $filter: "contains(subject,'x'') or true or contains(subject,''') and categories/any(c:c eq 'a''&$top=1')" } })),
  row('getEvents', 'range in words', { body: { start: 'yesterday', end: 'today' } }, refused(/Start \(start\)/)),
  row('getEvents', 'calendar id with a slash', { body: { calendarId: 'a/b' } }, sent([['me', 'calendars', 'a/b', 'events']], { outcome: NOT_FOUND })),
  row('createCalendar', 'name with CR/LF', { body: { name: 'Team\r\nX: y' } }, sent([['me', 'calendars']], { outcome: 'ok' })),
  row('updateCalendar', 'calendar id ".."', { body: { calendarId: '..', name: 'x' } }, refused(/Calendar \(calendarId\): "\.\." is not a valid id/)),
  row('deleteCalendar', 'calendar id with ? and #', { body: { calendarId: `${LONG_ID}?x#y` } }, sent([['me', 'calendars', `${LONG_ID}?x#y`]], { outcome: NOT_FOUND })),
  // ---- getSchedule
  row('getSchedule', 'OData quote as a schedule', { body: { start: '2026-12-01T09:00:00Z', schedules: "a@b.com' or true" } }, refused(/People or Rooms \(schedules\)/)),
  row('getSchedule', 'no schedules at all', { body: { start: '2026-12-01T09:00:00Z' } }, refused(/People or Rooms \(schedules\)/)),
  row('getSchedule', 'time zone with CR/LF', { body: { schedules: 'adele.vance@contoso.onmicrosoft.com', timeZone: 'Europe/Berlin\r\nX: y' } }, refused(/Time Zone \(timeZone\)/)),
  row('getSchedule', 'Windows-looking zone CLDR does not know', { body: { schedules: 'adele.vance@contoso.onmicrosoft.com', timeZone: 'Atlantis Standard Time' } }, refused(/Time Zone \(timeZone\)/)),
  row('getSchedule', 'slot of 0 minutes', { body: { schedules: 'adele.vance@contoso.onmicrosoft.com', intervalMinutes: 0 } }, refused(/intervalMinutes/)),
  row('getSchedule', 'mailbox with traversal', { body: { schedules: 'adele.vance@contoso.onmicrosoft.com', mailbox: '../me' } }, sent([['users', '../me', 'calendar', 'getSchedule']])),
  row('getSchedule', '45 people over 100 days, beyond one request\'s limits', {
    body: { schedules: Array.from({ length: 45 }, (_, i) => `person${i}@contoso.onmicrosoft.com`), start: '2026-12-01T00:00:00Z', end: '2027-03-11T00:00:00Z', intervalMinutes: 1440 },
  }, sent([['me', 'calendar', 'getSchedule']], { outcome: 'ok' })),
  // ---- findMeetingTimes
  row('findMeetingTimes', 'room that is not an address', { body: { rooms: 'Room 101' } }, refused(/Rooms \(rooms\)/)),
  row('findMeetingTimes', 'OData quote as attendee', { body: { attendees: "x' or 1 eq 1" } }, refused(/Required Attendees \(attendees\)/)),
  row('findMeetingTimes', 'window over 62 days', { body: { start: '2026-12-01T00:00:00Z', end: '2027-03-01T00:00:00Z' } }, refused(/Search Until \(end\): the search window may span at most 62 days/)),
  row('findMeetingTimes', 'duration as ISO 8601 text', { body: { durationMinutes: 'PT1H' } }, refused(/Duration \(minutes\) \(durationMinutes\)/)),
  row('findMeetingTimes', 'mailbox with traversal', { body: { start: '2026-12-01T08:00:00Z', end: '2026-12-01T17:00:00Z', mailbox: '../me' } }, sent([['users', '../me', 'findMeetingTimes']])),
  // ---- contacts: ids stay one segment, addresses and names stay inside quoted literals
  row('createContact', 'contact folder id with traversal', { body: { givenName: 'x' }, cfg: { contactFolderId: '../../messages' } }, sent([['me', 'contactFolders', '../../messages', 'contacts']], { outcome: NOT_FOUND })),
  row('createContact', 'address with CR/LF and a header', { body: { email: 'a@contoso.com\r\nBcc: b@evil.example' } }, refused(/E-mail \(email\)/)),
  row('updateContact', 'contact id with ? and #', { body: { contactId: 'a?b#c', surname: 'x' } }, sent([['me', 'contacts', 'a?b#c']], { outcome: NOT_FOUND })),
  row('updateContact', 'contact id ".."', { body: { contactId: '..', surname: 'x' } }, refused(/Contact ID \(contactId\)/)),
  row('upsertContact', 'OData quote as the address', { body: { email: "x' or 1 eq 1" } }, refused(/E-mail \(email\)/)),
  row('upsertContact', 'address with a quote stays in the literal', { body: { email: "o'neil@contoso.com", givenName: 'x' } },
    sent([['me', 'contacts'], ['me', 'contacts', '*']], { query: { $filter: "emailAddresses/any(a:a/address eq 'o''neil@contoso.com')" } })),
  row('getContact', 'contact id with a slash and traversal', { body: { contactId: `${LONG_ID}/../../messages` } }, sent([['me', 'contacts', `${LONG_ID}/../../messages`]], { outcome: NOT_FOUND })),
  row('lookupContacts', 'name prefix that tries to close the string', { body: { namePrefix: "a') or true or startswith(surname,'" } },
    sent([['me', 'contacts']], { query: { $filter: "(startswith(displayName,'a'') or true or startswith(surname,''') or startswith(givenName,'a'') or true or startswith(surname,''') or startswith(surname,'a'') or true or startswith(surname,'''))" } })),
  row('lookupContacts', 'filter with an added query option', { body: { filter: "surname eq 'x' &$expand=photo" } }, refused(/OData Filter \(filter\)/)),
  row('deleteContact', 'contact id with CR/LF', { body: { contactId: 'AAMk\r\nX: y' } }, refused(/Contact ID \(contactId\)/)),
  row('createContactFolder', 'name with traversal stays a name', { body: { displayName: '../../x' } }, sent([['me', 'contactFolders']], { outcome: 'ok' })),
  row('deleteContactFolder', 'folder id with ? and #', { body: { contactFolderId: 'f?x#y' } }, sent([['me', 'contactFolders', 'f?x#y']], { outcome: NOT_FOUND })),
  // ---- batch: every inner url below the API root of the Graph host, inner headers checked like a raw request's
  row('batch', 'inner url to a foreign host', { body: { requests: [{ method: 'GET', url: '{trap}/v1.0/me' }] } }, refused(/Requests \(requests\): request "1": its url may only address/)),
  row('batch', 'inner protocol-relative url', { body: { requests: [{ method: 'GET', url: '//127.0.0.1:{trapPort}/v1.0/me' }] } }, refused(/Requests \(requests\)/)),
  row('batch', 'inner encoded ..', { body: { requests: [{ method: 'GET', url: '/me/%2e%2e/%2e%2e/x' }] } }, refused(/Requests \(requests\)/)),
  row('batch', 'inner Authorization header', { body: { requests: [{ method: 'GET', url: '/me', headers: { Authorization: 'Bearer x' } }] } }, refused(/Requests \(requests\[0\]\.headers\)/)),
  row('batch', 'inner header with CR/LF', { body: { requests: [{ method: 'GET', url: '/me', headers: { 'X-A': 'a\r\nHost: evil' } }] } }, refused(/Requests \(requests\[0\]\.headers\)/)),
  row('batch', 'dependency cycle', { body: { requests: [{ id: 'a', method: 'GET', url: '/me', dependsOn: ['b'] }, { id: 'b', method: 'GET', url: '/me', dependsOn: ['a'] }] } }, refused(/cycle/)),
  row('batch', 'inner ids with ? and # stay one segment', { body: { requests: [{ method: 'GET', url: '/me/messages/a%3Fb%23c' }] } }, sent([['$batch']], { outcome: 'ok' })),
  // ---- rawRequest: only paths below /v1.0 of the configured host; no header smuggling, no credentials of the user's
  row('rawRequest', 'absolute URL to a foreign host', { body: { path: '{trap}/v1.0/me' } }, refused(/Path \(path\): may only address the configured Microsoft Graph host/)),
  row('rawRequest', 'the public Graph host instead of the configured one', { body: { path: 'https://graph.microsoft.com/v1.0/me' } }, refused(/Path \(path\): may only address/)),
  row('rawRequest', 'protocol-relative URL', { body: { path: '//127.0.0.1:{trapPort}/v1.0/me' } }, refused(/Path \(path\): .*without scheme/)),
  row('rawRequest', 'user information before the Graph host', { body: { path: 'http://{graph}@127.0.0.1:{trapPort}/v1.0/me' } }, refused(/Path \(path\)/)),
  row('rawRequest', 'Graph host as user name of the trap', { body: { path: '{graph}@127.0.0.1:{trapPort}/v1.0/me' } }, refused(/Path \(path\)/)),
  row('rawRequest', 'backslash authority', { body: { path: '/\\127.0.0.1:{trapPort}/v1.0/me' } }, refused(/Path \(path\): must not contain backslashes/)),
  row('rawRequest', 'encoded backslashes', { body: { path: '/me/%5C..%5C..%5Cx' } }, refused(/Path \(path\): must not contain backslashes/)),
  row('rawRequest', 'plain .. out of the API root', { body: { path: '/../beta/me' } }, refused(/Path \(path\): must not contain "\." or "\.\." segments/)),
  row('rawRequest', 'deep .. climbing', { body: { path: '/me/messages/../../../../etc/passwd' } }, refused(/Path \(path\): must not contain "\."/)),
  row('rawRequest', 'percent-encoded ..', { body: { path: '/me/%2e%2e/%2e%2e/x' } }, refused(/Path \(path\): must not contain "\."/)),
  row('rawRequest', 'upper-case encoded ..', { body: { path: '/me/%2E%2E/x' } }, refused(/Path \(path\): must not contain "\."/)),
  row('rawRequest', 'double-encoded ..', { body: { path: '/me/%252e%252e/%252e%252e/x' } }, refused(/Path \(path\): must not contain "\."/)),
  row('rawRequest', '.. with an encoded slash', { body: { path: '/me/..%2f..%2fx' } }, refused(/Path \(path\): must not contain "\."/)),
  row('rawRequest', 'CR/LF in the path', { body: { path: '/me\r\nX-Injected: 1' } }, refused(/Path \(path\): must not contain control characters/)),
  row('rawRequest', 'encoded CR/LF in the path', { body: { path: '/me/messages%0D%0AHost:%20evil' } }, refused(/Path \(path\): must not contain control characters/)),
  row('rawRequest', 'NUL in the path', { body: { path: '/me%00/messages' } }, refused(/Path \(path\): must not contain control characters/)),
  row('rawRequest', 'fragment in the path', { body: { path: '/me#@127.0.0.1:{trapPort}' } }, refused(/Path \(path\): must not contain a fragment/)),
  row('rawRequest', 'file URL', { body: { path: 'file:///etc/passwd' } }, refused(/Path \(path\): may only address/)),
  row('rawRequest', 'beta named while v1.0 is chosen', { body: { path: '/beta/me' } }, refused(/Path \(path\): names the API version beta/)),
  row('rawRequest', 'Authorization header of the user', { body: { path: '/me', headers: { Authorization: 'Bearer stolen' } } }, refused(/Headers \(headers\): must not set Authorization/)),
  row('rawRequest', 'lower-case authorization header', { body: { path: '/me', headers: { authorization: 'Basic eDp5' } } }, refused(/Headers \(headers\): must not set authorization/)),
  row('rawRequest', 'Host header', { body: { path: '/me', headers: { Host: '127.0.0.1:{trapPort}' } } }, refused(/Headers \(headers\): must not set Host/)),
  row('rawRequest', 'CR/LF in a header value', { body: { path: '/me', headers: { 'X-A': 'a\r\nAuthorization: Bearer x' } } }, refused(/Headers \(headers\): header X-A must not contain control characters/)),
  row('rawRequest', 'CR/LF in a header name', { body: { path: '/me', headers: { 'X-A\r\nX-B': 'x' } } }, refused(/Headers \(headers\): has a header name that is not an HTTP token/)),
  row('rawRequest', 'Transfer-Encoding smuggling', { body: { method: 'POST', path: '/me/events', headers: { 'Transfer-Encoding': 'chunked' }, body: { subject: 'x' } } }, refused(/Headers \(headers\): must not set Transfer-Encoding/)),
  row('rawRequest', 'CR/LF in a query value', { body: { path: '/me/messages', query: { $filter: "subject eq 'a'\r\nX: y" } } }, refused(/Query \(query\): option \$filter must not contain control characters/)),
  row('rawRequest', 'mailbox on a path outside /me', { body: { path: '/users/other@contoso.com/messages', mailbox: 'adele.vance@contoso.onmicrosoft.com' } }, refused(/Mailbox \(mailbox\), Path \(path\)/)),
  row('rawRequest', 'nextLink to a foreign host', { body: { path: '/me/mailFolders/inbox/messages', followNextLinks: true }, nextLink: '{trap}/v1.0/me/messages?$skiptoken=x' },
    sent([inboxMessages], { outcome: FOREIGN })),
  row('rawRequest', 'protocol-relative nextLink', { body: { path: '/me/mailFolders/inbox/messages', followNextLinks: true }, nextLink: '//127.0.0.1:{trapPort}/v1.0/me/messages' },
    sent([inboxMessages], { outcome: FOREIGN })),
  row('rawRequest', 'quotes and an ampersand stay inside the query value', { body: { path: '/me/mailFolders/inbox/messages', query: { $filter: "subject eq 'x'' or 1 eq 1&$top=1" } } },
    sent([inboxMessages], { query: { $filter: "subject eq 'x'' or 1 eq 1&$top=1" } })),
  row('rawRequest', 'an id with ? and # encoded stays one segment', { body: { path: '/me/messages/a%3Fb%23c' } }, sent([['me', 'messages', 'a?b#c']], { outcome: NOT_FOUND })),
  row('rawRequest', 'mailbox with traversal through /me', { body: { path: '/me/messages', mailbox: '../me' } }, sent([['users', '../me', 'messages']])),
];

/** Errors a user can act on; a TypeError or the like means the input reached code that did not expect it. */
const CLEAR_ERRORS = new Set(['ConfigurationError', 'GraphError', 'OutlookError', 'ForeignUrlError', 'AttachmentDownloadError', 'AuthError']);

function matches(segments: string[], pattern: string[]): boolean {
  return segments.length === pattern.length && pattern.every((p, i) => p === '*' || p === segments[i]);
}

describe('Security: hostile input across all functions', function () {
  let h: Harness;
  let trap: Trap;
  let storage: Trap;
  let proxy: Proxy;
  let credential: Record<string, unknown>;
  let places: Record<string, string>;

  before(async function () {
    h = await openSandbox({ seed: 31 });
    trap = await startTrap();
    storage = await startTrap();
    proxy = await startProxy(h.sb.url);
    credential = h.cfg();
    places = {
      trap: trap.url, trapPort: String(trap.port), graph: h.sb.url, graphPort: new URL(h.sb.url).port, storage: storage.url,
    };
  });
  after(async function () {
    await proxy?.stop();
    await trap?.stop();
    await storage?.stop();
    await h?.stop();
  });

  function fill<T>(value: T): T {
    if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (all, key: string) => places[key] ?? all) as T;
    if (Array.isArray(value)) return value.map((v) => fill(v)) as T;
    if (typeof value === 'object' && value !== null && !(value instanceof RegExp)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)])) as T;
    return value;
  }

  async function run(r: Row): Promise<{ error?: Error }> {
    const input = fill(r.input);
    const cfg = { ...credential, ...input.cfg };
    if (input.expiredToken) cfg.oauth = { ...(credential.oauth as Record<string, unknown>), expires_at: '2000-01-01T00:00:00.000Z' };
    const trigger = TRIGGERS[r.fn];
    if (trigger) {
      const flow = new TriggerFlow(trigger, cfg, `hostile ${r.fn}`);
      if (input.snapshot !== undefined) flow.snapshot = input.snapshot;
      return { error: (await flow.tick()).error };
    }
    return { error: (await runAction(ACTIONS[r.fn], input.body ?? {}, cfg, `hostile ${r.fn}`)).error };
  }

  it('has at least 60 cases covering every function', function () {
    assert.ok(ROWS.length >= 60, `${ROWS.length} cases`);
    assert.deepEqual(new Set(ROWS.map((r) => r.fn)), new Set([...Object.keys(TRIGGERS), ...Object.keys(ACTIONS)]));
  });

  for (const r of ROWS) {
    it(`${r.fn}: ${r.what}`, async function () {
      const expect = fill(r.expect);
      const input = fill(r.input);
      const firstRequest = h.sb.requests.length;
      const firstTrap = trap.requests.length;
      const saved: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(input.env ?? {})) { saved[key] = process.env[key]; process.env[key] = value; }
      if (input.nextLink !== undefined) {
        proxy.hostileLink = input.nextLink;
        h.useGraphUrl(proxy.url);
      }
      let error: Error | undefined;
      try {
        ({ error } = await run(r));
      } finally {
        proxy.hostileLink = undefined;
        h.useGraphUrl(h.sb.url);
        for (const [key, value] of Object.entries(saved)) { if (value === undefined) delete process.env[key]; else process.env[key] = value; }
      }

      const received = h.sb.requests.slice(firstRequest);
      for (const q of received.filter((t) => t.route === 'token')) {
        assert.equal(q.segments[0], expect.tenant ?? h.sb.tenantId, `token request for another tenant: ${q.path}`);
        assert.deepEqual(q.segments.slice(1), ['oauth2', 'v2.0', 'token']);
      }
      const graph: RecordedRequest[] = received.filter((q) => q.route !== 'token' && !q.route.startsWith('objects'));
      for (const q of graph) {
        assert.ok(q.path.startsWith('/v1.0/'), `request outside Graph: ${q.method} ${q.path}`);
        assert.ok((expect.paths ?? []).some((p) => matches(q.segments, p)), `unexpected request ${q.method} ${JSON.stringify(q.segments)}`);
      }
      if (expect.paths === undefined) assert.equal(graph.length, 0, 'refused input still reached Graph');
      else assert.ok(graph.length > 0, 'no request was sent');
      if (expect.query) {
        const first = graph[0];
        for (const [key, value] of Object.entries(expect.query)) assert.equal(first.query[key], value, `${key} as sent`);
      }

      const trapped = trap.requests.slice(firstTrap);
      assert.equal(trapped.length, expect.trapRequests ?? 0, `requests to the foreign host: ${trapped.map((t) => `${t.method} ${t.url}`).join(', ')}`);
      for (const t of trapped) {
        assert.equal(t.headers.authorization, undefined, 'credentials sent to a foreign host');
        assert.ok(!containsSecret(JSON.stringify(t)), 'a secret reached the foreign host');
      }

      if (expect.outcome === 'ok') {
        assert.equal(error, undefined, `failed: ${error?.message}`);
      } else if (expect.outcome) {
        assert.ok(error, 'should have failed');
        assert.ok(CLEAR_ERRORS.has(error.name), `unclear error ${error.name}: ${error.message}`);
        assert.match(error.message, expect.outcome);
      } else if (error) {
        assert.ok(CLEAR_ERRORS.has(error.name), `unclear error ${error.name}: ${error.message}`);
      }
    });
  }
});
