/**
 * What a message query asks Graph: the `$filter` clauses of the criteria, the KQL `$search` text for what only
 * search can find (recipients), and the order. Pure functions; the requests are built in messages.ts.
 */
import { dateTimeLiteral, literal } from '../../graph/odata';
import type { FilterSpec } from '../../graph/odataFilter';

export type Importance = 'low' | 'normal' | 'high';

export interface MessageCriteria {
  from?: string;
  subjectContains?: string;
  /** ISO instants with a zone. */
  receivedAfter?: string;
  receivedBefore?: string;
  unreadOnly?: boolean;
  hasAttachments?: boolean;
  importance?: Importance;
  flagged?: boolean;
  /** Messages carrying any one of these categories. */
  categories?: readonly string[];
  conversationId?: string;
  /** A user's `$filter`, already made canonical by canonicalFilter(). */
  filter?: string;
}

/** Date properties a list can be ordered by (they can lead the `$filter` with a clause that keeps every message). */
export const SORTABLE = ['receivedDateTime', 'sentDateTime', 'createdDateTime', 'lastModifiedDateTime'] as const;
export type Sortable = (typeof SORTABLE)[number];
export interface Order { property: Sortable; descending: boolean }

/** `receivedDateTime desc` → an Order. */
export function parseOrder(text: string): Order {
  const [property, direction] = text.split(' ') as [Sortable, string | undefined];
  return { property, descending: direction === 'desc' };
}

const EPOCH = '1900-01-01T00:00:00Z';

/** The criteria's clauses in the order Graph prefers: received dates first, the user's own filter last. */
function clauses(c: MessageCriteria): string[] {
  const anyCategory = c.categories?.length
    ? c.categories.map((name) => `categories/any(c:c eq ${literal(name)})`).join(' or ')
    : undefined;
  return [
    c.receivedAfter && `receivedDateTime ge ${dateTimeLiteral(c.receivedAfter, 'receivedAfter')}`,
    c.receivedBefore && `receivedDateTime lt ${dateTimeLiteral(c.receivedBefore, 'receivedBefore')}`,
    c.from && `from/emailAddress/address eq ${literal(c.from)}`,
    c.subjectContains && `contains(subject,${literal(c.subjectContains)})`,
    c.unreadOnly && 'isRead eq false',
    c.hasAttachments !== undefined && `hasAttachments eq ${c.hasAttachments}`,
    c.importance && `importance eq ${literal(c.importance)}`,
    c.flagged !== undefined && `flag/flagStatus ${c.flagged ? 'eq' : 'ne'} 'flagged'`,
    anyCategory && (c.categories && c.categories.length > 1 ? `(${anyCategory})` : anyCategory),
    c.conversationId && `conversationId eq ${literal(c.conversationId)}`,
    c.filter && `(${c.filter})`,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
}

/**
 * The `$filter` for the criteria, or undefined. With an order, its property leads, as Graph's InefficientFilter
 * rule demands (learn.microsoft.com/graph/api/user-list-messages, "Using filter and orderby in the same query"): a
 * clause that every message meets is put first when no criterion is on that property already.
 */
export function messageFilter(c: MessageCriteria, order?: Order): string | undefined {
  const list = clauses(c);
  if (order && list.length > 0 && !list[0].startsWith(`${order.property} `)) list.unshift(`${order.property} ge ${EPOCH}`);
  return list.length ? list.join(' and ') : undefined;
}

/** Clauses applied after a polling cursor's condition (the trigger's filters). */
export function extraClauses(c: MessageCriteria): string[] {
  return clauses(c);
}

/** KQL text as one quoted `$search` term; embedded quotes and backslashes are escaped. */
export function searchTerm(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The `$search` value for recipients and free text. Graph refuses a `$filter` on recipients
 * (`toRecipients/any(...)` answers 400 ErrorInvalidUrlQueryFilter, microsoftgraph/microsoft-graph-explorer-v4#3957),
 * so To and Cc are KQL property restrictions (learn.microsoft.com/graph/search-query-parameter).
 */
export function searchQuery(q: { search?: string; to?: string; cc?: string }): string | undefined {
  const parts = [q.to && `to:${q.to}`, q.cc && `cc:${q.cc}`].filter((s): s is string => typeof s === 'string');
  if (q.search !== undefined) parts.push(parts.length ? `(${q.search})` : q.search);
  return parts.length ? searchTerm(parts.join(' AND ')) : undefined;
}

const RECIPIENT = ['emailAddress/address', 'emailAddress/name'];

/** What a user's `$filter` on messages may use. Recipients are left out: Graph cannot filter on them (see searchQuery). */
export function messageFilterSpec(what: string): FilterSpec {
  return {
    what,
    properties: [
      'id', 'subject', 'bodyPreview', 'importance', 'isRead', 'isDraft', 'hasAttachments', 'conversationId', 'internetMessageId',
      'parentFolderId', 'inferenceClassification', 'isReadReceiptRequested', 'isDeliveryReceiptRequested', 'changeKey',
      'receivedDateTime', 'sentDateTime', 'createdDateTime', 'lastModifiedDateTime',
      'flag/flagStatus', ...RECIPIENT.map((p) => `from/${p}`), ...RECIPIENT.map((p) => `sender/${p}`),
    ],
    collections: { categories: [''] },
  };
}

/** Whether a message (as Graph returns it) meets the criteria: for what a delta query cannot filter on. */
export function meetsCriteria(m: Record<string, unknown>, c: MessageCriteria): boolean {
  const from = (m.from as { emailAddress?: { address?: string } } | null | undefined)?.emailAddress?.address;
  const categories = Array.isArray(m.categories) ? m.categories.map((x) => String(x).toLowerCase()) : [];
  const flag = (m.flag as { flagStatus?: string } | null | undefined)?.flagStatus;
  return (c.from === undefined || from?.toLowerCase() === c.from.toLowerCase())
    && (c.subjectContains === undefined || String(m.subject ?? '').toLowerCase().includes(c.subjectContains.toLowerCase()))
    && (!c.unreadOnly || m.isRead !== true)
    && (c.hasAttachments === undefined || m.hasAttachments === c.hasAttachments)
    && (c.importance === undefined || m.importance === c.importance)
    && (c.flagged === undefined || (flag === 'flagged') === c.flagged)
    && (!c.categories?.length || c.categories.some((x) => categories.includes(x.toLowerCase())));
}
