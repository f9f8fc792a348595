import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { call, startTestSandbox } from './helpers';

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

  it('answers 404 for an unknown object', async () => {
    const reply = await call(`${sb.url}/objects/00000000-0000-0000-0000-000000000000`, { headers: { Authorization: `Bearer ${sb.objectStorageToken}` } });
    assert.equal(reply.status, 404);
  });
});
