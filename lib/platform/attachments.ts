/** Streaming files into the platform's object storage (Maester), counting bytes on the way. */
import { Readable, Transform, TransformCallback } from 'stream';
import axios from 'axios';
import { ConfigurationError } from '../graph/errors';
import { Settings, settings } from './settings';

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
  let received = 0;
  let mismatch: SizeMismatchError | undefined;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      received += chunk.length;
      if (options.expectedSize !== undefined && received > options.expectedSize) {
        mismatch = new SizeMismatchError(options.name, options.expectedSize, received, false);
        done(mismatch);
        return;
      }
      done(null, chunk);
    },
    flush(done: TransformCallback): void {
      if (options.expectedSize !== undefined && received !== options.expectedSize) mismatch = new SizeMismatchError(options.name, options.expectedSize, received, true);
      done(mismatch);
    },
  });
  source.once('error', (err) => {
    // A download cut short (Content-Length not reached) is the truncation this check exists for.
    const short = options.expectedSize !== undefined && received < options.expectedSize;
    if (short) mismatch = new SizeMismatchError(options.name, options.expectedSize as number, received, true);
    counter.destroy(mismatch ?? err);
  });
  source.pipe(counter);

  let response;
  try {
    response = await storage.post(`${env.objectStorageUri}/objects`, counter, {
      headers: { Authorization: `Bearer ${env.objectStorageToken}`, 'Content-Type': options.contentType },
      timeout: options.timeoutMs ?? 300_000,
      responseType: 'json',
    });
  } catch (err) {
    throw mismatch ?? new Error(`Storing attachment "${options.name}" failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    source.unpipe(counter);
    if (!source.destroyed) source.destroy();
  }
  if (mismatch) throw mismatch;
  const objectId = isObjectId(response.data) ? response.data.objectId : undefined;
  if (response.status < 200 || response.status >= 300 || objectId === undefined) {
    throw new Error(`Object storage answered ${response.status} to the upload of attachment "${options.name}"`);
  }
  return {
    name: options.name,
    contentType: options.contentType,
    size: received,
    url: `${env.objectStorageUri}/objects/${encodeURIComponent(objectId)}?storage_type=maester`,
  };
}

function isObjectId(data: unknown): data is { objectId: string } {
  return typeof data === 'object' && data !== null && typeof (data as { objectId?: unknown }).objectId === 'string';
}
