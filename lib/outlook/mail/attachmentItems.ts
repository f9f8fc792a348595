/** Item attachments (an attached mail, event or contact): the item as JSON, and the file kind of its raw contents. */
import type { GraphClient } from '../../graph/GraphClient';
import { mailboxRoot, segment } from '../../graph/paths';
import type { AttachmentInfo, MessageRef } from './attachments';

export type ItemKind = 'message' | 'event' | 'contact';

/** The attached item's properties (`$expand=microsoft.graph.itemattachment/item`, attachment-get example 3). */
export async function getAttachedItem(client: GraphClient, ref: MessageRef & { attachmentId: string }): Promise<Record<string, unknown>> {
  const { data } = await client.request<{ item?: unknown }>({
    path: `${mailboxRoot(ref.mailbox)}/${ref.collection ?? 'messages'}/${segment(ref.messageId, 'message id')}/attachments/${segment(ref.attachmentId, 'attachment id')}`,
    query: { $expand: 'microsoft.graph.itemattachment/item' },
  });
  return typeof data?.item === 'object' && data.item !== null ? data.item as Record<string, unknown> : {};
}

/** What an item is, from its `@odata.type` (an eventMessage, such as a meeting request, is a message). */
export function itemKind(item: Record<string, unknown>): ItemKind {
  const type = String(item['@odata.type'] ?? '').toLowerCase();
  if (type.endsWith('.event')) return 'event';
  if (type.endsWith('.contact')) return 'contact';
  return 'message';
}

/**
 * The file an item's `$value` makes: MIME for a message (.eml), iCalendar for an event (.ics), vCard for a contact
 * (.vcf) (learn.microsoft.com/graph/api/attachment-get, "Get the raw contents of a file or item attachment").
 */
export function itemFile(kind: ItemKind, name: string): { name: string; contentType: string } {
  const [ext, contentType] = kind === 'event' ? ['ics', 'text/calendar'] : kind === 'contact' ? ['vcf', 'text/vcard'] : ['eml', 'message/rfc822'];
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'item';
  return { name: base.toLowerCase().endsWith(`.${ext}`) ? base : `${base}.${ext}`, contentType };
}

export const KINDS = {
  file: '#microsoft.graph.fileAttachment',
  item: '#microsoft.graph.itemAttachment',
  reference: '#microsoft.graph.referenceAttachment',
} as const;

export function attachmentKind(a: AttachmentInfo): 'file' | 'item' | 'reference' | undefined {
  const found = (Object.keys(KINDS) as Array<keyof typeof KINDS>).find((k) => KINDS[k] === a.kind);
  return found;
}

/**
 * A filter on attachment names: one of the extensions (`pdf`, `.csv`; case-insensitive) and the text, when given.
 * Undefined when neither is given.
 */
export function nameFilter(o: { extensions?: readonly string[]; contains?: string }): ((name: string) => boolean) | undefined {
  const extensions = (o.extensions ?? []).map((e) => e.trim().replace(/^\*?\./, '').toLowerCase()).filter((e) => e !== '');
  const text = o.contains?.toLowerCase();
  if (extensions.length === 0 && !text) return undefined;
  return (name) => {
    const lower = name.toLowerCase();
    return (extensions.length === 0 || extensions.some((e) => lower.endsWith(`.${e}`))) && (!text || lower.includes(text));
  };
}
