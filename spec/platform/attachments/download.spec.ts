import { strict as assert } from 'node:assert';
import { existsSync, promises as fsp, readdirSync, statSync } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import nock from 'nock';
import { AttachmentDownloadError, downloadAttachments } from '../../../lib/platform/attachments/download';

const STORAGE_TOKEN = 'maester-token-download-spec';
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const MB = 1024 * 1024;

interface Server { url: string; seen: http.IncomingHttpHeaders[]; close(): Promise<void> }

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Server> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => { seen.push(req.headers); handler(req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** 251 × 1024 bytes of 0…250 repeated: every chunk of the body starts at a multiple of 251, so one buffer serves all. */
const PATTERN = Buffer.from(Array.from({ length: 251 * 1024 }, (_, i) => i % 251));

/** Writes `total` bytes (byte i = i % 251), waiting whenever the socket pushes back; allocates nothing per chunk. */
function writeBody(res: http.ServerResponse, total: number, onChunk: (written: number) => void = () => undefined): void {
  let written = 0;
  const next = (): void => {
    while (written < total) {
      const chunk = PATTERN.subarray(0, Math.min(PATTERN.length, total - written));
      written += chunk.length;
      onChunk(written);
      if (!res.write(chunk)) { res.once('drain', next); return; }
    }
    res.end();
  };
  next();
}

async function tempDirs(): Promise<string[]> {
  return (await fsp.readdir(os.tmpdir())).filter((name) => name.startsWith('outlook-attachments-'));
}

describe('attachment download: streaming, size caps and the storage token (hand-written, kept)', () => {
  const saved = { uri: process.env.ELASTICIO_OBJECT_STORAGE_URI, token: process.env.ELASTICIO_OBJECT_STORAGE_TOKEN };
  let storage: Server;
  let other: Server;
  let onStorage: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  before(async () => {
    nock.restore();
    storage = await serve((req, res) => onStorage(req, res));
    other = await serve((_req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('signed'); });
    process.env.ELASTICIO_OBJECT_STORAGE_URI = storage.url;
    process.env.ELASTICIO_OBJECT_STORAGE_TOKEN = STORAGE_TOKEN;
  });

  after(async () => {
    await storage.close();
    await other.close();
    nock.activate();
    for (const [key, value] of [['ELASTICIO_OBJECT_STORAGE_URI', saved.uri], ['ELASTICIO_OBJECT_STORAGE_TOKEN', saved.token]] as const) {
      if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
  });

  beforeEach(() => { storage.seen.length = 0; other.seen.length = 0; });

  it('streams a 100 MB object into a temporary file, never holding more than its write buffer, then removes it', async function () {
    this.timeout(60_000);
    const total = 100 * MB;
    const before = await tempDirs();
    // Bytes sent but not yet on disk: in sockets or in the component's memory.
    let maxInFlight = 0;
    const onDisk = (): number => {
      const dir = readdirSync(os.tmpdir()).find((name) => name.startsWith('outlook-attachments-') && !before.includes(name));
      return dir && existsSync(path.join(os.tmpdir(), dir, '0')) ? statSync(path.join(os.tmpdir(), dir, '0')).size : 0;
    };
    onStorage = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': String(total) });
      writeBody(res, total, (written) => { maxInFlight = Math.max(maxInFlight, written - onDisk()); });
    };
    const downloads = await downloadAttachments([{ name: 'big.zip', url: `${storage.url}/objects/big?storage_type=maester` }], { maxFileBytes: 150 * MB, maxTotalBytes: 150 * MB }, quiet);
    try {
      const [file] = downloads.files;
      assert.equal(file.size, total);
      assert.equal(file.contentType, 'application/zip');
      const offset = 77 * MB + 13;
      assert.deepEqual([...await file.read(offset, 4)], [0, 1, 2, 3].map((i) => (offset + i) % 251));
      assert.ok(maxInFlight < 40 * MB, `${maxInFlight} bytes had been sent but were not yet on disk`);
    } finally {
      await downloads.cleanup();
    }
    assert.deepEqual(await tempDirs(), before);
  });

  it('stops a body without Content-Length as soon as it passes the limit, and leaves no temporary file', async () => {
    let written = 0;
    onStorage = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      writeBody(res, 64 * MB, (n) => { written = n; });
    };
    const before = await tempDirs();
    await assert.rejects(
      downloadAttachments([{ name: 'a.bin', url: `${storage.url}/objects/endless` }], { maxFileBytes: 2 * MB, maxTotalBytes: 10 * MB }, quiet),
      (err: unknown) => err instanceof AttachmentDownloadError && err.message === 'attachments[0]: is larger than the remaining limit of 2097152 bytes',
    );
    assert.ok(written < 32 * MB, `the server could write ${written} bytes before the download stopped`);
    assert.deepEqual(await tempDirs(), before);
  });

  it('sends the storage token to the storage origin only: not to another port of the same host, nor after a redirect', async () => {
    onStorage = (req, res) => {
      if (req.url?.startsWith('/moved')) { res.writeHead(302, { Location: `${other.url}/after-redirect` }); res.end(); return; }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('stored');
    };
    const downloads = await downloadAttachments([
      { name: 'a.txt', url: `${storage.url}/objects/a?storage_type=maester` },
      { name: 'b.txt', url: `${other.url}/signed/b.txt?sig=abc` },
      { name: 'c.txt', url: `${storage.url}/moved/c` },
    ], { maxFileBytes: MB, maxTotalBytes: MB }, quiet);
    await downloads.cleanup();
    assert.deepEqual(storage.seen.map((h) => h.authorization), [`Bearer ${STORAGE_TOKEN}`, `Bearer ${STORAGE_TOKEN}`]);
    assert.deepEqual(other.seen.map((h) => h.authorization), [undefined, undefined]);
  });
});
