import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, GraphPage, call, enc, startTestSandbox } from './helpers';

interface UploadSession { uploadUrl: string; expirationDateTime: string; nextExpectedRanges: string[] }

describe('sandbox attachments', () => {
  let sb: Sandbox;
  let graph: Graph;
  let messageId: string;
  const csv = Buffer.from('quarter,revenue\r\nQ1,1200\r\n');

  before(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
    messageId = sb.store.addMessage('inbox', { subject: 'with attachment', attachments: [{ name: 'figures.csv', contentType: 'text/csv', content: csv }] }).id as string;
  });
  after(() => sb.stop());

  it('lists file attachments with their base64 content', async () => {
    const page = await graph.ok<GraphPage>(`/me/messages/${enc(messageId)}/attachments`);
    assert.equal(page.value.length, 1);
    const [a] = page.value;
    assert.equal(a['@odata.type'], '#microsoft.graph.fileAttachment');
    assert.equal(a.name, 'figures.csv');
    assert.ok(Number(a.size) > csv.length, 'size includes the item overhead, as Exchange reports it');
    assert.equal(Buffer.from(String(a.contentBytes), 'base64').toString(), csv.toString());
  });

  it('serves $value as the raw bytes with Content-Type and Content-Length', async () => {
    const [a] = (await graph.ok<GraphPage>(`/me/messages/${enc(messageId)}/attachments?$select=name`)).value;
    const reply = await graph.get(`/me/messages/${enc(messageId)}/attachments/${enc(a.id)}/$value`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'text/csv');
    assert.equal(reply.headers['content-length'], String(csv.length));
    assert.deepEqual(reply.body, csv);
  });

  it('adds a small attachment with POST (201) and marks the message hasAttachments', async () => {
    const target = sb.store.addMessage('drafts', { subject: 'draft', isDraft: true }).id as string;
    const reply = await graph.post(`/me/messages/${enc(target)}/attachments`, {
      '@odata.type': '#microsoft.graph.fileAttachment', name: 'n.txt', contentType: 'text/plain', contentBytes: Buffer.from('note').toString('base64'),
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.json<GraphItem>().name, 'n.txt');
    assert.equal(sb.store.message(target)?.hasAttachments, true);
  });

  it('refuses an attachment of 3 MB or more on POST, pointing to upload sessions', async () => {
    const target = sb.store.addMessage('drafts', { subject: 'big', isDraft: true }).id as string;
    const reply = await graph.post(`/me/messages/${enc(target)}/attachments`, {
      '@odata.type': '#microsoft.graph.fileAttachment', name: 'big.bin', contentBytes: Buffer.alloc(3 * 1024 * 1024).toString('base64'),
    });
    assert.ok(reply.status === 413 || reply.status === 400, String(reply.status));
    assert.match(reply.json<GraphErrorBody>().error.message, /upload session|4MB/);
  });

  async function openSession(size: number, name = 'large.bin'): Promise<{ target: string; session: UploadSession }> {
    const target = sb.store.addMessage('drafts', { subject: `upload ${name}`, isDraft: true }).id as string;
    const reply = await graph.post(`/me/messages/${enc(target)}/attachments/createUploadSession`, { AttachmentItem: { attachmentType: 'file', name, size } });
    assert.equal(reply.status, 201);
    return { target, session: reply.json<UploadSession>() };
  }

  function put(url: string, bytes: Buffer, first: number, total: number, headers: Record<string, string> = {}) {
    return call(url, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${first}-${first + bytes.length - 1}/${total}`, ...headers } });
  }

  it('uploads a large attachment in ordered chunks: 200 with nextExpectedRanges, then 201 with Location', async () => {
    const content = Buffer.alloc(5 * 1024 * 1024 + 17, 7);
    const { target, session } = await openSession(content.length);
    assert.deepEqual(session.nextExpectedRanges, ['0-']);
    assert.ok(session.uploadUrl.startsWith(sb.url));
    const chunk = 4 * 1024 * 1024;
    const first = await put(session.uploadUrl, content.subarray(0, chunk), 0, content.length);
    assert.equal(first.status, 200);
    assert.deepEqual(first.json<UploadSession>().nextExpectedRanges, [`${chunk}-`]);
    const last = await put(session.uploadUrl, content.subarray(chunk), chunk, content.length);
    assert.equal(last.status, 201);
    assert.match(String(last.headers.location), /\/attachments\('/);
    const stored = sb.store.attachments(target);
    assert.equal(stored.length, 1);
    assert.equal(Buffer.from(String((stored[0] as { contentBytes?: string }).contentBytes), 'base64').length, content.length);
    assert.equal(sb.counters().uploadChunk, 2);
  });

  it('refuses an Authorization header on the upload URL with 400', async () => {
    const { session } = await openSession(10, 'auth.bin');
    const reply = await put(session.uploadUrl, Buffer.alloc(10), 0, 10, { Authorization: `Bearer ${graph.token}` });
    assert.equal(reply.status, 400);
    assert.match(reply.json<GraphErrorBody>().error.message, /Authorization/);
  });

  it('refuses a chunk that does not start at the next expected byte with 416', async () => {
    const { session } = await openSession(100, 'gap.bin');
    assert.equal((await put(session.uploadUrl, Buffer.alloc(50), 0, 100)).status, 200);
    const skipped = await put(session.uploadUrl, Buffer.alloc(10), 60, 100);
    assert.equal(skipped.status, 416);
    assert.match(skipped.json<GraphErrorBody>().error.message, /50/);
    assert.equal((await put(session.uploadUrl, Buffer.alloc(50), 50, 100)).status, 201);
  });

  it('refuses a chunk larger than 4 MB', async () => {
    const size = 4 * 1024 * 1024 + 1;
    const { session } = await openSession(size, 'huge-chunk.bin');
    const reply = await put(session.uploadUrl, Buffer.alloc(size), 0, size);
    assert.ok(reply.status === 413 || reply.status === 400, String(reply.status));
  });

  it('answers 404 for an unknown attachment id', async () => {
    const reply = await graph.get(`/me/messages/${enc(messageId)}/attachments/${enc(sb.store.folderId('inbox'))}`);
    assert.equal(reply.status, 404);
  });
});
