/**
 * Every attachment of a message, in the form a flow can use: file attachments streamed into object storage (the
 * byte count checked against the download), item attachments (an attached mail, event or contact) as .eml/.ics/.vcf
 * in object storage or as JSON, reference attachments (links to cloud files) as links.
 */
import type { GraphClient } from '../../graph/GraphClient';
import { AttachmentInfo, MessageRef, listAttachments, openAttachment } from '../../outlook/mail/attachments';
import { attachmentKind, getAttachedItem, itemFile, itemKind } from '../../outlook/mail/attachmentItems';
import { withoutODataKeys } from '../../outlook/items';
import { storeAttachment } from './store';

export interface ExportOptions {
  includeInline: boolean;
  /** Item attachments as files (.eml, .ics, .vcf) or as the item's JSON. */
  itemFormat: 'file' | 'json';
  /** Only attachments whose name this accepts. */
  accept?: (name: string) => boolean;
  /** Where a reference attachment can be opened: the message in Outlook on the web (Graph v1.0 gives no file URL). */
  messageLink?: string;
}

export interface ExportedAttachment {
  attachmentId: string;
  kind: 'file' | 'item' | 'reference';
  name: string;
  contentType?: string;
  size?: number;
  url?: string;
  isInline: boolean;
  itemType?: string;
  item?: Record<string, unknown>;
  link?: string;
}

/** Which attachments of the listing are exported, in their order. */
export function selectAttachments(listing: AttachmentInfo[], o: Pick<ExportOptions, 'includeInline' | 'accept'>): AttachmentInfo[] {
  return listing.filter((a) => attachmentKind(a) !== undefined && (o.includeInline || !a.isInline) && (o.accept?.(a.name) ?? true));
}

export async function exportAttachment(client: GraphClient, ref: MessageRef, a: AttachmentInfo, o: ExportOptions): Promise<ExportedAttachment> {
  const kind = attachmentKind(a) as 'file' | 'item' | 'reference';
  const base = { attachmentId: a.id, kind, name: a.name, isInline: a.isInline };
  if (kind === 'reference') return { ...base, contentType: a.contentType, link: o.messageLink };
  if (kind === 'file') {
    const content = await openAttachment(client, { ...ref, attachmentId: a.id });
    return { ...base, ...await storeAttachment(content.stream, { name: a.name, contentType: a.contentType, expectedSize: content.length }) };
  }
  const item = await getAttachedItem(client, { ...ref, attachmentId: a.id });
  const type = itemKind(item);
  if (o.itemFormat === 'json') return { ...base, itemType: type, item: withoutODataKeys(item) };
  const file = itemFile(type, a.name);
  const content = await openAttachment(client, { ...ref, attachmentId: a.id });
  return { ...base, itemType: type, ...await storeAttachment(content.stream, { ...file, expectedSize: content.length }) };
}

/** Every selected attachment of the message, exported one after the other (one stream at a time). */
export async function* exportAttachments(client: GraphClient, ref: MessageRef, o: ExportOptions): AsyncGenerator<ExportedAttachment> {
  for (const a of selectAttachments(await listAttachments(client, ref), o)) yield await exportAttachment(client, ref, a, o);
}
