import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as http from 'http';
import { Readable } from 'stream';
import { StorageClient } from '@elastic.io/maester-client';
import { ClientTransportError } from '@elastic.io/maester-client/dist/src/errors';
import type { RecordedRequest, Sandbox } from '../../dev/sandbox';
import { call, startTestSandbox } from './helpers';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

async function text(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** How the sandbox records a bearer token: its scheme and a SHA-256 prefix. */
function fingerprint(token: string): string {
  return `Bearer sha256:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

describe('sandbox object storage', () => {
  let sb: Sandbox;

  before(async () => { sb = await startTestSandbox({ demo: false }); });
  after(() => sb.stop());

  it('stores bytes with POST /objects (201 {objectId}) and serves them with their content type', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    const posted = await call(`${sb.url}/objects`, { method: 'POST', body: bytes, headers: { Authorization: `Bearer ${sb.objectStorageToken}`, 'Content-Type': 'image/png' } });
    assert.equal(posted.status, 201);
    const { objectId } = posted.json<{ objectId: string }>();
    const got = await call(`${sb.url}/objects/${objectId}?storage_type=maester`, { headers: { Authorization: `Bearer ${sb.objectStorageToken}` } });
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-type'], 'image/png');
    assert.deepEqual(got.body, bytes);
    assert.deepEqual(sb.objects.get(objectId)?.content, bytes);
    assert.equal(sb.counters().objectsPost, 1);
  });

  it('refuses object storage requests without its token', async () => {
    const reply = await call(`${sb.url}/objects`, { method: 'POST', body: Buffer.from('x') });
    assert.equal(reply.status, 401);
    const graphToken = await call(`${sb.url}/objects`, { method: 'POST', body: Buffer.from('x'), headers: { Authorization: `Bearer ${sb.issueToken().access_token}` } });
    assert.equal(graphToken.status, 401);
  });

  // The reference for what Maester is sent and answers: elasticio/maester-client 6.0.0, src/StorageClient.ts.
  it('answers the official client as Maester does: upload with a sniffed type, download, update, delete', async () => {
    const client = new StorageClient({ uri: sb.url, userAgent: 'outlook-component' });
    const auth = { jwtPayloadOrToken: sb.objectStorageToken, retryOptions: { retriesCount: 0 } };
    const posted = await client.post(async () => Readable.from([PNG]), auth);
    const { objectId, contentType } = posted.data as { objectId: string; contentType: string };
    assert.equal(contentType, 'image/png', 'the client names the type it sniffed from the first bytes');
    assert.deepEqual(await text((await client.get(objectId, auth)).data as Readable), PNG);
    const upload = sb.requests.filter((r) => r.route === 'objectsPost').at(-1) as RecordedRequest;
    assert.equal(upload.headers.authorization, fingerprint(sb.objectStorageToken));
    assert.match(upload.headers['x-request-id'], /^f:.*;s:.*;m:/);
    assert.match(upload.headers['user-agent'], /^outlook-component axios\//);

    await client.put(objectId, async () => Readable.from([Buffer.from('{"a":1}')]), { ...auth, headers: { 'content-type': 'application/json' } });
    assert.deepEqual(sb.objects.get(objectId), { contentType: 'application/json', content: Buffer.from('{"a":1}') });
    assert.equal((await client.delete(objectId, auth)).status, 204);
    await assert.rejects(client.get(objectId, auth), (err: unknown) => err instanceof ClientTransportError && (err as ClientTransportError & { code: number }).code === 404);
  });

  it('stores nothing from an upload abandoned part-way and records it with status 0', async () => {
    let answered: (r: RecordedRequest) => void = () => undefined;
    const recorded = new Promise<RecordedRequest>((resolve) => { answered = resolve; });
    const own = await startTestSandbox({ demo: false, onRequest: (r) => answered(r) });
    try {
      const req = http.request(`${own.url}/objects`, { method: 'POST', headers: { Authorization: `Bearer ${own.objectStorageToken}` } });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(64 * 1024, 1), () => req.destroy());
      const abandoned = await recorded;
      assert.equal(abandoned.route, 'objectsPost');
      assert.equal(abandoned.status, 0);
      assert.equal(own.objects.count(), 0);
    } finally {
      await own.stop();
    }
  });

  it('answers 404 for an unknown object', async () => {
    const reply = await call(`${sb.url}/objects/00000000-0000-0000-0000-000000000000`, { headers: { Authorization: `Bearer ${sb.objectStorageToken}` } });
    assert.equal(reply.status, 404);
  });
});
