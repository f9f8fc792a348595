/** Listing messages of a folder for polling: the ordered lastModifiedDateTime query and the folder's messages delta. */
import type { GraphRequest } from '../graph/GraphClient';
import { mailboxRoot, segment } from '../graph/paths';

/** What the triggers emit; pairing `$top` with `$select` keeps 1000-message pages affordable. */
const POLLED_FIELDS = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'receivedDateTime', 'sentDateTime',
  'hasAttachments', 'internetMessageId', 'subject', 'bodyPreview', 'importance', 'parentFolderId', 'conversationId',
  'conversationIndex', 'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'isRead', 'isDraft', 'webLink',
  'inferenceClassification', 'body', 'sender', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'flag',
];

/** Documented maximum of `$top` on message lists. */
export const MAX_MESSAGE_PAGE = 1000;

export interface Message {
  id: string;
  changeKey?: string;
  lastModifiedDateTime?: string;
  hasAttachments?: boolean;
  isRead?: boolean;
  '@removed'?: { reason?: string };
  [property: string]: unknown;
}

export interface FolderRef {
  mailbox?: string;
  /** A folder id or a well-known name such as `inbox`. */
  folderId: string;
}

function folderPath(ref: FolderRef): string {
  return `${mailboxRoot(ref.mailbox)}/mailFolders/${segment(ref.folderId, 'Mail Folder')}`;
}

export interface ModifiedQuery extends FolderRef {
  /** A whole-second DateTimeOffset literal. */
  since: string;
  unreadOnly?: boolean;
  top: number;
}

/**
 * Messages modified at or after `since`, oldest first. The `$orderby` property leads the `$filter`, as Graph's
 * InefficientFilter rule demands (learn.microsoft.com/graph/api/user-list-messages, "Using filter and orderby").
 */
export function listMessagesModifiedSince(query: ModifiedQuery): GraphRequest {
  const filter = [`lastModifiedDateTime ge ${query.since}`];
  if (query.unreadOnly) filter.push('isRead eq false');
  return {
    path: `${folderPath(query)}/messages`,
    query: {
      $filter: filter.join(' and '),
      $orderby: 'lastModifiedDateTime asc',
      $top: query.top,
      $select: POLLED_FIELDS.join(','),
    },
  };
}

/**
 * The first request of a delta round over one folder. Page size goes in `Prefer: odata.maxpagesize`: `$top`
 * has been seen to end a message delta round early (microsoft-graph-docs-contrib#7946).
 */
export function messagesDelta(ref: FolderRef, pageSize: number): GraphRequest {
  return {
    path: `${folderPath(ref)}/messages/delta`,
    query: { $select: POLLED_FIELDS.join(',') },
    headers: deltaHeaders(pageSize),
  };
}

/**
 * Whether a delta item lacks a property the trigger selected. Graph has been seen to return changed messages with
 * only some of them (`id`, `isRead`, `parentFolderId` after a read toggle; microsoft-graph-docs issue 7776).
 */
export function isPartialMessage(message: Message): boolean {
  return POLLED_FIELDS.some((field) => !(field in message));
}

/** The message with the trigger's `$select`, to complete a partial delta item. */
export function getPolledMessage(ref: { mailbox?: string; messageId: string }): GraphRequest {
  return {
    path: `${mailboxRoot(ref.mailbox)}/messages/${segment(ref.messageId, 'message id')}`,
    query: { $select: POLLED_FIELDS.join(',') },
  };
}

/** Next and delta links embed the query; only the page-size preference must be sent again. */
export function deltaHeaders(pageSize: number): Record<string, string> {
  return { Prefer: `odata.maxpagesize=${pageSize}` };
}
