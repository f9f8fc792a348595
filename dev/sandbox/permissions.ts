/**
 * Which permissions each Graph route needs: one table, one row per route (or per subscription resource), taken from
 * the "Permissions" table of the route's page on learn.microsoft.com/graph/api/<page> (least to most privileged).
 * Where a page lists only the read permissions, the matching ReadWrite one is added: it includes them.
 */
import { GraphHttpError } from './http/errors';
import { Grants, permissionName } from './tokens';

export interface PermissionRow {
  /** The docs page: learn.microsoft.com/graph/api/{page}. */
  page: string;
  /** Delegated permissions that work on the signed-in user's own mailbox or profile. */
  delegated: readonly string[];
  /** Application roles; empty = the API has no application permission. */
  application: readonly string[];
  /** The answer to a token without any of them: Outlook's or the directory's. */
  denial?: 'outlook' | 'directory';
}

const MAIL_READ = ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'];
const MAIL_READ_APP = ['Mail.ReadBasic.All', 'Mail.Read', 'Mail.ReadWrite'];
const MAIL_CONTENT = ['Mail.Read', 'Mail.ReadWrite'];
const MAIL_WRITE = ['Mail.ReadWrite'];
const MAIL_SEND = ['Mail.Send'];
const CONTACTS_READ = ['Contacts.Read', 'Contacts.ReadWrite'];
const CONTACTS_WRITE = ['Contacts.ReadWrite'];
const CALENDARS_READ = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];
const CALENDARS_WRITE = ['Calendars.ReadWrite'];
const SETTINGS_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const SETTINGS_WRITE = ['MailboxSettings.ReadWrite'];
const DIRECTORY_READ_ALL = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

const row = (page: string, delegated: readonly string[], application: readonly string[] = delegated): PermissionRow => ({ page, delegated, application });

export const PERMISSIONS: Readonly<Record<string, PermissionRow>> = {
  // Profile: User.Read covers only the signed-in user; anyone else needs User.ReadBasic.All or more (user-get).
  me: { page: 'user-get', delegated: ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', ...DIRECTORY_READ_ALL], application: DIRECTORY_READ_ALL, denial: 'directory' },
  user: { page: 'user-get', delegated: ['User.ReadBasic.All', ...DIRECTORY_READ_ALL], application: DIRECTORY_READ_ALL, denial: 'directory' },

  listMailFolders: row('user-list-mailfolders', MAIL_READ, MAIL_READ_APP),
  getMailFolder: row('mailfolder-get', MAIL_READ, MAIL_READ_APP),
  childFolders: row('mailfolder-list-childfolders', MAIL_READ, MAIL_READ_APP),
  createMailFolder: row('user-post-mailfolders', MAIL_WRITE),
  createChildFolder: row('mailfolder-post-childfolders', MAIL_WRITE),
  updateMailFolder: row('mailfolder-update', MAIL_WRITE),
  moveMailFolder: row('mailfolder-move', MAIL_WRITE),
  deleteMailFolder: row('mailfolder-delete', MAIL_WRITE),
  permanentDeleteMailFolder: row('mailfolder-permanentdelete', MAIL_WRITE),
  listMessages: row('user-list-messages', MAIL_READ, MAIL_READ_APP),
  getMessage: row('message-get', MAIL_READ, MAIL_READ_APP),
  messagesDelta: row('message-delta', MAIL_READ, MAIL_READ_APP),
  // Mail.ReadBasic leaves bodies and attachments out, so it cannot give the MIME (outlook-get-mime-message, message-get).
  messageValue: row('message-get', MAIL_CONTENT),
  createMessage: row('user-post-messages', MAIL_WRITE),
  updateMessage: row('message-update', MAIL_WRITE),
  deleteMessage: row('message-delete', MAIL_WRITE),
  moveMessage: row('message-move', MAIL_WRITE),
  copyMessage: row('message-copy', MAIL_WRITE),
  permanentDeleteMessage: row('message-permanentdelete', MAIL_WRITE),
  createReply: row('message-createreply', MAIL_WRITE),
  createReplyAll: row('message-createreplyall', MAIL_WRITE),
  createForward: row('message-createforward', MAIL_WRITE),
  sendMail: row('user-sendmail', MAIL_SEND),
  sendDraft: row('message-send', MAIL_SEND),
  reply: row('message-reply', MAIL_SEND),
  replyAll: row('message-replyall', MAIL_SEND),
  forward: row('message-forward', MAIL_SEND),
  listAttachments: row('message-list-attachments', MAIL_CONTENT),
  getAttachment: row('attachment-get', MAIL_CONTENT),
  attachmentValue: row('attachment-get', MAIL_CONTENT),
  addAttachment: row('message-post-attachments', MAIL_WRITE),
  deleteAttachment: row('attachment-delete', MAIL_WRITE),
  // The page lists Calendars.ReadWrite first because it also covers event attachments; messages need Mail.ReadWrite.
  createUploadSession: row('attachment-createuploadsession', MAIL_WRITE),

  // No .Shared variant exists for these: a delegated token reaches only the signed-in user's own (office-js#6057).
  getMailboxSettings: row('user-get-mailboxsettings', SETTINGS_READ),
  getMailboxSetting: row('user-get-mailboxsettings', SETTINGS_READ),
  updateMailboxSettings: row('user-update-mailboxsettings', SETTINGS_WRITE),
  listMasterCategories: row('outlookuser-list-mastercategories', SETTINGS_READ),
  getMasterCategory: row('outlookcategory-get', SETTINGS_READ),
  createMasterCategory: row('outlookuser-post-mastercategories', SETTINGS_WRITE),

  listContacts: row('user-list-contacts', CONTACTS_READ),
  getContact: row('contact-get', CONTACTS_READ),
  contactsDelta: row('contact-delta', CONTACTS_READ),
  createContact: row('user-post-contacts', CONTACTS_WRITE),
  updateContact: row('contact-update', CONTACTS_WRITE),
  deleteContact: row('contact-delete', CONTACTS_WRITE),
  listContactFolders: row('user-list-contactfolders', CONTACTS_READ),
  getContactFolder: row('contactfolder-get', CONTACTS_READ),
  contactChildFolders: row('contactfolder-list-childfolders', CONTACTS_READ),
  createContactFolder: row('user-post-contactfolders', CONTACTS_WRITE),
  createContactChildFolder: row('contactfolder-post-childfolders', CONTACTS_WRITE),
  deleteContactFolder: row('contactfolder-delete', CONTACTS_WRITE),
  getContactPhoto: row('profilephoto-get', CONTACTS_READ),
  updateContactPhoto: row('profilephoto-update', CONTACTS_WRITE),

  listCalendars: row('user-list-calendars', CALENDARS_READ),
  getCalendar: row('calendar-get', CALENDARS_READ),
  createCalendar: row('user-post-calendars', CALENDARS_WRITE),
  listEvents: row('user-list-events', CALENDARS_READ),
  getEvent: row('event-get', CALENDARS_READ),
  eventInstances: row('event-list-instances', CALENDARS_READ),
  calendarView: row('user-list-calendarview', CALENDARS_READ),
  calendarViewDelta: row('event-delta', CALENDARS_READ),
  createEvent: row('user-post-events', CALENDARS_WRITE),
  updateEvent: row('event-update', CALENDARS_WRITE),
  deleteEvent: row('event-delete', CALENDARS_WRITE),
  acceptEvent: row('event-accept', CALENDARS_WRITE),
  declineEvent: row('event-decline', CALENDARS_WRITE),
  tentativelyAcceptEvent: row('event-tentativelyaccept', CALENDARS_WRITE),
  cancelEvent: row('event-cancel', CALENDARS_WRITE),
  listEventAttachments: row('event-list-attachments', CALENDARS_READ),
  addEventAttachment: row('event-post-attachments', CALENDARS_WRITE),
  eventAttachmentValue: row('attachment-get', CALENDARS_READ),
  forwardEvent: row('event-forward', CALENDARS_READ),
  updateCalendar: row('calendar-update', CALENDARS_WRITE),
  deleteCalendar: row('calendar-delete', CALENDARS_WRITE),
  getSchedule: row('calendar-getschedule', CALENDARS_READ),
  // Needs the .Shared permissions even on one's own mailbox and has no application permission (user-findmeetingtimes).
  findMeetingTimes: row('user-findmeetingtimes', ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'], []),

  // Subscriptions need read access to the watched resource (subscription-post-subscriptions); see resourcePermission().
  'subscription:message': row('subscription-post-subscriptions', MAIL_READ),
  'subscription:event': row('subscription-post-subscriptions', ['Calendars.Read', 'Calendars.ReadWrite']),
  'subscription:contact': row('subscription-post-subscriptions', CONTACTS_READ),
};

/** Routes that need no permission of their own: their items or resources are checked instead. */
export const CHECKED_ELSEWHERE: Readonly<Record<string, string>> = {
  batch: 'every item is checked with the outer token',
  user: 'me or user, by the addressed user (routes/profile.ts)',
  createSubscription: 'subscription:{kind} of the resource',
  listSubscriptions: 'lists the subscriptions this app created for the caller',
  getSubscription: 'subscription:{kind} of its resource',
  updateSubscription: 'subscription:{kind} of its resource',
  deleteSubscription: 'subscription:{kind} of its resource',
  reauthorizeSubscription: 'subscription:{kind} of its resource',
};

/**
 * The delegated permissions that reach another user's mailbox: the `.Shared` variants (outlook-share-messages-folders,
 * outlook-get-shared-events-calendars). They also cover the user's own mailbox ("including their own and shared
 * mail", permissions reference). Calendars.ReadBasic has no `.Shared` variant.
 */
export function sharedVariant(permission: string): string | undefined {
  if (/\.Shared$/.test(permission)) return permission;
  return /^(Mail\.(ReadBasic|Read|ReadWrite|Send)|Calendars\.(Read|ReadWrite)|Contacts\.(Read|ReadWrite))$/.test(permission) ? `${permission}.Shared` : undefined;
}

/** Every permission that satisfies the row for this caller, in the docs' order (for messages and specs). */
export function acceptable(row: PermissionRow, caller: { app: boolean; own: boolean }): string[] {
  if (caller.app) return [...row.application];
  const shared = row.delegated.map(sharedVariant).filter((p): p is string => p !== undefined);
  return caller.own ? [...new Set([...row.delegated, ...shared])] : [...new Set(shared)];
}

const ACCESS_DENIED = 'Access is denied. Check credentials and try again.';

/** 403 as Graph answers it when the token holds none of the acceptable permissions. */
export function requirePermission(key: string, caller: { app: boolean; own: boolean; grants: Grants }): void {
  const found = PERMISSIONS[key];
  if (!found) throw new Error(`No permission row for route ${key} (dev/sandbox/permissions.ts)`);
  const ok = acceptable(found, caller).some((p) => caller.grants.has(permissionName(p)));
  if (ok) return;
  if (found.denial === 'directory') throw new GraphHttpError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  throw new GraphHttpError(403, 'ErrorAccessDenied', ACCESS_DENIED);
}
