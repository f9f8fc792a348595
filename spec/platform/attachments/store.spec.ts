import { strict as assert } from 'node:assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Readable } from 'stream';
import nock from 'nock';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { SizeMismatchError, storeAttachment } from '../../../lib/platform/attachments/store';
import { settings } from '../../../lib/platform/settings';

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
