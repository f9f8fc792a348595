/**
 * Fetches attachments named by URL (the platform's object storage, or legacy signed URLs) into temporary files,
 * streamed and size-capped, so large files never sit in memory. The Graph token is never sent here.
 */
import { createWriteStream, promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import axios from 'axios';
import type { Readable } from 'stream';
import type { LocalFile } from '../../outlook/mail/send';
import type { AttachmentRef } from '../../outlook/mail/payloads';
import type { Logger } from '../context';
import { settings } from '../settings';

export interface Downloads {
  files: LocalFile[];
  /** Removes the temporary files; safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface DownloadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  timeoutMs?: number;
}

export class AttachmentDownloadError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'AttachmentDownloadError';
  }
}

export async function downloadAttachments(refs: AttachmentRef[], limits: DownloadLimits, logger: Logger): Promise<Downloads> {
  if (refs.length === 0) return { files: [], cleanup: async () => undefined };
  const declared = refs.reduce((sum, r) => sum + (r.size ?? 0), 0);
  if (declared > limits.maxTotalBytes) {
    throw new AttachmentDownloadError('attachments', `declared sizes add up to ${declared} bytes, above the ${limits.maxTotalBytes}-byte limit`);
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'outlook-attachments-'));
  const cleanup = (): Promise<void> => fsp.rm(dir, { recursive: true, force: true });
  const files: LocalFile[] = [];
  let total = 0;
  try {
    for (const [i, ref] of refs.entries()) {
      const field = `attachments[${i}]`;
      const file = path.join(dir, String(i));
      const budget = Math.min(limits.maxFileBytes, limits.maxTotalBytes - total);
      const { size, contentType } = await fetchTo(ref, { file, budget, field, timeoutMs: limits.timeoutMs ?? 120_000 });
      total += size;
      files.push({ name: ref.name, contentType: ref.contentType ?? contentType ?? 'application/octet-stream', size, read: (offset, length) => readRange(file, offset, length) });
      logger.debug(`Fetched ${field} (${size} bytes)`);
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { files, cleanup };
}

/** Where one download goes: its temporary file, the bytes it may still take, and its field for errors. */
export interface Target { file: string; budget: number; field: string; timeoutMs: number }

async function fetchTo(ref: AttachmentRef, target: Target): Promise<{ size: number; contentType?: string }> {
  const { budget, field } = target;
  const where = describeUrl(ref.url);
  const response = await axios.get<Readable>(ref.url, {
    responseType: 'stream', headers: storageHeaders(ref.url), timeout: target.timeoutMs, maxRedirects: 3,
    validateStatus: () => true, proxy: false,
  }).catch((err: unknown) => {
    throw new AttachmentDownloadError(field, `could not be fetched from ${where}: ${(err as Error).message}`);
  });
  if (response.status < 200 || response.status >= 300) {
    response.data.destroy();
    throw new AttachmentDownloadError(field, `fetching ${where} answered HTTP ${response.status}`);
  }
  const length = Number(response.headers['content-length']);
  if (Number.isFinite(length) && length > budget) {
    response.data.destroy();
    throw new AttachmentDownloadError(field, `is ${length} bytes, above the remaining limit of ${budget} bytes`);
  }
  const size = await save(response.data, target);
  const type = response.headers['content-type'];
  return { size, contentType: typeof type === 'string' && type !== '' ? type : undefined };
}

/** Buffered writes allowed before the socket is paused (disks normally keep up with the network). */
const WRITE_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Streams a body to a file, failing as soon as it exceeds `budget`. The socket is paused only when the disk falls
 * far behind: pausing on every full write buffer made nock's interceptor (used by the specs) abort large bodies.
 */
export function save(body: Readable, target: Target): Promise<number> {
  const { budget, field } = target;
  return new Promise((resolve, reject) => {
    const out = createWriteStream(target.file);
    let size = 0;
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      body.destroy();
      out.destroy();
      reject(err);
    };
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) { fail(new AttachmentDownloadError(field, `is larger than the remaining limit of ${budget} bytes`)); return; }
      if (!out.write(chunk) && out.writableLength > WRITE_BUFFER_BYTES) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    });
    body.on('error', (err) => fail(new AttachmentDownloadError(field, `download interrupted: ${err.message}`)));
    out.on('error', (err) => fail(err));
    body.on('end', () => out.end(() => { if (!failed) resolve(size); }));
  });
}

/** The object-storage token goes only to the object-storage host; other URLs (signed) get no credentials. */
function storageHeaders(url: string): Record<string, string> {
  const env = settings();
  if (!env.objectStorageUri || !env.objectStorageToken) return {};
  const storage = new URL(env.objectStorageUri);
  const target = new URL(url);
  return target.origin === storage.origin ? { Authorization: `Bearer ${env.objectStorageToken}` } : {};
}

/** Host and path only: signed URLs carry their credentials in the query. */
function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

async function readRange(file: string, offset: number, length: number): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
