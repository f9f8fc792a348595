/** Output shapes used only by the mail functions that answer, draft and send drafts. */
import { bool, list, num, obj, recipients, str, strings } from '../shapes';

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
