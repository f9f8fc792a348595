import { strict as assert } from 'node:assert';
import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Readable } from 'stream';
import nock from 'nock';
import { RecordedRequest, Sandbox, startSandbox } from '../../../dev/sandbox';
import { StaticTokenSource } from '../../../lib/graph/auth';
import { GraphClient } from '../../../lib/graph/GraphClient';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { SizeMismatchError, storeAttachment, storeFileAttachments } from '../../../lib/platform/attachments/store';
import { Settings, settings } from '../../../lib/platform/settings';

const STORAGE = 'https://maester.platform.example';
const env = settings({ ELASTICIO_OBJECT_STORAGE_URI: `${STORAGE}/`, ELASTICIO_OBJECT_STORAGE_TOKEN: 'maester-token-abcdef' });

function bytes(n: number): Readable {
  return Readable.from([Buffer.alloc(n, 1)]);
}

describe('object storage upload', () => {
  it('posts the bytes with the object-storage token and returns a maester url', async () => {
    nock(STORAGE).matchHeader('authorization', 'Bearer maester-token-abcdef').matchHeader('content-type', 'text/csv')
      .post('/objects', (body: string) => body.length === 10).reply(201, { objectId: 'a/b c' });
    const stored = await storeAttachment(bytes(10), { name: 'x.csv', contentType: 'text/csv', expectedSize: 10, env });
    assert.deepEqual(stored, { name: 'x.csv', contentType: 'text/csv', size: 10, url: `${STORAGE}/objects/a%2Fb%20c?storage_type=maester` });
  });

  it('fails as soon as more bytes arrive than were declared', async () => {
    nock(STORAGE).post('/objects').optionally().reply(201, { objectId: 'never' });
    await assert.rejects(storeAttachment(bytes(11), { name: 'x.bin', contentType: 'application/octet-stream', expectedSize: 10, env }),
      (err: unknown) => err instanceof SizeMismatchError && err.expected === 10 && /more than 11 bytes/.test(err.message));
  });

  it('reports a refused upload with its status', async () => {
    nock(STORAGE).post('/objects').reply(503, 'busy');
    await assert.rejects(storeAttachment(bytes(3), { name: 'x.bin', contentType: 'application/octet-stream', expectedSize: 3, env }),
      /Object storage answered 503 to the upload of attachment "x.bin"/);
  });

  it('needs the object-storage settings', async () => {
    await assert.rejects(storeAttachment(bytes(1), { name: 'x', contentType: 'a/b', expectedSize: 1, env: settings({}) }), ConfigurationError);
  });

  it('streams a 64 MB file with only a few MB in flight', async function () {
    this.timeout(20_000);
    // nock's interceptor buffers pass-through request bodies; measure on the bare http module.
    nock.restore();
    const total = 64 * 1024 * 1024;
    let received = 0;
    let produced = 0;
    let maxInFlight = 0;
    const server = http.createServer((req, res) => {
      req.on('data', (chunk: Buffer) => { received += chunk.length; });
      req.on('end', () => { res.writeHead(201, { 'Content-Type': 'application/json' }); res.end('{"objectId":"big"}'); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const chunk = Buffer.alloc(256 * 1024, 2);
    const source = new Readable({
      read(): void {
        if (produced >= total) { this.push(null); return; }
        produced += chunk.length;
        maxInFlight = Math.max(maxInFlight, produced - received);
        this.push(chunk);
      },
    });
    try {
      const stored = await storeAttachment(source, { name: 'big.bin', contentType: 'application/octet-stream', expectedSize: total, env: settings({ ELASTICIO_OBJECT_STORAGE_URI: uri, ELASTICIO_OBJECT_STORAGE_TOKEN: 't' }) });
      assert.equal(stored.size, total);
      assert.equal(received, total);
      assert.ok(maxInFlight < 16 * 1024 * 1024, `${maxInFlight} bytes were in flight`);
    } finally {
      server.close();
      nock.activate();
    }
  });
});

/** A source of `total` bytes in 256 KB chunks that records how far it ran ahead of what the server had received. */
function meteredSource(total: number, received: () => number, options: { failAfter?: number } = {}): { source: Readable; maxAhead: () => number } {
  const chunk = Buffer.alloc(256 * 1024, 3);
  let produced = 0;
  let ahead = 0;
  const source = new Readable({
    read(): void {
      if (options.failAfter !== undefined && produced >= options.failAfter) { this.destroy(new Error('the Graph download was cut off')); return; }
      if (produced >= total) { this.push(null); return; }
      produced += chunk.length;
      ahead = Math.max(ahead, produced - received());
      this.push(chunk);
    },
  });
  return { source, maxAhead: () => ahead };
}

function fingerprint(token: string): string {
  return `Bearer sha256:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

describe('object storage upload: streaming, size checks and tokens (hand-written, kept: see README "Why not the official object-storage client")', () => {
  before(() => nock.restore());
  after(() => nock.activate());

  it('uploads 100 MB while holding only a few MB of it in memory', async function () {
    this.timeout(30_000);
    const total = 100 * 1024 * 1024;
    let received = 0;
    const server = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => { received += c.length; });
      req.on('end', () => { res.writeHead(201, { 'Content-Type': 'application/json' }); res.end('{"objectId":"big"}'); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { source, maxAhead } = meteredSource(total, () => received);
    const memory = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const base = memory();
    let peak = base;
    source.on('data', () => { peak = Math.max(peak, memory()); });
    try {
      const stored = await storeAttachment(source, { name: 'big.iso', contentType: 'application/octet-stream', expectedSize: total, env: settings({ ELASTICIO_OBJECT_STORAGE_URI: uri, ELASTICIO_OBJECT_STORAGE_TOKEN: 't' }) });
      assert.equal(stored.size, total);
      assert.equal(received, total);
      assert.ok(maxAhead() < 16 * 1024 * 1024, `${maxAhead()} bytes were read from the source before the server had them`);
      assert.ok(peak - base < 48 * 1024 * 1024, `memory grew by ${peak - base} bytes during a ${total}-byte upload`);
    } finally {
      server.close();
    }
  });

  describe('against the sandbox object storage', () => {
    let sb: Sandbox;
    let env: Settings;

    beforeEach(async () => {
      sb = await startSandbox({ seed: 1, demo: false });
      env = settings({ ELASTICIO_OBJECT_STORAGE_URI: sb.url, ELASTICIO_OBJECT_STORAGE_TOKEN: sb.objectStorageToken });
    });
    afterEach(() => sb.stop());

    const uploads = (): RecordedRequest[] => sb.requests.filter((r) => r.route === 'objectsPost');

    it('fails at once with SizeMismatchError when the Graph download is cut off, and nothing is stored', async () => {
      const { source } = meteredSource(8 * 1024 * 1024, () => 0, { failAfter: 1024 * 1024 });
      await assert.rejects(storeAttachment(source, { name: 'cut.pdf', contentType: 'application/pdf', expectedSize: 8 * 1024 * 1024, env, timeoutMs: 600_000 }),
        (err: unknown) => err instanceof SizeMismatchError && err.message === 'Attachment "cut.pdf" declared 8388608 bytes but 1048576 bytes arrived; it was not stored');
      assert.equal(sb.objects.count(), 0);
    });

    it('stops the upload as soon as more bytes arrive than declared, and nothing is stored', async () => {
      const { source } = meteredSource(8 * 1024 * 1024, () => 0);
      await assert.rejects(storeAttachment(source, { name: 'grown.bin', contentType: 'application/octet-stream', expectedSize: 1024 * 1024, env, timeoutMs: 600_000 }),
        (err: unknown) => err instanceof SizeMismatchError && /declared 1048576 bytes but more than 1310720 bytes arrived/.test(err.message));
      assert.equal(sb.objects.count(), 0);
    });

    it('stores a file whose byte count matches, exactly as read', async () => {
      const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
      const stored = await storeAttachment(Readable.from([content]), { name: 'a.bin', contentType: 'application/x-test', expectedSize: content.length, env });
      const objectId = decodeURIComponent(new URL(stored.url).pathname.split('/').pop() as string);
      assert.deepEqual(sb.objects.get(objectId), { contentType: 'application/x-test', content });
    });

    it('sends the Graph token only to Graph and the storage token only to object storage', async () => {
      const graphToken = sb.issueToken().access_token;
      const message = sb.store.addMessage('inbox', { subject: 'files', attachments: [
        { name: 'a.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') },
        { name: 'b.bin', contentType: 'application/octet-stream', content: Buffer.alloc(70_000, 9) },
      ] });
      const client = new GraphClient({ baseUrl: sb.url, tokens: new StaticTokenSource(graphToken) });
      // storeFileAttachments reads the storage settings from the environment, as on the platform.
      const saved = { ...process.env };
      process.env.ELASTICIO_OBJECT_STORAGE_URI = sb.url;
      process.env.ELASTICIO_OBJECT_STORAGE_TOKEN = sb.objectStorageToken;
      try {
        const stored = await storeFileAttachments(client, { messageId: message.id as string });
        assert.deepEqual(stored.map((s) => [s.name, s.size]), [['a.csv', 8], ['b.bin', 70_000]]);
      } finally {
        for (const key of ['ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN']) {
          if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
        }
      }
      assert.equal(uploads().length, 2);
      for (const r of uploads()) assert.equal(r.headers.authorization, fingerprint(sb.objectStorageToken));
      const graphCalls = sb.requests.filter((r) => !r.route.startsWith('objects'));
      assert.ok(graphCalls.length >= 3);
      for (const r of graphCalls) assert.equal(r.headers.authorization, fingerprint(graphToken), `${r.method} ${r.path}`);
    });
  });
});
