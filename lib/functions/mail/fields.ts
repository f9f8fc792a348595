/** Fields used only by the mail functions that answer, draft and send drafts. */
import { parseItemBody } from '../../outlook/mail/payloads';
import * as f from '../fields';

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
