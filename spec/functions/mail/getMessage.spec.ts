import assert from 'node:assert/strict';
import nock from 'nock';
import * as getMessage from '../../../lib/functions/mail/getMessage';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { MESSAGE_FIELDS } from '../../../lib/outlook/mail/messages';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, MESSAGE_ID, run, runFailing, STORAGE, STORAGE_TOKEN, useNockEnvironment } from '../support/actions';

const ENCODED_ID = encodeURIComponent(MESSAGE_ID);
const SELECT = [...MESSAGE_FIELDS, 'body', 'createdDateTime', 'inferenceClassification', 'conversationIndex'].join(',');
const MESSAGE = { id: MESSAGE_ID, subject: 'Quarterly: figures/Q3?', hasAttachments: true, receivedDateTime: '2026-11-20T08:00:00Z' };

describe('getMessage action', () => {
  useNockEnvironment();

  it('reads a message by id with its body in the format asked for', async () => {
    nock(GRAPH, { reqheaders: { prefer: /outlook\.body-content-type="text"/ } })
      .get(`/v1.0/me/messages/${ENCODED_ID}`).query({ $select: SELECT }).reply(200, { ...MESSAGE, body: { contentType: 'text', content: 'Hi' } });
    const { data } = await run(getMessage, { messageId: MESSAGE_ID, bodyType: 'text' });
    assert.deepEqual(data, [{ ...MESSAGE, body: { contentType: 'text', content: 'Hi' } }]);
  });

  it('accepts the earlier input key id and reads from a shared mailbox', async () => {
    nock(GRAPH, { reqheaders: { prefer: (v: string) => !v.includes('body-content-type') } }).get(`/v1.0/users/support%40contoso.com/messages/${ENCODED_ID}`).query(true).reply(200, MESSAGE);
    await run(getMessage, { id: MESSAGE_ID }, { mailbox: 'support@contoso.com' });
  });

  it('finds a message by its Internet Message-ID, the most recently received copy, and says how many there are', async () => {
    const wanted = "<CY4PR'22MB@contoso.outlook.com>";
    nock(GRAPH).get('/v1.0/me/messages')
      .query({ $filter: "internetMessageId eq '<CY4PR''22MB@contoso.outlook.com>'", $select: SELECT, $top: '10' })
      .reply(200, { value: [{ id: 'sent-copy', receivedDateTime: '2026-11-20T08:00:00Z' }, { id: 'inbox-copy', receivedDateTime: '2026-11-20T08:00:05Z' }] });
    const { data, ctx } = await run(getMessage, { internetMessageId: wanted });
    assert.deepEqual(data, [{ id: 'inbox-copy', receivedDateTime: '2026-11-20T08:00:05Z', copies: 2 }]);
    assert.match(ctx.logText(), /2 messages carry that Internet Message-ID/);
  });

  it('fails naming the field when no message has that Internet Message-ID', async () => {
    nock(GRAPH).get('/v1.0/me/messages').query(true).reply(200, { value: [] });
    const { error } = await runFailing(getMessage, { internetMessageId: '<nobody@contoso.com>' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Internet Message ID (internetMessageId)');
  });

  it('streams the raw MIME into object storage as an .eml named after the subject', async () => {
    const mime = `From: a@contoso.com\r\nSubject: Quarterly\r\n\r\n${'x'.repeat(5000)}`;
    let uploaded = '';
    nock(GRAPH).get(`/v1.0/me/messages/${ENCODED_ID}`).query(true).reply(200, { ...MESSAGE, hasAttachments: false })
      .get(`/v1.0/me/messages/${ENCODED_ID}/$value`).reply(200, mime, { 'Content-Type': 'text/plain', 'Content-Length': String(mime.length) });
    nock(STORAGE, { reqheaders: { authorization: `Bearer ${STORAGE_TOKEN}`, 'content-type': 'message/rfc822' }, badheaders: ['client-request-id'] })
      .post('/objects', (body: string) => { uploaded = body; return true; }).reply(201, { objectId: 'eml-1' });
    const { data } = await run(getMessage, { messageId: MESSAGE_ID, includeMime: true });
    assert.equal(uploaded, mime);
    assert.deepEqual((data[0] as { mime: unknown }).mime, {
      name: 'Quarterly figures Q3.eml', contentType: 'message/rfc822', size: mime.length, url: `${STORAGE}/objects/eml-1?storage_type=maester`,
    });
  });

  it('fails rather than store a cut-short .eml', async () => {
    nock(GRAPH).get(`/v1.0/me/messages/${ENCODED_ID}`).query(true).reply(200, MESSAGE)
      .get(`/v1.0/me/messages/${ENCODED_ID}/$value`).reply(200, 'short', { 'Content-Length': '500' });
    nock(STORAGE).post('/objects').optionally().reply(201, { objectId: 'eml-2' });
    const { error } = await runFailing(getMessage, { messageId: MESSAGE_ID, includeMime: true });
    assert.match(error.message, /declared 500 bytes but 5 bytes arrived/);
    nock.cleanAll();
  });

  it('stores the file attachments when asked', async () => {
    nock(GRAPH).get(`/v1.0/me/messages/${ENCODED_ID}`).query(true).reply(200, MESSAGE)
      .get(`/v1.0/me/messages/${ENCODED_ID}/attachments`).query(true)
      .reply(200, { value: [{ '@odata.type': '#microsoft.graph.fileAttachment', id: 'att-1', name: 'q3.csv', contentType: 'text/csv', size: 210, isInline: false }] })
      .get(`/v1.0/me/messages/${ENCODED_ID}/attachments/att-1/$value`).reply(200, 'a,b\n', { 'Content-Length': '4' });
    nock(STORAGE).post('/objects').reply(201, { objectId: 'csv-1' });
    const { data } = await run(getMessage, { messageId: MESSAGE_ID, includeAttachments: true });
    assert.deepEqual((data[0] as { attachments: unknown }).attachments, [{
      attachmentId: 'att-1', kind: 'file', isInline: false, name: 'q3.csv', contentType: 'text/csv', size: 4, url: `${STORAGE}/objects/csv-1?storage_type=maester`,
    }]);
  });

  it('says which message was not found in which mailbox, keeping code and request-id', async () => {
    nock(GRAPH).get(`/v1.0/me/messages/${ENCODED_ID}`).query(true)
      .reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-404'));
    const { error } = await runFailing(getMessage, { messageId: MESSAGE_ID });
    assert.ok(error instanceof OutlookError);
    assert.equal(error.code, 'ErrorItemNotFound');
    assert.match(error.message, /^Message .* not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-404\)$/);
  });

  it('names the field when the id is not a message id (ErrorInvalidIdMalformed)', async () => {
    nock(GRAPH).get('/v1.0/me/messages/AAMkAGI2-calendar-id').query(true).reply(400, graphErrorBody('ErrorInvalidIdMalformed', 'Id is malformed.', 'req-400'));
    const { error } = await runFailing(getMessage, { messageId: 'AAMkAGI2-calendar-id' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Message ID \(messageId\): "AAMkAGI2-calendar-id" is not the id of a message .*\(400 ErrorInvalidIdMalformed, request-id req-400\)$/);
  });

  for (const [what, body, field] of [
    ['neither an id nor an Internet Message-ID', {}, 'Message ID (messageId) or Internet Message ID (internetMessageId)'],
    ['an id with a line break', { messageId: 'abc\r\ndef' }, 'Message ID (messageId)'],
    ['a body format that does not exist', { messageId: MESSAGE_ID, bodyType: 'rtf' }, 'Body Format (bodyType)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(getMessage, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
