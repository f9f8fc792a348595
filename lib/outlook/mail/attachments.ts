/** Reading a message's attachments: metadata without content, then each file's bytes as a stream. */
import type { Readable } from 'stream';
import type { GraphClient } from '../../graph/GraphClient';
import { items } from '../../graph/paginate';
import { mailboxRoot, segment } from '../../graph/paths';

export interface AttachmentInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  /** `#microsoft.graph.fileAttachment`, `…itemAttachment` or `…referenceAttachment`. */
  kind: string;
}

export interface MessageRef {
  mailbox?: string;
  messageId: string;
  /** Whose attachments: a message's (default) or an event's (`messageId` is then the event id). */
  collection?: 'messages' | 'events';
}

function messagePath(ref: MessageRef): string {
  return `${mailboxRoot(ref.mailbox)}/${ref.collection ?? 'messages'}/${segment(ref.messageId, 'message id')}`;
}

/** `$select` keeps `contentBytes` out: a listing must not carry every file base64-encoded. */
export async function listAttachments(client: GraphClient, ref: MessageRef): Promise<AttachmentInfo[]> {
  const out: AttachmentInfo[] = [];
  const listing = items<Record<string, unknown>>(client, {
    path: `${messagePath(ref)}/attachments`,
    query: { $select: 'id,name,contentType,size,isInline' },
  });
  for await (const a of listing) {
    if (typeof a.id !== 'string') continue;
    out.push({
      id: a.id,
      name: typeof a.name === 'string' ? a.name : a.id,
      contentType: typeof a.contentType === 'string' && a.contentType ? a.contentType : 'application/octet-stream',
      size: typeof a.size === 'number' ? a.size : -1,
      isInline: a.isInline === true,
      kind: typeof a['@odata.type'] === 'string' ? a['@odata.type'] : '',
    });
  }
  return out;
}

export function isFileAttachment(a: AttachmentInfo): boolean {
  return a.kind === '#microsoft.graph.fileAttachment';
}

export interface AttachmentContent {
  stream: Readable;
  /** Content-Length of the download, when Graph sends one: the byte count the stored file must match. */
  length?: number;
}

/**
 * The raw bytes of a file attachment, streamed (never buffered whole). The attachment's `size` property is not
 * the file size: Exchange counts its own overhead in it (microsoftgraph/microsoft-graph-docs#9796), so the
 * download is checked against the response's Content-Length instead.
 */
export async function openAttachment(client: GraphClient, ref: MessageRef & { attachmentId: string }): Promise<AttachmentContent> {
  const response = await client.request<Readable>({
    path: `${messagePath(ref)}/attachments/${segment(ref.attachmentId, 'attachment id')}/$value`,
    responseType: 'stream',
  });
  const declared = Number(response.headers['content-length']);
  return { stream: response.data, length: Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined };
}
