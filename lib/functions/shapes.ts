/**
 * Output shapes (JSON Schema for the platform's mapper), each Graph type defined once and shared by the functions
 * that emit it. Titles are what the mapper shows.
 */
import type { JsonSchema } from '../platform/params';

export const str = (title: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: 'string', title, ...extra });
export const bool = (title: string): JsonSchema => ({ type: 'boolean', title });
export const num = (title: string): JsonSchema => ({ type: 'number', title });
export const list = (title: string, items: JsonSchema): JsonSchema => ({ type: 'array', title, items });
export const obj = (title: string, properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', title, properties });
export const strings = (title: string): JsonSchema => list(title, { type: 'string' });
const titled = (schema: JsonSchema, title: string): JsonSchema => ({ ...schema, title });

export const emailAddress = obj('E-mail address', { name: str('Name'), address: str('Address') });
export const recipient = obj('Recipient', { emailAddress });
export const recipients = (title: string): JsonSchema => list(title, recipient);
export const itemBody = obj('Body', { contentType: str('Content type', { enum: ['text', 'html'] }), content: str('Content') });
export const dateTimeTimeZone = (title: string): JsonSchema => obj(title, { dateTime: str('Date-time'), timeZone: str('Time zone') });
export const physicalAddress = (title: string): JsonSchema => obj(title, {
  street: str('Street'), city: str('City'), state: str('State'), countryOrRegion: str('Country or region'), postalCode: str('Postal code'),
});

/** A file stored in the platform's object storage. */
export const storedFile = obj('Stored file', {
  name: str('File name'), contentType: str('Content type'), size: num('Size in bytes'), url: str('URL (object storage)'),
});

/** A file to send, as the platform's attachment descriptors give it. */
export const attachmentRef = obj('Attachment', {
  name: str('File name'), url: str('URL (object storage)', { required: true }), contentType: str('Content type'), size: num('Size in bytes'),
});

/** The message properties every message-emitting function returns. */
const MESSAGE_CORE: Record<string, JsonSchema> = {
  id: str('Message ID', { required: true }),
  subject: str('Subject'),
  from: titled(recipient, 'From'),
  sender: titled(recipient, 'Sender'),
  toRecipients: recipients('To'),
  ccRecipients: recipients('Cc'),
  bccRecipients: recipients('Bcc'),
  replyTo: recipients('Reply to'),
  receivedDateTime: str('Received'),
  sentDateTime: str('Sent'),
  lastModifiedDateTime: str('Last modified'),
  changeKey: str('Change key'),
  isRead: bool('Read'),
  isDraft: bool('Draft'),
  importance: str('Importance', { enum: ['low', 'normal', 'high'] }),
  hasAttachments: bool('Has attachments'),
  bodyPreview: str('Body preview'),
  conversationId: str('Conversation ID'),
  internetMessageId: str('Internet message ID'),
  parentFolderId: str('Folder ID'),
  categories: strings('Categories'),
  webLink: str('Outlook web link'),
  flag: obj('Flag', { flagStatus: str('Flag status', { enum: ['notFlagged', 'complete', 'flagged'] }) }),
};

/** A message as listed (Get Messages, Move Mail): the body only when asked for. */
export const message = obj('Message', { ...MESSAGE_CORE, body: itemBody });

/** One realistic message, for the examples of the functions that emit messages. */
export const MESSAGE_EXAMPLE = {
  id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAA=',
  lastModifiedDateTime: '2026-11-14T16:06:15Z', changeKey: 'CQAAABYAAABivAidIkPRu+Et4XfckHLtAAAAAAAl', receivedDateTime: '2026-11-14T16:06:15Z',
  subject: 'Let\'s meet on Thursday', isRead: false, hasAttachments: false, importance: 'normal',
  from: { emailAddress: { name: 'Lynne Robbins', address: 'lynne.robbins@contoso.onmicrosoft.com' } },
  toRecipients: [{ emailAddress: { name: 'Adele Vance', address: 'adele.vance@contoso.onmicrosoft.com' } }],
  bodyPreview: 'Hi Adele, see you Thursday.', categories: [], flag: { flagStatus: 'notFlagged' },
  webLink: 'https://outlook.office365.com/owa/?ItemID=AAMkAGVmMDEz…&exvsurl=1&viewmodel=ReadMessageItem',
};

/** A message as the polling trigger emits it: every property it selects, and its stored attachments. */
export const polledMessage = obj('Message', {
  ...MESSAGE_CORE,
  lastModifiedDateTime: str('Last modified', { required: true }),
  createdDateTime: str('Created'),
  conversationIndex: str('Conversation index'),
  isDeliveryReceiptRequested: bool('Delivery receipt requested'),
  isReadReceiptRequested: bool('Read receipt requested'),
  inferenceClassification: str('Focused or other', { enum: ['focused', 'other'] }),
  body: itemBody,
  attachments: list('Attachments (with Get Attachments)', storedFile),
  truncated: strings('Texts left out because the message was too large for one platform message'),
});

export const contact = obj('Contact', {
  id: str('Contact ID', { required: true }),
  createdDateTime: str('Created'),
  lastModifiedDateTime: str('Last modified', { required: true }),
  changeKey: str('Change key'),
  categories: strings('Categories'),
  parentFolderId: str('Contact folder ID'),
  birthday: str('Birthday'),
  fileAs: str('File as'),
  displayName: str('Display name'),
  givenName: str('Given name'),
  initials: str('Initials'),
  middleName: str('Middle name'),
  nickName: str('Nickname'),
  surname: str('Surname'),
  title: str('Title'),
  generation: str('Generation'),
  emailAddresses: list('Email addresses', titled(emailAddress, 'Email address')),
  imAddresses: strings('IM addresses'),
  jobTitle: str('Job title'),
  companyName: str('Company'),
  department: str('Department'),
  officeLocation: str('Office'),
  profession: str('Profession'),
  businessHomePage: str('Business home page'),
  assistantName: str('Assistant'),
  manager: str('Manager'),
  homePhones: strings('Home phones'),
  mobilePhone: str('Mobile phone'),
  businessPhones: strings('Business phones'),
  homeAddress: physicalAddress('Home address'),
  businessAddress: physicalAddress('Business address'),
  otherAddress: physicalAddress('Other address'),
  spouseName: str('Spouse'),
  personalNotes: str('Notes'),
  children: strings('Children'),
});

export const attendee = obj('Attendee', { type: str('Type', { enum: ['required', 'optional', 'resource'] }), emailAddress });

export const event = obj('Event', {
  id: str('Event ID', { required: true }),
  iCalUId: str('iCalendar UID'),
  subject: str('Subject'),
  bodyPreview: str('Body preview'),
  start: dateTimeTimeZone('Start'),
  end: dateTimeTimeZone('End'),
  isAllDay: bool('All day'),
  location: obj('Location', { displayName: str('Name') }),
  attendees: list('Attendees', attendee),
  importance: str('Importance'),
  showAs: str('Show as'),
  sensitivity: str('Sensitivity'),
  isOnlineMeeting: bool('Online meeting'),
  onlineMeeting: obj('Online meeting', { joinUrl: str('Join URL') }),
  webLink: str('Outlook web link'),
  createdDateTime: str('Created'),
  lastModifiedDateTime: str('Last modified'),
});
