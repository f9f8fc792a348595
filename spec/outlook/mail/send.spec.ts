import assert from 'node:assert/strict';
import { InvalidPathError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { resolveFolder } from '../../../lib/outlook/mail/folders';
import { messageFilter, searchTerm } from '../../../lib/outlook/mail/messages';
import { CHUNK_BYTES, LocalFile, MAX_REQUEST_BYTES, planAttachments, uploadAttachment } from '../../../lib/outlook/mail/send';
import type { OutgoingMessage } from '../../../lib/outlook/mail/payloads';
import nock from 'nock';
import { graph, testClient } from '../../support/graph';

const silent = { debug: (): void => undefined, info: (): void => undefined, warn: (): void => undefined };
const message: OutgoingMessage = { subject: 's', toRecipients: [{ emailAddress: { address: 'a@x.com' } }], ccRecipients: [], bccRecipients: [] };

function file(name: string, size: number): LocalFile {
  return { name, contentType: 'application/octet-stream', size, read: async (offset, length) => Buffer.alloc(Math.max(0, Math.min(length, size - offset)), 1) };
}

describe('outlook/mail', () => {
  describe('planAttachments', () => {
    const MB = 1024 * 1024;
    const names = (files: LocalFile[]): string[] => files.map((f) => f.name);

    it('keeps everything inline while the whole request stays under 4 MB', () => {
      const plan = planAttachments(message, [file('a', MB), file('b', MB)]);
      assert.deepEqual([names(plan.inline), names(plan.posted), names(plan.sessions)], [['a', 'b'], [], []]);
    });

    it('posts small files that no longer fit separately, smallest inline first', () => {
      const plan = planAttachments(message, [file('two', 1.5 * MB), file('one', MB), file('twoB', 1.5 * MB)]);
      assert.deepEqual([names(plan.inline), names(plan.posted), names(plan.sessions)], [['one', 'two'], ['twoB'], []]);
    });

    it('uploads files of 3 MB or more, and files whose base64 alone would exceed a request', () => {
      const plan = planAttachments(message, [file('big', 3 * MB), file('small', 1000), file('underThree', 3_000_000), file('one', 1_000_000), file('tooWide', 3 * MB - 1)]);
      assert.deepEqual([names(plan.inline), names(plan.posted), names(plan.sessions)], [['small', 'one'], ['underThree'], ['tooWide', 'big']]);
      assert.ok(Math.ceil(3 * MB / 3) * 4 <= MAX_REQUEST_BYTES);
    });
  });

  it('builds $filter clauses with escaped literals, received dates first', () => {
    assert.equal(messageFilter({ subjectContains: "O'Brien", receivedBefore: '2026-11-20T09:00:00Z', importance: 'high' }),
      "receivedDateTime lt 2026-11-20T09:00:00Z and contains(subject,'O''Brien') and importance eq 'high'");
    assert.equal(messageFilter({ hasAttachments: false }), 'hasAttachments eq false');
    assert.equal(messageFilter({}), undefined);
    assert.throws(() => messageFilter({ receivedAfter: 'yesterday' }), InvalidPathError);
  });

  it('quotes a search term and escapes its quotes and backslashes', () => {
    assert.equal(searchTerm('from:"Ann" \\o/'), '"from:\\"Ann\\" \\\\o/"');
  });

  describe('resolveFolder', () => {
    it('passes well-known names (lower-cased) and ids through without a request', async () => {
      const { client } = testClient();
      assert.equal(await resolveFolder(client, { folder: 'SentItems', field: 'f' }), 'sentitems');
      const id = 'A'.repeat(100);
      assert.equal(await resolveFolder(client, { folder: id, field: 'f' }), id);
    });

    it('finds a top-level folder by display name and refuses an unknown one', async () => {
      graph().get('/v1.0/me/mailFolders').query(true).times(2).reply(200, { value: [{ id: 'r-id', displayName: 'Receipts', childFolderCount: 0 }] });
      const { client } = testClient();
      assert.equal(await resolveFolder(client, { folder: ' receipts ', field: 'f' }), 'r-id');
      await assert.rejects(resolveFolder(client, { folder: 'Invoices', field: 'folder' }), (e: unknown) => e instanceof ConfigurationError && e.field === 'folder');
    });
  });

  describe('uploadAttachment', () => {
    it('resumes from the range Graph expects next', async () => {
      const size = CHUNK_BYTES + 10;
      const ranges: string[] = [];
      graph().post('/v1.0/me/messages/m1/attachments/createUploadSession').reply(201, { uploadUrl: 'https://upload.example/s/1' });
      const upload = (status: number, body: unknown) => function (this: { req: { headers: Record<string, string> } }): [number, unknown] {
        ranges.push(this.req.headers['content-range']);
        return [status, body];
      };
        nock('https://upload.example')
        .put('/s/1').reply(upload(200, { nextExpectedRanges: ['1000-'] }))
        .put('/s/1').reply(upload(201, ''));
      const { client } = testClient();
      await uploadAttachment(client, { root: '/me', messageId: 'm1', file: file('f.bin', size), logger: silent });
      assert.deepEqual(ranges, [`bytes 0-${CHUNK_BYTES - 1}/${size}`, `bytes 1000-${size - 1}/${size}`]);
    });
  });
});
