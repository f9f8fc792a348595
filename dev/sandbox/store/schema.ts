/** Property catalogues of the entity types the sandbox serves: names, order of output, which are dates or writable. */

export interface EntitySchema {
  type: string;
  /** Every property in output order (default output = `defaults`). */
  properties: readonly string[];
  /** Properties returned without `$select`. */
  defaults: readonly string[];
  /** Date-time properties (compared as DateTimeOffset in `$filter`). */
  dates: ReadonlySet<string>;
  /** Properties a client may set on create or PATCH. */
  writable: ReadonlySet<string>;
  /** Lower-case name → canonical name. */
  canonical: ReadonlyMap<string, string>;
  /** Navigation properties: usable in `$filter` (and `$expand`), never in `$select` or a default output. */
  navigation?: ReadonlySet<string>;
}

function schema(type: string, properties: string[], options: { hidden?: string[]; dates: string[]; writable: string[]; navigation?: string[] }): EntitySchema {
  const all = [...properties, ...(options.hidden ?? [])];
  const navigation = options.navigation ?? [];
  return {
    type,
    properties: all,
    defaults: properties,
    dates: new Set(options.dates),
    writable: new Set(options.writable),
    canonical: new Map([...all, ...navigation].map((p) => [p.toLowerCase(), p])),
    navigation: new Set(navigation),
  };
}

export const MESSAGE = schema('message', [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'receivedDateTime', 'sentDateTime',
  'hasAttachments', 'internetMessageId', 'subject', 'bodyPreview', 'importance', 'parentFolderId', 'conversationId',
  'conversationIndex', 'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'isRead', 'isDraft', 'webLink',
  'inferenceClassification', 'body', 'sender', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'flag',
], {
  hidden: ['uniqueBody', 'internetMessageHeaders'],
  navigation: ['singleValueExtendedProperties'],
  dates: ['createdDateTime', 'lastModifiedDateTime', 'receivedDateTime', 'sentDateTime'],
  writable: ['categories', 'subject', 'importance', 'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'isRead',
    'inferenceClassification', 'body', 'sender', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'flag',
    'internetMessageId', 'internetMessageHeaders', 'conversationId', 'isDraft'],
});

/** What a PATCH may change on a message that is not a draft (the rest is fixed once sent or received). */
export const MESSAGE_PATCHABLE_WHEN_SENT = new Set(['categories', 'importance', 'isRead', 'inferenceClassification', 'flag',
  'isDeliveryReceiptRequested', 'isReadReceiptRequested']);

export const CONTACT = schema('contact', [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'parentFolderId', 'birthday', 'fileAs',
  'displayName', 'givenName', 'initials', 'middleName', 'nickName', 'surname', 'title', 'yomiGivenName', 'yomiSurname',
  'yomiCompanyName', 'generation', 'imAddresses', 'jobTitle', 'companyName', 'department', 'officeLocation', 'profession',
  'businessHomePage', 'assistantName', 'manager', 'homePhones', 'mobilePhone', 'businessPhones', 'spouseName',
  'personalNotes', 'children', 'emailAddresses', 'homeAddress', 'businessAddress', 'otherAddress',
  'primaryEmailAddress', 'secondaryEmailAddress', 'tertiaryEmailAddress',
], {
  dates: ['createdDateTime', 'lastModifiedDateTime', 'birthday'],
  writable: ['categories', 'birthday', 'fileAs', 'displayName', 'givenName', 'initials', 'middleName', 'nickName', 'surname',
    'title', 'yomiGivenName', 'yomiSurname', 'yomiCompanyName', 'generation', 'imAddresses', 'jobTitle', 'companyName',
    'department', 'officeLocation', 'profession', 'businessHomePage', 'assistantName', 'manager', 'homePhones',
    'mobilePhone', 'businessPhones', 'spouseName', 'personalNotes', 'children', 'emailAddresses', 'homeAddress',
    'businessAddress', 'otherAddress', 'primaryEmailAddress', 'secondaryEmailAddress', 'tertiaryEmailAddress'],
});

export const MAIL_FOLDER = schema('mailFolder', [
  'id', 'displayName', 'parentFolderId', 'childFolderCount', 'unreadItemCount', 'totalItemCount', 'isHidden',
], { dates: [], writable: ['displayName', 'isHidden'] });

export const CONTACT_FOLDER = schema('contactFolder', ['id', 'displayName', 'parentFolderId'], { dates: [], writable: ['displayName'] });

export const EVENT = schema('event', [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'transactionId', 'originalStartTimeZone',
  'originalEndTimeZone', 'iCalUId', 'reminderMinutesBeforeStart', 'isReminderOn', 'hasAttachments', 'subject',
  'bodyPreview', 'importance', 'sensitivity', 'isAllDay', 'isCancelled', 'isOrganizer', 'responseRequested',
  'seriesMasterId', 'showAs', 'type', 'webLink', 'onlineMeetingUrl', 'isOnlineMeeting', 'onlineMeetingProvider',
  'allowNewTimeProposals', 'isDraft', 'hideAttendees', 'responseStatus', 'body', 'start', 'end', 'location', 'locations',
  'recurrence', 'attendees', 'organizer', 'onlineMeeting', 'originalStart',
], {
  // Returned only when selected, and only on a series master (learn.microsoft.com/graph/api/resources/event).
  hidden: ['cancelledOccurrences'],
  dates: ['createdDateTime', 'lastModifiedDateTime', 'originalStart'],
  writable: ['categories', 'transactionId', 'originalStartTimeZone', 'originalEndTimeZone', 'reminderMinutesBeforeStart',
    'isReminderOn', 'subject', 'importance', 'sensitivity', 'isAllDay', 'responseRequested', 'showAs', 'isOnlineMeeting',
    'onlineMeetingProvider', 'allowNewTimeProposals', 'hideAttendees', 'body', 'start', 'end', 'location', 'locations',
    'recurrence', 'attendees', 'organizer', 'isCancelled', 'type', 'seriesMasterId', 'responseStatus', 'isOrganizer',
    'onlineMeetingUrl', 'isDraft', 'webLink', 'onlineMeeting', 'iCalUId'],
});

export const USER = schema('user', [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage',
  'surname', 'userPrincipalName', 'id',
], { dates: [], writable: [] });

/** Where the sandbox keeps the extended properties and open extensions given for an event or a contact (never output). */
export const NAVIGATION_KEY = '@sandbox.navigation';
