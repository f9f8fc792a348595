/** Reading one message: by id or by its Internet Message-ID, with its body in the chosen format, and its raw MIME. */
import type { Readable } from 'stream';
import type { GraphClient } from '../../graph/GraphClient';
import { literal } from '../../graph/odata';
import { mailboxRoot, segment } from '../../graph/paths';
import { ConfigurationError, explained, mailboxLabel } from '../errors';
import { MESSAGE_FIELDS, MessageRecord } from './messages';

export interface ReadOptions {
  mailbox?: string;
  bodyType?: 'text' | 'html';
  /** How errors name the id the user gave (`Message ID (messageId)`). */
  field: string;
}

const SELECT = [...MESSAGE_FIELDS, 'body', 'createdDateTime', 'inferenceClassification', 'conversationIndex'].join(',');

function bodyHeaders(bodyType?: 'text' | 'html'): Record<string, string> | undefined {
  return bodyType ? { Prefer: `outlook.body-content-type="${bodyType}"` } : undefined;
}

/** `GET /messages/{id}`: Graph tells a malformed id (400) from one that is not there (404); both are said in words. */
export async function getMessage(client: GraphClient, messageId: string, o: ReadOptions): Promise<MessageRecord> {
  try {
    const { data } = await client.request<MessageRecord>({
      path: `${mailboxRoot(o.mailbox)}/messages/${segment(messageId, 'message id')}`, query: { $select: SELECT }, headers: bodyHeaders(o.bodyType),
    });
    return data;
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'itemNotFound', 'ErrorInvalidIdMalformed'], (e) => (e.code === 'ErrorInvalidIdMalformed'
      ? `${o.field}: "${messageId}" is not the id of a message (Graph cannot read it as one; is it another item's id, or cut short?)`
      : `Message ${messageId} not found in mailbox ${mailboxLabel(o.mailbox)}`));
  }
}

/**
 * The message whose Internet Message-ID is `internetMessageId`. The same mail can be in several folders (sent to
 * oneself, copied): the most recently received one is returned, with how many there are.
 */
export async function findByInternetMessageId(client: GraphClient, internetMessageId: string, o: ReadOptions): Promise<{ message: MessageRecord; copies: number }> {
  const { data } = await client.request<{ value?: MessageRecord[] }>({
    path: `${mailboxRoot(o.mailbox)}/messages`,
    query: { $filter: `internetMessageId eq ${literal(internetMessageId)}`, $select: SELECT, $top: 10 },
    headers: bodyHeaders(o.bodyType),
  });
  const found = Array.isArray(data?.value) ? data.value : [];
  if (found.length === 0) throw new ConfigurationError(o.field, `no message with Internet Message-ID ${internetMessageId} in mailbox ${mailboxLabel(o.mailbox)}`);
  const newest = [...found].sort((a, b) => String(b.receivedDateTime ?? '').localeCompare(String(a.receivedDateTime ?? '')))[0];
  return { message: newest, copies: found.length };
}

export interface RawContent {
  stream: Readable;
  /** Content-Length of the download, when Graph sends one. */
  length?: number;
}

/** `GET /messages/{id}/$value`: the message as MIME (an .eml file), streamed (learn.microsoft.com/graph/outlook-get-mime-message). */
export async function openMessageMime(client: GraphClient, ref: { mailbox?: string; messageId: string }): Promise<RawContent> {
  const response = await client.request<Readable>({
    path: `${mailboxRoot(ref.mailbox)}/messages/${segment(ref.messageId, 'message id')}/$value`, responseType: 'stream',
  });
  const declared = Number(response.headers['content-length']);
  return { stream: response.data, length: Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined };
}

/** A file name for a message's .eml: its subject without characters file systems refuse, else `message`. */
export function emlName(subject: unknown): string {
  const base = typeof subject === 'string' ? subject.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) : '';
  return `${base || 'message'}.eml`;
}
