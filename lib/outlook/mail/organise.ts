/** Changing a message where it is: read state, flag, categories, importance, Focused/Other; and permanent deletion. */
import type { GraphClient } from '../../graph/GraphClient';
import { mailboxRoot, segment } from '../../graph/paths';
import { explained, mailboxLabel } from '../errors';
import type { DateTimeTimeZone } from '../types';
import type { MessageRecord } from './messages';
import type { Importance } from './query';

export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';
export type CategoriesMode = 'add' | 'remove' | 'replace' | 'clear';

/** What the user asked to change; undefined leaves a property as it is. */
export interface MessageChanges {
  isRead?: boolean;
  flag?: { flagStatus: FlagStatus; startDateTime?: DateTimeTimeZone; dueDateTime?: DateTimeTimeZone };
  categories?: { mode: CategoriesMode; names: readonly string[] };
  importance?: Importance;
  inferenceClassification?: 'focused' | 'other';
}

export interface MessageRef { mailbox?: string; messageId: string }

function messagePath(ref: MessageRef): string {
  return `${mailboxRoot(ref.mailbox)}/messages/${segment(ref.messageId, 'message id')}`;
}

function notFound(ref: MessageRef): (err: unknown) => unknown {
  return (err) => explained(err, ['ErrorItemNotFound', 'itemNotFound'], () => `Message ${ref.messageId} not found in mailbox ${mailboxLabel(ref.mailbox)}`);
}

/** Whether the categories change needs the message's current categories (to add to or remove from them). */
export function needsCurrentCategories(changes: MessageChanges): boolean {
  return changes.categories?.mode === 'add' || changes.categories?.mode === 'remove';
}

/** The category list after the change, keeping the current spelling and order; names compare case-insensitively. */
export function nextCategories(current: readonly string[], change: { mode: CategoriesMode; names: readonly string[] }): string[] {
  const has = (list: readonly string[], name: string): boolean => list.some((c) => c.toLowerCase() === name.toLowerCase());
  switch (change.mode) {
    case 'clear': return [];
    case 'replace': return [...new Set(change.names)];
    case 'remove': return current.filter((c) => !has(change.names, c));
    case 'add': return [...current, ...change.names.filter((n, i) => !has(current, n) && !has(change.names.slice(0, i), n))];
  }
}

/** The PATCH body (pure): only the properties asked for. */
export function messagePatch(changes: MessageChanges, currentCategories: readonly string[] = []): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (changes.isRead !== undefined) body.isRead = changes.isRead;
  if (changes.importance) body.importance = changes.importance;
  if (changes.inferenceClassification) body.inferenceClassification = changes.inferenceClassification;
  if (changes.flag) body.flag = { ...changes.flag };
  if (changes.categories) body.categories = nextCategories(currentCategories, changes.categories);
  return body;
}

/** `PATCH /messages/{id}`; reads the current categories first when some are added or removed. */
export async function updateMessage(client: GraphClient, ref: MessageRef, changes: MessageChanges): Promise<MessageRecord> {
  try {
    let current: string[] = [];
    if (needsCurrentCategories(changes)) {
      const { data } = await client.request<{ categories?: unknown }>({ path: messagePath(ref), query: { $select: 'categories' } });
      current = Array.isArray(data?.categories) ? data.categories.filter((c): c is string => typeof c === 'string') : [];
    }
    const { data } = await client.request<MessageRecord>({ method: 'PATCH', path: messagePath(ref), body: messagePatch(changes, current) });
    return data;
  } catch (err) {
    throw notFound(ref)(err);
  }
}

/**
 * `POST /messages/{id}/permanentDelete` → 204: the message goes to the Purges folder of the dumpster, out of reach
 * of Outlook (learn.microsoft.com/graph/api/message-permanentdelete).
 */
export async function permanentlyDeleteMessage(client: GraphClient, ref: MessageRef): Promise<void> {
  try {
    await client.request({ method: 'POST', path: `${messagePath(ref)}/permanentDelete` });
  } catch (err) {
    throw notFound(ref)(err);
  }
}
