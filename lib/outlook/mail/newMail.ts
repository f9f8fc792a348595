/**
 * New mail of a folder, each message once: ordered and filtered by createdDateTime (when the message came into the
 * mailbox), which no later change moves, unlike lastModifiedDateTime.
 */
import type { GraphRequest } from '../../graph/GraphClient';
import { mailboxRoot, segment } from '../../graph/paths';
import { POLLED_FIELDS, type Message } from './messages';

const FIELDS = 'id,createdDateTime,lastModifiedDateTime,receivedDateTime,subject,from,hasAttachments,internetMessageId,conversationId,parentFolderId,webLink';

/**
 * Messages created at or after `since` (a whole-second literal), oldest first; with attachments only unless inline
 * images are wanted too (`hasAttachments` leaves those out). createdDateTime leads the filter, as Graph's
 * InefficientFilter rule wants (learn.microsoft.com/graph/api/user-list-messages).
 */
export function listMessagesCreatedSince(q: { mailbox?: string; folderId: string; since: string; top: number; withInline: boolean }): GraphRequest {
  const filter = [`createdDateTime ge ${q.since}`, ...(q.withInline ? [] : ['hasAttachments eq true'])];
  return {
    path: `${mailboxRoot(q.mailbox)}/mailFolders/${segment(q.folderId, 'Mail Folder')}/messages`,
    query: { $filter: filter.join(' and '), $orderby: 'createdDateTime asc', $top: q.top, $select: FIELDS },
  };
}

/** The message as the polling cursor sees it: its creation is its time and its id its one version. */
export function asNewMail(message: Message): Message {
  return { ...message, lastModifiedDateTime: message.createdDateTime as string | undefined, changeKey: message.id };
}

/** What each emitted attachment says about the message it came with. */
export function messageSummary(m: Message): Record<string, unknown> {
  const { id, subject, from, receivedDateTime, internetMessageId, conversationId, webLink } = m;
  return { id, subject, from, receivedDateTime, internetMessageId, conversationId, webLink };
}

/**
 * New messages of a folder with every property "Poll for New Mail" emits, created at or after `since`, oldest first:
 * what "New Message (real-time)" reads on each notification.
 */
export function listNewMessages(q: { mailbox?: string; folderId: string; since: string; top: number; unreadOnly: boolean; withAttachments: boolean }): GraphRequest {
  const filter = [`createdDateTime ge ${q.since}`, ...(q.unreadOnly ? ['isRead eq false'] : []), ...(q.withAttachments ? ['hasAttachments eq true'] : [])];
  return {
    path: `${mailboxRoot(q.mailbox)}/mailFolders/${segment(q.folderId, 'Mail Folder')}/messages`,
    query: { $filter: filter.join(' and '), $orderby: 'createdDateTime asc', $top: q.top, $select: POLLED_FIELDS.join(',') },
  };
}
