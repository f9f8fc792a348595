import assert from 'node:assert/strict';
import nock from 'nock';
import * as downloadAttachments from '../../../lib/functions/mail/downloadAttachments';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { nameFilter } from '../../../lib/outlook/mail/attachmentItems';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, MESSAGE_ID, run, runFailing, STORAGE, useNockEnvironment } from '../support/actions';

const MSG = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;
const FILE = { '@odata.type': '#microsoft.graph.fileAttachment', id: 'f1', name: 'invoice.pdf', contentType: 'application/pdf', size: 420, isInline: false };
const INLINE = { '@odata.type': '#microsoft.graph.fileAttachment', id: 'f2', name: 'logo.png', contentType: 'image/png', size: 300, isInline: true };
const ITEM = { '@odata.type': '#microsoft.graph.itemAttachment', id: 'i1', name: 'Re: Q3 / plan', contentType: null, size: 9000, isInline: false };
const REF = { '@odata.type': '#microsoft.graph.referenceAttachment', id: 'r1', name: 'Budget.xlsx', contentType: 'application/vnd.ms-excel', size: 700, isInline: false };

function message(): nock.Scope {
  return nock(GRAPH).get(MSG).query(true).reply(200, { id: MESSAGE_ID, webLink: 'https://outlook.office365.com/owa/?ItemID=x' });
}

describe('downloadAttachments action', () => {
  useNockEnvironment();

  it('stores files and attached mails, gives links as links, and leaves inline images out', async () => {
    const uploads: Array<[string, string]> = [];
    message().get(`${MSG}/attachments`).query({ $select: 'id,name,contentType,size,isInline' }).reply(200, { value: [FILE, INLINE, ITEM, REF] })
      .get(`${MSG}/attachments/f1/$value`).reply(200, '%PDF-1.7', { 'Content-Length': '8' })
      .get(`${MSG}/attachments/i1`).query({ $expand: 'microsoft.graph.itemattachment/item' })
      .reply(200, { ...ITEM, item: { '@odata.type': '#microsoft.graph.message', subject: 'Re: Q3' } })
      .get(`${MSG}/attachments/i1/$value`).reply(200, 'From: a@b.c\r\n\r\nhi', { 'Content-Length': '17' });
    let n = 0;
    nock(STORAGE).persist().post('/objects').reply(function (this: nock.ReplyFnContext, _uri: string, body: nock.Body) {
      uploads.push([String(this.req.headers['content-type']), String(body)]);
      return [201, { objectId: `o${(n += 1)}` }];
    });
    const { data } = await run(downloadAttachments, { messageId: MESSAGE_ID });
    nock.cleanAll();
    assert.deepEqual(data, [
      { attachmentId: 'f1', kind: 'file', name: 'invoice.pdf', isInline: false, contentType: 'application/pdf', size: 8, url: `${STORAGE}/objects/o1?storage_type=maester`, messageId: MESSAGE_ID },
      { attachmentId: 'i1', kind: 'item', name: 'Re Q3 plan.eml', isInline: false, itemType: 'message', contentType: 'message/rfc822', size: 17, url: `${STORAGE}/objects/o2?storage_type=maester`, messageId: MESSAGE_ID },
      { attachmentId: 'r1', kind: 'reference', name: 'Budget.xlsx', isInline: false, contentType: 'application/vnd.ms-excel', link: 'https://outlook.office365.com/owa/?ItemID=x', messageId: MESSAGE_ID },
    ]);
    assert.deepEqual(uploads.map(([type]) => type), ['application/pdf', 'message/rfc822']);
  });

  it('gives an attached event as JSON when asked, includes inline images, and filters by file type and name', async () => {
    message().get(`${MSG}/attachments`).query(true).reply(200, { value: [INLINE, ITEM, { ...FILE, name: 'other.csv' }] })
      .get(`${MSG}/attachments/f2/$value`).reply(200, 'PNG', { 'Content-Length': '3' });
    nock(STORAGE).post('/objects').reply(201, { objectId: 'png' });
    const { data } = await run(downloadAttachments, { messageId: MESSAGE_ID, includeInline: true, itemFormat: 'json', fileTypes: ['PNG', ''] }, { emitBehavior: 'emitAll' });
    assert.equal((data[0] as { count: number }).count, 1);
    const onlyItems = nameFilter({ contains: 'q3' });
    assert.deepEqual(['Re: Q3 / plan', 'logo.png'].map((name) => onlyItems?.(name)), [true, false]);
    message().get(`${MSG}/attachments`).query(true).reply(200, { value: [INLINE, ITEM] })
      .get(`${MSG}/attachments/i1`).query(true).reply(200, { item: { '@odata.type': '#microsoft.graph.event', '@odata.etag': 'W/"x"', subject: 'Review' } });
    const json = await run(downloadAttachments, { messageId: MESSAGE_ID, itemFormat: 'json', nameContains: 'q3' });
    assert.deepEqual(json.data, [{ attachmentId: 'i1', kind: 'item', name: 'Re: Q3 / plan', isInline: false, itemType: 'event', item: { subject: 'Review' }, messageId: MESSAGE_ID }]);
  });

  it('fails rather than store a file cut short, naming it', async () => {
    message().get(`${MSG}/attachments`).query(true).reply(200, { value: [FILE] })
      .get(`${MSG}/attachments/f1/$value`).reply(200, 'short', { 'Content-Length': '400' });
    nock(STORAGE).post('/objects').optionally().reply(201, { objectId: 'x' });
    const { error } = await runFailing(downloadAttachments, { messageId: MESSAGE_ID });
    assert.match(error.message, /Attachment "invoice\.pdf" declared 400 bytes but 5 bytes arrived; it was not stored/);
    nock.cleanAll();
  });

  it('emits nothing for a message without attachments, and an empty list with emitAll', async () => {
    message().get(`${MSG}/attachments`).query(true).reply(200, { value: [] });
    assert.deepEqual((await run(downloadAttachments, { messageId: MESSAGE_ID })).data, []);
    message().get(`${MSG}/attachments`).query(true).reply(200, { value: [] });
    assert.deepEqual((await run(downloadAttachments, { messageId: MESSAGE_ID }, { emitBehavior: 'emitAll' })).data, [{ attachments: [], count: 0 }]);
  });

  it('says which message was not found', async () => {
    nock(GRAPH).get(MSG).query(true).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-a'));
    const { error } = await runFailing(downloadAttachments, { messageId: MESSAGE_ID });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Message .* not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-a\)$/);
  });

  for (const [what, body, field] of [
    ['a missing message id', {}, 'Message ID (messageId)'],
    ['an unknown item format', { messageId: MESSAGE_ID, itemFormat: 'msg' }, 'Attached Items As (itemFormat)'],
    ['file types that are not text', { messageId: MESSAGE_ID, fileTypes: [1] }, 'File Types (fileTypes)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(downloadAttachments, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
