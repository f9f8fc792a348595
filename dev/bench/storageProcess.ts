/**
 * One side of `npm run bench:storage`, in a process of its own so that its peak RSS is its own: moves bytes between
 * this process and the sandbox's object storage with one implementation — a bare `http` pipe (the physical limit),
 * the component's hand-written code (lib/platform/attachments), or the official client (@elastic.io/maester-client)
 * used the way the component would use it, with the same byte counting and temporary files.
 */
import { promises as fsp } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Readable, Transform, TransformCallback } from 'stream';
import { StorageClient } from '@elastic.io/maester-client';
import { storeAttachment } from '../../lib/platform/attachments/store';
import { downloadAttachments, save } from '../../lib/platform/attachments/download';
import { settings } from '../../lib/platform/settings';
import { serve } from './ipc';

export type Impl = 'bare' | 'hand' | 'client';

export interface Transfer { ms: number; cpuMs: number; bytes: number; objectId?: string; error?: string }

/** How the bytes to upload arrive: all at once (a fast Graph download), at a rate, or cut short. */
export interface SourceSpec { bytes: number; bytesPerSecond?: number; failAfter?: number }

/** The client's request timeout may not exceed 20 s (maester-client 6.0.0 `REQUEST_TIMEOUT.maxValue`). */
const CLIENT_TIMEOUT_MS = 20_000;
const CHUNK = Buffer.alloc(64 * 1024, 7);
/** Node's global agent (keep-alive since Node 19), which axios, and so both other implementations, use too. */
const agent = http.globalAgent;
let storage = { uri: '', token: '' };

/** N bytes in 64 KB chunks, like a Graph `$value` download, optionally paced or failing part-way. */
function source(spec: SourceSpec): Readable {
  let sent = 0;
  const started = Date.now();
  return new Readable({
    read(): void {
      if (spec.failAfter !== undefined && sent >= spec.failAfter) { this.destroy(new Error('the Graph download was cut off')); return; }
      if (sent >= spec.bytes) { this.push(null); return; }
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, spec.bytes - sent));
      sent += chunk.length;
      const due = spec.bytesPerSecond ? started + (sent / spec.bytesPerSecond) * 1000 - Date.now() : 0;
      if (due > 0) setTimeout(() => this.push(chunk), due); else this.push(chunk);
    },
  });
}

/** Counts what passes, as the component's size guard does, and fails with the source. */
function counted(input: Readable): { stream: Transform; count: () => number } {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void { bytes += chunk.length; done(null, chunk); },
  });
  input.once('error', (err) => stream.destroy(err));
  input.pipe(stream);
  return { stream, count: () => bytes };
}

function bareUpload(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${storage.uri}/objects`, {
      method: 'POST', agent, headers: { Authorization: `Bearer ${storage.token}`, 'Content-Type': 'application/octet-stream' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { objectId: string }).objectId));
    });
    req.on('error', reject);
    input.once('error', (err) => req.destroy(err));
    input.pipe(req);
  });
}

const client = (): StorageClient => new StorageClient({ uri: storage.uri });

/**
 * What storeAttachment would do with the client: its `post` (one stream per attempt; ObjectStorage.add calls the
 * stream getter twice), no retry of a consumed stream. The client never listens to the stream's errors (its
 * stream-head pipes it on), so the caller must, or a failing source is an uncaught exception.
 */
async function clientUpload(input: Readable, bytes: number): Promise<string> {
  const guard = counted(input);
  let failure: Error | undefined;
  guard.stream.on('error', (err) => { failure = err; });
  try {
    const response = await client().post(async () => guard.stream, {
      jwtPayloadOrToken: storage.token, headers: { 'content-type': 'application/octet-stream' },
      retryOptions: { retriesCount: 0, requestTimeout: CLIENT_TIMEOUT_MS },
    });
    if (guard.count() !== bytes) throw new Error(`${guard.count()} of ${bytes} bytes were sent`);
    return (response.data as { objectId: string }).objectId;
  } catch (err) {
    throw failure ? new Error(`${failure.message}, reported as: ${(err as Error).message}`) : err;
  }
}

async function upload(args: { impl: Impl; source: SourceSpec }): Promise<Transfer> {
  const input = source(args.source);
  const { bytes } = args.source;
  return timed(bytes, async () => {
    if (args.impl === 'bare') return bareUpload(input);
    if (args.impl === 'client') return clientUpload(input, bytes);
    const env = settings({ ELASTICIO_OBJECT_STORAGE_URI: storage.uri, ELASTICIO_OBJECT_STORAGE_TOKEN: storage.token });
    return (await storeAttachment(input, { name: 'bench.bin', contentType: 'application/octet-stream', expectedSize: bytes, env })).url;
  });
}

/** The component's capped save of a response body into a fresh temporary directory, removed afterwards. */
async function saveToTemp(body: Readable, bytes: number): Promise<number> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-storage-'));
  try {
    return await save(body, { file: path.join(dir, '0'), budget: bytes + 1, field: 'attachments[0]', timeoutMs: CLIENT_TIMEOUT_MS });
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** Node's `http.get` into the same temporary file: what is left without any client library. */
async function bareDownload(objectId: string, bytes: number): Promise<number> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(`${storage.uri}/objects/${objectId}`, { agent, headers: { Authorization: `Bearer ${storage.token}` } }, resolve).on('error', reject);
  });
  return saveToTemp(res, bytes);
}

/** What downloadAttachments would do with the client: its `get`, then the same capped save into a temporary file. */
async function clientDownload(objectId: string, bytes: number): Promise<number> {
  const response = await client().get(objectId, { jwtPayloadOrToken: storage.token, retryOptions: { retriesCount: 0, requestTimeout: CLIENT_TIMEOUT_MS } });
  return saveToTemp(response.data as Readable, bytes);
}

async function handDownload(objectId: string, bytes: number): Promise<number> {
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const limit = bytes + 1;
  const downloads = await downloadAttachments([{ name: 'bench.bin', url: `${storage.uri}/objects/${objectId}?storage_type=maester` }], { maxFileBytes: limit, maxTotalBytes: limit }, quiet);
  await downloads.cleanup();
  return downloads.files[0].size;
}

async function download(args: { impl: Impl; objectId: string; bytes: number }): Promise<Transfer> {
  return timed(args.bytes, async () => {
    const received = args.impl === 'bare' ? await bareDownload(args.objectId, args.bytes)
      : args.impl === 'client' ? await clientDownload(args.objectId, args.bytes) : await handDownload(args.objectId, args.bytes);
    if (received !== args.bytes) throw new Error(`${received} of ${args.bytes} bytes arrived`);
    return undefined;
  });
}

async function timed(bytes: number, work: () => Promise<string | undefined>): Promise<Transfer> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let objectId: string | undefined;
  let error: string | undefined;
  try {
    objectId = await work();
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000, bytes, objectId, error };
}

serve({
  setup: (args: { uri: string; token: string }) => {
    storage = args;
    // downloadAttachments reads the storage settings from the environment, as on the platform.
    process.env.ELASTICIO_OBJECT_STORAGE_URI = args.uri;
    process.env.ELASTICIO_OBJECT_STORAGE_TOKEN = args.token;
  },
  upload,
  download,
  memory: () => ({ peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: process.memoryUsage().rss / 2 ** 20 }),
});
