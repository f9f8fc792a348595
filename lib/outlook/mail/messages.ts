/** Messages: listing for polling (ordered by lastModifiedDateTime, or delta), searching, moving and copying. */
import type { GraphClient, GraphRequest } from '../../graph/GraphClient';
import { GraphError } from '../../graph/errors';
import { pages } from '../../graph/paginate';
import { mailboxRoot, segment } from '../../graph/paths';
import { ConfigurationError, explained, mailboxLabel } from '../errors';
import { MessageCriteria, Order, extraClauses, messageFilter, searchQuery } from './query';

/** What the triggers emit; pairing `$top` with `$select` keeps 1000-message pages affordable. */
export const POLLED_FIELDS = [
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

/** The folder's path in requests (and, without its leading slash, in a subscription's resource). */
export function folderPath(ref: FolderRef): string {
  return `${mailboxRoot(ref.mailbox)}/mailFolders/${segment(ref.folderId, 'Mail Folder')}`;
}

export interface ModifiedQuery extends FolderRef {
  /** A whole-second DateTimeOffset literal. */
  since: string;
  unreadOnly?: boolean;
  /** More conditions (the trigger's filters), after the cursor's. */
  criteria?: MessageCriteria;
  top: number;
}

/**
 * Messages modified at or after `since`, oldest first. The `$orderby` property leads the `$filter`, as Graph's
 * InefficientFilter rule demands (learn.microsoft.com/graph/api/user-list-messages, "Using filter and orderby").
 */
export function listMessagesModifiedSince(query: ModifiedQuery): GraphRequest {
  const filter = [`lastModifiedDateTime ge ${query.since}`];
  if (query.unreadOnly) filter.push('isRead eq false');
  if (query.criteria) filter.push(...extraClauses(query.criteria));
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

/** A partial delta item read again with every selected property; undefined when it no longer exists. */
export async function completePolledMessage(client: GraphClient, ref: { mailbox?: string; messageId: string }): Promise<Message | undefined> {
  try {
    return (await client.request<Message>(getPolledMessage(ref))).data;
  } catch (err) {
    if (err instanceof GraphError && err.status === 404) return undefined;
    throw err;
  }
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

// ---- move and copy -----------------------------------------------------------------------------------------------

export interface MessageRecord { id: string; [property: string]: unknown }

/** `POST /messages/{id}/move` → 201 with the message under its new id (ids change on move unless immutable). */
export async function moveMessage(client: GraphClient, req: { mailbox?: string; messageId: string; destinationId: string }): Promise<MessageRecord> {
  return relocate(client, 'move', req);
}

export async function copyMessage(client: GraphClient, req: { mailbox?: string; messageId: string; destinationId: string }): Promise<MessageRecord> {
  return relocate(client, 'copy', req);
}

async function relocate(client: GraphClient, verb: 'move' | 'copy', req: { mailbox?: string; messageId: string; destinationId: string }): Promise<MessageRecord> {
  const path = `${mailboxRoot(req.mailbox)}/messages/${segment(req.messageId, 'messageId')}/${verb}`;
  try {
    const { data } = await client.request<MessageRecord>({ method: 'POST', path, body: { destinationId: req.destinationId } });
    if (typeof data?.id !== 'string') throw new Error(`Graph answered the ${verb} without the message`);
    return data;
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'itemNotFound'], () => `Message ${req.messageId} not found in mailbox `
      + `${mailboxLabel(req.mailbox)}, or the destination folder "${req.destinationId}" does not exist`);
  }
}

// ---- list and search ---------------------------------------------------------------------------------------------

export type { MessageCriteria } from './query';
export { messageFilter, searchTerm } from './query';

export const MESSAGE_FIELDS = [
  'id', 'subject', 'from', 'sender', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'receivedDateTime',
  'sentDateTime', 'lastModifiedDateTime', 'isRead', 'isDraft', 'importance', 'hasAttachments', 'bodyPreview',
  'conversationId', 'internetMessageId', 'parentFolderId', 'categories', 'flag', 'webLink', 'changeKey',
];

export interface ListRequest {
  mailbox?: string;
  folder?: string;
  /** KQL text of the user's; with `to`/`cc` it becomes one `$search`. */
  search?: string;
  to?: string;
  cc?: string;
  criteria?: MessageCriteria;
  order?: Order;
  max: number;
  includeBody?: boolean;
  bodyType?: 'text' | 'html';
}

/** Pages of messages (nextLink followed verbatim), stopping once `max` have been yielded. */
export async function* listMessages(client: GraphClient, req: ListRequest): AsyncGenerator<MessageRecord[], void, undefined> {
  const filter = req.criteria ? messageFilter(req.criteria, req.order) : undefined;
  const search = searchQuery(req);
  if (search !== undefined && (filter !== undefined || req.order !== undefined)) {
    throw new ConfigurationError('search / filters', 'a search cannot be combined with filters or an order (Graph refuses $search with $filter or $orderby on messages)');
  }
  const root = mailboxRoot(req.mailbox);
  const path = req.folder ? `${root}/mailFolders/${segment(req.folder, 'folder')}/messages` : `${root}/messages`;
  // Bodies make pages heavy, and big pages with bodies time out (504) on Graph.
  const pageSize = Math.min(req.max, req.includeBody ? 50 : 250);
  const select = req.includeBody ? [...MESSAGE_FIELDS, 'body'] : MESSAGE_FIELDS;
  const orderby = req.order && `${req.order.property} ${req.order.descending ? 'desc' : 'asc'}`;
  const query = { $select: select.join(','), $top: pageSize, $filter: filter, $orderby: orderby, $search: search };
  const headers = req.includeBody ? { Prefer: `outlook.body-content-type="${req.bodyType ?? 'html'}"` } : undefined;
  let left = req.max;
  try {
    for await (const page of pages<MessageRecord>(client, { path, query, headers })) {
      const items = page.items.slice(0, left);
      left -= items.length;
      yield items;
      if (left <= 0) return;
    }
  } catch (err) {
    if (!req.folder) throw err;
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Mail folder "${req.folder}" not found in mailbox ${mailboxLabel(req.mailbox)}`);
  }
}
