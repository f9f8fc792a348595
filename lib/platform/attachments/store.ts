/** Streaming files into the platform's object storage (Maester), counting bytes on the way. */
import { Readable, Transform, TransformCallback } from 'stream';
import axios from 'axios';
import type { GraphClient } from '../../graph/GraphClient';
import { MessageRef, isFileAttachment, listAttachments, openAttachment } from '../../outlook/mail/attachments';
import { ConfigurationError } from '../../outlook/errors';
import { Settings, settings } from '../settings';

export interface StoredAttachment {
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface StoreOptions {
  name: string;
  contentType: string;
  /** The byte count announced for the download; a different count fails the upload instead of storing a truncated file. */
  expectedSize?: number;
  env?: Settings;
  timeoutMs?: number;
}

export class SizeMismatchError extends Error {
  constructor(readonly attachment: string, readonly expected: number, readonly received: number, complete: boolean) {
    super(`Attachment "${attachment}" declared ${expected} bytes but ${complete ? '' : 'more than '}${received} bytes arrived; it was not stored`);
    this.name = 'SizeMismatchError';
  }
}

/** An object-storage client of its own: the Graph transport and its bearer token never come near it. */
const storage = axios.create({ maxRedirects: 0, proxy: false, maxBodyLength: Infinity, validateStatus: () => true });

export async function storeAttachment(source: Readable, options: StoreOptions): Promise<StoredAttachment> {
  const env = options.env ?? settings();
  if (!env.objectStorageUri || !env.objectStorageToken) {
    throw new ConfigurationError('ELASTICIO_OBJECT_STORAGE_URI / ELASTICIO_OBJECT_STORAGE_TOKEN', 'object storage is not configured, so attachments cannot be stored');
  }
  const guard = sizeGuard(source, options);
  let response;
  try {
    response = await storage.post(`${env.objectStorageUri}/objects`, guard.stream, {
      headers: { Authorization: `Bearer ${env.objectStorageToken}`, 'Content-Type': options.contentType },
      timeout: options.timeoutMs ?? 300_000,
      responseType: 'json',
    });
  } catch (err) {
    throw guard.state.mismatch ?? new Error(`Storing attachment "${options.name}" failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    source.unpipe(guard.stream);
    if (!source.destroyed) source.destroy();
  }
  if (guard.state.mismatch) throw guard.state.mismatch;
  const objectId = isObjectId(response.data) ? response.data.objectId : undefined;
  if (response.status < 200 || response.status >= 300 || objectId === undefined) {
    throw new Error(`Object storage answered ${response.status} to the upload of attachment "${options.name}"`);
  }
  return {
    name: options.name,
    contentType: options.contentType,
    size: guard.state.received,
    url: `${env.objectStorageUri}/objects/${encodeURIComponent(objectId)}?storage_type=maester`,
  };
}

interface SizeGuard {
  stream: Transform;
  state: { received: number; mismatch?: SizeMismatchError };
}

/** `source` piped through a byte counter that fails the stream once the count cannot match `expectedSize`. */
function sizeGuard(source: Readable, options: Pick<StoreOptions, 'name' | 'expectedSize'>): SizeGuard {
  const { name, expectedSize: expected } = options;
  const state: SizeGuard['state'] = { received: 0 };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      state.received += chunk.length;
      if (expected !== undefined && state.received > expected) {
        state.mismatch = new SizeMismatchError(name, expected, state.received, false);
        done(state.mismatch);
        return;
      }
      done(null, chunk);
    },
    flush(done: TransformCallback): void {
      if (expected !== undefined && state.received !== expected) state.mismatch = new SizeMismatchError(name, expected, state.received, true);
      done(state.mismatch);
    },
  });
  source.once('error', (err) => {
    // A download cut short (Content-Length not reached) is the truncation this check exists for.
    if (expected !== undefined && state.received < expected) state.mismatch = new SizeMismatchError(name, expected, state.received, true);
    stream.destroy(state.mismatch ?? err);
  });
  source.pipe(stream);
  return { stream, state };
}

function isObjectId(data: unknown): data is { objectId: string } {
  return typeof data === 'object' && data !== null && typeof (data as { objectId?: unknown }).objectId === 'string';
}

/**
 * Every file attachment of a message, streamed from Graph into object storage. Item and reference attachments
 * have no bytes of their own to store.
 */
export async function storeFileAttachments(client: GraphClient, ref: MessageRef): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const attachment of await listAttachments(client, ref)) {
    if (!isFileAttachment(attachment)) continue;
    const content = await openAttachment(client, { ...ref, attachmentId: attachment.id });
    stored.push(await storeAttachment(content.stream, { name: attachment.name, contentType: attachment.contentType, expectedSize: content.length }));
  }
  return stored;
}
