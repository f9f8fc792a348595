import assert from 'node:assert/strict';
import nock from 'nock';
import * as newAttachment from '../../../lib/functions/mail/newAttachment';
import { execute, Flow, TriggerModule } from '../support/run';
import { useEnv } from '../support/mail';

const GRAPH = 'https://graph.microsoft.com';
const STORAGE = 'https://maester.platform.example';
const trigger = newAttachment as unknown as TriggerModule;
const LIST = '/v1.0/me/mailFolders/inbox/messages';
const CFG = { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' }, folderId: 'inbox' };

const file = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ '@odata.type': '#microsoft.graph.fileAttachment', id, name, contentType: 'application/pdf', size: 500, isInline: false, ...extra });
const mail = (n: number, created: string, extra: Record<string, unknown> = {}) => ({
  '@odata.etag': `W/"ck-${n}"`, id: `msg-${n}`, createdDateTime: created, lastModifiedDateTime: created, changeKey: `ck-${n}`, subject: `Order ${n}`, hasAttachments: true, ...extra,
});

function attachments(n: number, list: unknown[]): nock.Scope {
  return nock(GRAPH).get(`/v1.0/me/messages/msg-${n}/attachments`).query(true).reply(200, { value: list });
}

function value(n: number, id: string, content: string): nock.Scope {
  return nock(GRAPH).get(`/v1.0/me/messages/msg-${n}/attachments/${id}/$value`).reply(200, content, { 'Content-Length': String(content.length) });
}

describe('newAttachment trigger', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, ELASTICIO_OBJECT_STORAGE_URI: STORAGE, ELASTICIO_OBJECT_STORAGE_TOKEN: 'maester-token', ELASTICIO_FLOW_TYPE: undefined });
  afterEach(() => nock.cleanAll());

  it('asks for new mail with attachments by createdDateTime, oldest first, and emits one message per file with its message', async () => {
    const queries: Array<Record<string, string>> = [];
    nock(GRAPH).get(LIST).query((q) => { queries.push(q as Record<string, string>); return true; })
      .reply(200, { value: [mail(1, '2026-11-23T10:00:00Z', { lastModifiedDateTime: '2026-11-23T11:00:00Z' })] });
    attachments(1, [file('a', 'invoice.pdf'), file('b', 'terms.pdf'), { '@odata.type': '#microsoft.graph.itemAttachment', id: 'c', name: 'Fwd', isInline: false }]);
    value(1, 'a', 'AAA'); value(1, 'b', 'BBBB');
    let n = 0;
    nock(STORAGE).post('/objects').times(2).reply(201, () => ({ objectId: `o${(n += 1)}` }));
    const run = await execute(trigger, CFG, {});
    assert.equal(queries[0].$filter, 'createdDateTime ge 1970-01-01T00:00:00Z and hasAttachments eq true');
    assert.equal(queries[0].$orderby, 'createdDateTime asc');
    assert.deepEqual(run.bodies.map((b) => [b.name, b.size, (b.message as { id: string; subject: string }).subject]), [['invoice.pdf', 3, 'Order 1'], ['terms.pdf', 4, 'Order 1']]);
    assert.equal(run.bodies[0].url, `${STORAGE}/objects/o1?storage_type=maester`);
  });

  it('emits each attachment once: a message changed later (read, flagged) is not a new one', async () => {
    const flow = new Flow(trigger, CFG);
    nock(GRAPH).get(LIST).query(true).reply(200, { value: [mail(1, '2026-11-23T10:00:00Z')] });
    attachments(1, [file('a', 'invoice.pdf')]); value(1, 'a', 'AAA');
    nock(STORAGE).post('/objects').reply(201, { objectId: 'o1' });
    await flow.tick();
    // Graph answers ge the cursor's second again: the same message, read and re-keyed since.
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'createdDateTime ge 2026-11-23T10:00:00Z and hasAttachments eq true')
      .reply(200, { value: [mail(1, '2026-11-23T10:00:00Z', { lastModifiedDateTime: '2026-11-23T12:00:00Z', changeKey: 'ck-1b', '@odata.etag': 'W/"ck-1b"' })] });
    const second = await flow.tick();
    assert.deepEqual(second.bodies, []);
    assert.equal(flow.emitted.length, 1);
  });

  it('keeps only the chosen file types and names, and with inline images asks for mail without hasAttachments too', async () => {
    const queries: Array<Record<string, string>> = [];
    nock(GRAPH).get(LIST).query((q) => { queries.push(q as Record<string, string>); return true; }).reply(200, { value: [mail(1, '2026-11-23T10:00:00Z', { hasAttachments: false })] });
    attachments(1, [file('a', 'Invoice-9.PDF'), file('b', 'terms.pdf'), file('c', 'invoice.csv'), file('d', 'invoice-logo.pdf', { isInline: true })]);
    value(1, 'a', 'A'); value(1, 'd', 'D');
    nock(STORAGE).post('/objects').times(2).reply(201, { objectId: 'o' });
    const run = await execute(trigger, { ...CFG, fileTypes: '.pdf', nameContains: 'invoice', includeInline: true }, {});
    assert.equal(queries[0].$filter, 'createdDateTime ge 1970-01-01T00:00:00Z');
    assert.deepEqual(run.bodies.map((b) => b.name), ['Invoice-9.PDF', 'invoice-logo.pdf']);
  });

  it('counts a message without matching files as handled, emitting nothing for it', async () => {
    const flow = new Flow(trigger, { ...CFG, fileTypes: 'xlsx' });
    nock(GRAPH).get(LIST).query(true).reply(200, { value: [mail(1, '2026-11-23T10:00:00Z')] });
    attachments(1, [file('a', 'invoice.pdf')]);
    await flow.tick();
    assert.deepEqual(flow.emitted, []);
    assert.match(JSON.stringify(flow.snapshot), /2026-11-23T10:00:00Z/);
  });
});
