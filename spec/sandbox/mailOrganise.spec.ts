/** Conformance of the sandbox for organising mail: copy, permanentDelete, PATCH of flags and classification. */
import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, enc, startTestSandbox } from './helpers';

describe('sandbox: organising mail', () => {
  let sb: Sandbox;
  let graph: Graph;

  before(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
  });
  after(() => sb.stop());

  const code = (reply: { json<T>(): T }): string => reply.json<GraphErrorBody>().error.code;

  describe('POST /messages/{id}/copy (message-copy)', () => {
    it('answers 201 with a new message in the destination; the original stays', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'copy me', categories: ['Red'], attachments: [{ name: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') }] });
      const reply = await graph.post(`/me/messages/${enc(m.id as string)}/copy`, { destinationId: 'archive' });
      assert.equal(reply.status, 201);
      const copy = reply.json<GraphItem>();
      assert.notEqual(copy.id, m.id);
      assert.deepEqual([copy.subject, copy.categories, copy.parentFolderId, copy.hasAttachments], ['copy me', ['Red'], sb.store.folderId('archive'), true]);
      assert.ok(sb.store.message(m.id as string), 'the original is still there');
    });
  });

  describe('POST /messages/{id}/permanentDelete (message-permanentdelete)', () => {
    it('answers 204 without a body; the message is gone (404 afterwards, also to a repeat)', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'purge me' });
      const reply = await graph.post(`/me/messages/${enc(m.id as string)}/permanentDelete`);
      assert.deepEqual([reply.status, reply.text], [204, '']);
      assert.equal(sb.store.message(m.id as string), undefined);
      assert.equal((await graph.get(`/me/messages/${enc(m.id as string)}`)).status, 404);
      const again = await graph.post(`/me/messages/${enc(m.id as string)}/permanentDelete`);
      assert.deepEqual([again.status, code(again)], [404, 'ErrorItemNotFound']);
    });

    it('needs Mail.ReadWrite', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'keep me' });
      const reader = new Graph(sb, sb.issueToken({ scope: 'Mail.Read' }).access_token);
      assert.equal((await reader.post(`/me/messages/${enc(m.id as string)}/permanentDelete`)).status, 403);
    });
  });

  describe('PATCH /messages/{id} (message-update, followupFlag)', () => {
    it('stores a flag with its start and due dates', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'flag me' });
      const flag = { flagStatus: 'flagged', startDateTime: { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' }, dueDateTime: { dateTime: '2026-12-03T17:00:00', timeZone: 'Europe/Berlin' } };
      const reply = await graph.patch(`/me/messages/${enc(m.id as string)}`, { flag });
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json<GraphItem>().flag, flag);
    });

    it('answers 400 to a due date without a start date (UNCONFIRMED code)', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'due only' });
      const reply = await graph.patch(`/me/messages/${enc(m.id as string)}`, { flag: { flagStatus: 'flagged', dueDateTime: { dateTime: '2026-12-03T17:00:00', timeZone: 'UTC' } } });
      assert.deepEqual([reply.status, code(reply)], [400, 'ErrorInvalidArgument']);
    });

    for (const [what, body] of [
      ['an unknown flag status', { flag: { flagStatus: 'starred' } }],
      ['an unknown Focused/Other value', { inferenceClassification: 'spam' }],
      ['a flag date that is no date', { flag: { flagStatus: 'flagged', startDateTime: { dateTime: 'soon', timeZone: 'UTC' } } }],
    ] as const) {
      it(`answers 400 RequestBodyRead to ${what}`, async () => {
        const m = sb.store.addMessage('inbox', { subject: what });
        const reply = await graph.patch(`/me/messages/${enc(m.id as string)}`, body);
        assert.deepEqual([reply.status, code(reply)], [400, 'RequestBodyRead']);
      });
    }

    it('moves a message between Focused and Other', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'other' });
      const reply = await graph.patch(`/me/messages/${enc(m.id as string)}`, { inferenceClassification: 'Other' });
      assert.equal(reply.json<GraphItem>().inferenceClassification, 'other');
    });
  });
});
