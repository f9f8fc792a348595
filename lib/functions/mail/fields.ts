/** Fields used only by the mail functions (reading, organising, folders, categories, automatic replies; answering and drafts). */
import { messageFilterSpec } from '../../outlook/mail/query';
import { place } from '../../platform/params';
import type { FieldSpec } from '../../platform/params';
import { CATEGORY_COLORS } from '../../outlook/mail/categories';
import { address, checkbox, choice, dateTime, list, text } from '../fields';
import { parseItemBody } from '../../outlook/mail/payloads';
import * as f from '../fields';

export const to = address('To', { help: 'Messages sent to this address (a KQL search: cannot be combined with the filters)' });

export const cc = address('Cc', { help: 'Messages with this address in Cc (a KQL search: cannot be combined with the filters)' });

export const categories = list('Categories', {
  help: 'Category names, separated by commas or as a list, as the mailbox\'s category list names them',
});

/** Categories chosen from the mailbox's category list in the step configuration. */
export const pickedCategories = { ...categories, view: { viewClass: 'MultiSelectView' as const, model: 'getCategories' } };

export const flagged = checkbox('Flagged', { help: 'true: flagged messages only; false: messages that are not flagged' });

export const conversationId = text('Conversation ID', { max: 1024, help: 'All messages of this conversation (a message\'s conversationId)' });

/** A `$filter` of the user's on messages: parsed, checked against the message properties and written out again. */
export const odataFilter = f.odataFilter(messageFilterSpec, {
  help: 'A Graph $filter on messages, e.g. <code>isRead eq false and categories/any(c: c eq \'Invoices\')</code>; combined with the other filters by and',
  invalid: "subject eq 'x' &$select=id",
});

export const orderBy = choice('Order', {
  'receivedDateTime desc': 'Received, newest first', 'receivedDateTime asc': 'Received, oldest first',
  'sentDateTime desc': 'Sent, newest first', 'sentDateTime asc': 'Sent, oldest first',
  'lastModifiedDateTime desc': 'Last modified, newest first', 'lastModifiedDateTime asc': 'Last modified, oldest first',
  'createdDateTime desc': 'Created, newest first', 'createdDateTime asc': 'Created, oldest first',
} as const, { prompt: 'Received, newest first (default)' });

export const bodyFormat = choice('Body Format', { html: 'HTML', text: 'Text' } as const, { prompt: 'HTML (default)' });

export const internetMessageId = text('Internet Message ID', {
  max: 998, help: 'The Message-ID header, e.g. <CY4PR22MB104@contoso.outlook.com>; used when no Message ID is given',
});

// ---- organising ------------------------------------------------------------------------------------------------

export const isRead = checkbox('Read', { help: 'true: mark as read; false: mark as unread; empty: leave as it is' });

export const flag = choice('Flag', { flagged: 'Flagged', complete: 'Complete', notFlagged: 'Not flagged' } as const, {
  prompt: 'Leave as it is', help: 'Flag for follow-up, mark the follow-up complete, or clear the flag',
});

export const flagStart = dateTime('Flag Start', { help: 'With Flag = flagged: when the follow-up starts (ISO 8601, or {dateTime, timeZone})' });

export const flagDue = dateTime('Flag Due', { help: 'With Flag = flagged: when the follow-up is due; needs Flag Start (Graph refuses a due date without one)' });

export const categoriesMode = choice('Categories Change', { add: 'Add', remove: 'Remove', replace: 'Replace', clear: 'Remove all' } as const, {
  prompt: 'Add (default)', help: 'What to do with Categories: add them, remove them, replace the message\'s categories with them, or remove all',
});

export const inferenceClassification = choice('Focused or Other', { focused: 'Focused', other: 'Other' } as const, {
  prompt: 'Leave as it is', help: 'Moves the message to the Focused or the Other tab of the Focused Inbox',
});

export const permanent = checkbox('Delete Permanently', {
  help: 'true: purge the message (Outlook cannot restore it); default: move it to Deleted Items',
});

// ---- folders -----------------------------------------------------------------------------------------------------

export const folderName = text('Folder Name', { max: 255, help: 'The display name of the folder' });

export const includeHidden = checkbox('Include Hidden Folders', { help: 'Also folders Outlook does not show (isHidden)' });

// ---- attachments -------------------------------------------------------------------------------------------------

export const includeInline = checkbox('Include Inline Images', { help: 'Also attachments shown inside the body (signatures, pasted pictures)' });

export const itemFormat = choice('Attached Items As', { file: 'Files (.eml, .ics, .vcf)', json: 'JSON' } as const, {
  prompt: 'Files (default)', help: 'An attached mail, event or contact: stored as .eml, .ics or .vcf in object storage, or emitted as its JSON properties',
});

export const fileTypes = list('File Types', { help: 'Only attachments with one of these extensions, e.g. pdf, xlsx' });

export const nameContains = text('Name Contains', { max: 255, help: 'Only attachments whose name contains this text (case-insensitive)' });

// ---- categories and automatic replies ----------------------------------------------------------------------------

export const categoryName = text('Category Name', { max: 255, help: 'Unique in the mailbox\'s category list' });

export const categoryColor = choice('Colour', CATEGORY_COLORS, { prompt: 'No colour (default)' });

export const repliesStatus = choice('Automatic Replies', { disabled: 'Off', alwaysEnabled: 'On', scheduled: 'On, between Start and End' } as const, {
  help: 'Off, on until turned off, or on during the scheduled time only',
});

export const externalAudience = choice('External Audience', { none: 'No one outside', contactsOnly: 'Contacts only', all: 'Everyone' } as const);

export const replyMessage = (label: string): FieldSpec<string> => text(label, { max: 64_000, help: 'Text or HTML' });

/** Text or HTML written above the quoted message. */
export const comment = f.shaped('Comment', { type: 'string' }, parseItemBody, {
  help: 'Text or HTML written above the quoted message; or {content, contentType}', invalid: { content: 42 },
});

export const replyAll = f.checkbox('Reply All', { help: 'Reply to the sender and every other recipient of the message (not only the sender)' });

export const saveAsDraft = f.checkbox('Save as Draft', { help: 'Keep it in Drafts instead of sending it; the output carries the draft\'s id' });

/** A draft, addressed by the input field messageId like every message. */
export const draftId = f.itemId('Draft ID', 'draft', {
  help: 'The id of a draft, as Create Draft, or Reply and Forward with Save as Draft, emit it',
});

export const extraTo = f.recipients('To', { help: 'Added to the recipients Outlook chooses; addresses separated by , or ; (or a list, or {address, name} objects)' });
export const extraCc = f.recipients('Cc', { help: 'Added to the Cc recipients Outlook chooses' });
export const extraBcc = f.recipients('Bcc');

/**
 * The parameters of a new message, as Send Mail and Create Draft take them (both from the incoming message): recipients,
 * subject, body, importance, reply-to, sender, headers, receipts and attachments.
 */
export const composition = {
  to: place(f.recipients('To', { help: 'Addresses separated by , or ; (or a list, or {address, name} objects)' }), 'input').keys({ aliases: ['toRecipients'] }),
  cc: place(f.recipients('Cc'), 'input').keys({ aliases: ['ccRecipients'] }),
  bcc: place(f.recipients('Bcc'), 'input').keys({ aliases: ['bccRecipients'] }),
  subject: place(f.subject, 'input').withDefault(''),
  body: place(f.itemBody, 'input'),
  contentType: place(f.bodyContentType, 'both').keys({ config: 'bodyContentType', aliases: ['bodyContentType'] }),
  importance: place(f.importance, 'input'),
  replyTo: place(f.recipients('Reply To'), 'input'),
  from: place(f.recipients('From', { help: 'Send on behalf of this address (needs Send As or Send on Behalf permission)' }), 'input'),
  headers: place(f.internetHeaders, 'input').keys({ aliases: ['internetMessageHeaders'] }),
  requestReadReceipt: place(f.checkbox('Request a Read Receipt'), 'input'),
  requestDeliveryReceipt: place(f.checkbox('Request a Delivery Receipt'), 'input'),
  attachments: place(f.attachmentRefs, 'input'),
};
