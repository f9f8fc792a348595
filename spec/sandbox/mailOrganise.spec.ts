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
  describe('mail folders: PATCH, move, DELETE, permanentDelete (mailfolder-update, -move, -delete, -permanentdelete)', () => {
    const folder = async (name: string, parent = 'inbox'): Promise<string> => (await graph.post(`/me/mailFolders/${enc(parent)}/childFolders`, { displayName: name })).json<GraphItem>().id;

    it('renames with PATCH (200, the folder) and refuses a name its siblings have (409 ErrorFolderExists)', async () => {
      const id = await folder('Drafts 2025');
      await folder('Taken');
      const renamed = await graph.patch(`/me/mailFolders/${enc(id)}`, { displayName: 'Drafts 2026' });
      assert.deepEqual([renamed.status, renamed.json<GraphItem>().displayName], [200, 'Drafts 2026']);
      const clash = await graph.patch(`/me/mailFolders/${enc(id)}`, { displayName: 'taken' });
      assert.deepEqual([clash.status, code(clash)], [409, 'ErrorFolderExists']);
      const unknown = await graph.patch(`/me/mailFolders/${enc(id)}`, { colour: 'red' });
      assert.deepEqual([unknown.status, code(unknown)], [400, 'RequestBodyRead']);
    });

    it('moves a folder with its messages and subfolders (200, the folder under its new parent)', async () => {
      const id = await folder('Project X');
      const child = await folder('Specs', id);
      const m = sb.store.addMessage(child, { subject: 'inside' });
      const reply = await graph.post(`/me/mailFolders/${enc(id)}/move`, { destinationId: 'archive' });
      assert.deepEqual([reply.status, reply.json<GraphItem>().parentFolderId], [200, sb.store.folderId('archive')]);
      assert.equal(sb.store.folder(child)?.parentFolderId, id);
      assert.equal(sb.store.message(m.id as string)?.parentFolderId, child);
      const top = await graph.post(`/me/mailFolders/${enc(id)}/move`, { destinationId: 'msgfolderroot' });
      assert.equal(top.json<GraphItem>().parentFolderId, sb.store.folderId('msgfolderroot'));
      const into = await graph.post(`/me/mailFolders/${enc(id)}/move`, { destinationId: child });
      assert.equal(into.status, 400);
    });

    it('refuses to move or delete Outlook\'s own folders (UNCONFIRMED codes, as Exchange names them)', async () => {
      const move = await graph.post('/me/mailFolders/inbox/move', { destinationId: 'archive' });
      assert.deepEqual([move.status, code(move)], [400, 'ErrorMoveDistinguishedFolder']);
      const del = await graph.delete('/me/mailFolders/sentitems');
      assert.deepEqual([del.status, code(del)], [400, 'ErrorDeleteDistinguishedFolder']);
    });

    it('deletes with DELETE or permanentDelete (204), removing subfolders and messages', async () => {
      for (const how of ['DELETE', 'permanentDelete']) {
        const id = await folder(`Gone ${how}`);
        const child = await folder('Child', id);
        const m = sb.store.addMessage(child, { subject: 'doomed' });
        const reply = how === 'DELETE' ? await graph.delete(`/me/mailFolders/${enc(id)}`) : await graph.post(`/me/mailFolders/${enc(id)}/permanentDelete`);
        assert.deepEqual([reply.status, reply.text], [204, '']);
        assert.equal(sb.store.folder(id), undefined);
        assert.equal(sb.store.folder(child), undefined);
        assert.equal(sb.store.message(m.id as string), undefined);
        assert.equal((await graph.get(`/me/mailFolders/${enc(id)}`)).status, 404);
      }
    });

    it('needs Mail.ReadWrite to change folders', async () => {
      const id = await folder('Read only');
      const reader = new Graph(sb, sb.issueToken({ scope: 'Mail.Read' }).access_token);
      assert.equal((await reader.patch(`/me/mailFolders/${enc(id)}`, { displayName: 'x' })).status, 403);
      assert.equal((await reader.post(`/me/mailFolders/${enc(id)}/move`, { destinationId: 'archive' })).status, 403);
    });
  });
});
