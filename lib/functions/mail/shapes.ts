/** Output shapes used only by the mail functions (reading, organising, folders; answering and drafts). */
import { bool, list, message, num, obj, recipients, str, storedFile, strings } from '../shapes';

/** A message read in full (Get Message): the listed properties, its body, and what was stored for it. */
export const fullMessage = obj('Message', {
  ...message.properties,
  createdDateTime: str('Created'),
  conversationIndex: str('Conversation index'),
  inferenceClassification: str('Focused or other', { enum: ['focused', 'other'] }),
  attachments: list('Attachments (with Include Attachments)', obj('Attachment', {
    ...storedFile.properties, attachmentId: str('Attachment ID'), kind: str('Kind', { enum: ['file', 'item', 'reference'] }), isInline: bool('Inline'),
    itemType: str('Attached item type'), link: str('Where to open a linked cloud file'),
  })),
  mime: { ...storedFile, title: 'Raw MIME, .eml (with Include MIME)' },
  copies: num('Messages with this Internet Message-ID (when found by it)'),
});

/** A mail folder with its place in the tree. */
export const mailFolder = obj('Mail folder', {
  id: str('Folder ID', { required: true }),
  displayName: str('Name'),
  path: str('Path (names from the top, " / " between them)'),
  parentFolderId: str('Parent folder ID'),
  childFolderCount: num('Child folders'),
  unreadItemCount: num('Unread items'),
  totalItemCount: num('Items'),
  isHidden: bool('Hidden'),
});

export const FOLDER_EXAMPLE = {
  id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAYbuK-AAA=',
  displayName: '2025', path: 'Inbox / Projects / 2025',
  parentFolderId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAYbuJ-AAA=',
  childFolderCount: 0, unreadItemCount: 3, totalItemCount: 41, isHidden: false,
};

/** One attachment as Download Attachments and New Attachment give it. */
export const exportedAttachment = obj('Attachment', {
  attachmentId: str('Attachment ID', { required: true }),
  kind: str('Kind', { enum: ['file', 'item', 'reference'] }),
  name: str('Name'),
  contentType: str('Content type'),
  size: num('Size in bytes (of the stored file)'),
  url: str('URL (object storage)'),
  isInline: bool('Inline (shown in the body)'),
  itemType: str('Attached item type', { enum: ['message', 'event', 'contact'] }),
  item: obj('Attached item (JSON)', {}),
  link: str('Where to open a linked cloud file (the message in Outlook on the web)'),
});

export const ATTACHMENT_EXAMPLE = {
  attachmentId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAABEgAQAHuqv2RdYEhJuhOBqEpHFy8=',
  kind: 'file', name: 'invoice-1042.pdf', contentType: 'application/pdf', size: 48213, isInline: false,
  url: 'https://maester.example.io/objects/9f0e…?storage_type=maester',
};

export const category = obj('Category', {
  id: str('Category ID', { required: true }), displayName: str('Name'), color: str('Colour (none, preset0 … preset24)'), created: bool('Created now (false: it existed)'),
});

const zoned = (title: string) => obj(title, { dateTime: str('Date-time'), timeZone: str('Time zone') });

export const automaticReplies = obj('Automatic replies', {
  status: str('Status', { enum: ['disabled', 'alwaysEnabled', 'scheduled'] }),
  externalAudience: str('External audience', { enum: ['none', 'contactsOnly', 'all'] }),
  internalReplyMessage: str('Reply inside the organisation'),
  externalReplyMessage: str('Reply to external senders'),
  scheduledStartDateTime: zoned('Scheduled start'),
  scheduledEndDateTime: zoned('Scheduled end'),
});

export const REPLIES_EXAMPLE = {
  status: 'scheduled', externalAudience: 'contactsOnly',
  internalReplyMessage: '<html><body><p>I am at the offsite until Friday; Megan covers for me.</p></body></html>',
  externalReplyMessage: '<html><body><p>I am out of the office until 4 December.</p></body></html>',
  scheduledStartDateTime: { dateTime: '2026-12-01T08:00:00.0000000', timeZone: 'UTC' },
  scheduledEndDateTime: { dateTime: '2026-12-04T17:00:00.0000000', timeZone: 'UTC' },
};

/** What Reply, Forward and Send Draft emit: the message as sent (or as kept in Drafts). */
export const sentMessage = obj('Message sent', {
  sent: bool('Sent (false: kept in Drafts)'),
  id: str('Message ID: the draft, which keeps this id as the copy in Sent Items once Outlook has sent it', { required: true }),
  messageId: str('The message replied to or forwarded'),
  subject: str('Subject'),
  toRecipients: recipients('To'),
  ccRecipients: recipients('Cc'),
  bccRecipients: recipients('Bcc'),
  conversationId: str('Conversation ID'),
  attachments: strings('Files attached by this step (names)'),
  mailbox: str('Mailbox'),
});

export const SENT_EXAMPLE = {
  sent: true,
  id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAEJAAAiIsqMbYjsT5e-T7KzowPTAAAa_WLDAAA=',
  messageId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAA=',
  subject: 'RE: Let\'s meet on Thursday',
  toRecipients: [{ emailAddress: { name: 'Lynne Robbins', address: 'lynne.robbins@contoso.onmicrosoft.com' } }],
  ccRecipients: [{ emailAddress: { address: 'megan.bowen@contoso.onmicrosoft.com' } }],
  bccRecipients: [],
  conversationId: 'AAQkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAQAGVmT0TbmXtPmU9tgE9hKjI=',
  attachments: ['agenda.pdf'],
  mailbox: null,
};

/** Add Draft Attachment: the files added and how each travelled. */
export const addedAttachments = obj('Attachments added', {
  id: str('Draft ID', { required: true }),
  attachments: list('Attachments added', obj('Attachment', {
    name: str('File name'), contentType: str('Content type'), size: num('Size in bytes'),
    method: str('How it was added', { enum: ['post', 'uploadSession'] }),
  })),
  mailbox: str('Mailbox'),
});

/** The output of a message sent or kept: the same fields from the draft as from its copy found in Sent Items. */
export function sentOutput(message: Record<string, unknown>, extra: { sent: boolean; messageId?: string; files?: Array<{ name: string }>; mailbox?: string }): Record<string, unknown> {
  return {
    sent: extra.sent, id: message.id, ...(extra.messageId ? { messageId: extra.messageId } : {}), subject: message.subject,
    toRecipients: message.toRecipients ?? [], ccRecipients: message.ccRecipients ?? [], bccRecipients: message.bccRecipients ?? [],
    conversationId: message.conversationId, ...(extra.files ? { attachments: extra.files.map((file) => file.name) } : {}),
    mailbox: extra.mailbox ?? null,
  };
}
