/** "Poll for New Mail" against nock: the exact requests, transport incidents mid-drain, sample runs. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import * as readMail from '../../../lib/functions/mail/readMail';
import { versionHash } from '../../../lib/platform/polling/cursor';
import { fakeClock } from '../../support/clock';
import { AUTHORITY, CLIENT_ID, CLIENT_SECRET, GRAPH, TENANT, recorder, refreshedResponse, storedToken, tokenPath } from '../../support/graph';
import { execute, TriggerModule } from '../support/run';
import { graphMessage, messageId, useEnv } from '../support/mail';

const trigger = readMail as unknown as TriggerModule;
const LIST = '/v1.0/me/mailFolders/inbox/messages';
const STATIC = { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' }, folderId: 'inbox' };

describe('"Poll for New Mail" requests (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, MSAPP_AUTHORITY_HOST: AUTHORITY, MSAPP_CLIENT_ID: CLIENT_ID, MSAPP_CLIENT_SECRET: CLIENT_SECRET, ELASTICIO_FLOW_TYPE: undefined });

  it('asks for lastModifiedDateTime ge the start, oldest first, 1000 per page with $select', async () => {
    const rec = recorder();
    nock(GRAPH).get(LIST).query(true).reply(rec.reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:05Z')] }));
    const run = await execute(trigger, { ...STATIC, startTime: '2026-11-01T00:00:00Z' }, {});
    assert.equal(run.error, undefined);
    const url = new URL(rec.seen[0].uri, GRAPH);
    assert.equal(url.searchParams.get('$filter'), 'lastModifiedDateTime ge 2026-11-01T00:00:00Z');
    assert.equal(url.searchParams.get('$orderby'), 'lastModifiedDateTime asc');
    assert.equal(url.searchParams.get('$top'), '1000');
    assert.match(url.searchParams.get('$select') as string, /^id,.*lastModifiedDateTime,changeKey,.*,body,/);
    assert.equal(rec.seen[0].headers.authorization, 'Bearer static-access-token-0123456789');
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 1', 'message 2']);
    assert.equal(run.bodies[0]['@odata.etag'], undefined, 'OData annotations are not part of the output');
    assert.deepEqual(run.snapshot, {
      v: 2, mode: 'modified', since: '2026-11-23T10:00:05Z',
      seen: [versionHash(graphMessage(2, '2026-11-23T10:00:05Z'))],
      earlier: { 5000: [versionHash(graphMessage(1, '2026-11-23T10:00:00Z'))] },
      from: '2026-11-23T10:00:00.000Z',
    });
    assert.match(run.ctx.logText(), /finished \(drained\): 1 pages, 2 messages emitted, 0 skipped, cursor 2026-11-01T00:00:00Z → 2026-11-23T10:00:05Z, \d+ ms/);
  });

  it('addresses a shared mailbox and a folder id as single encoded path segments', async () => {
    const folderId = 'AQMkADAwATM0MDAAMS0yMgA3MC1mZDkyLTAwAi0wMAoALgAAA14NR8zJ7GxJnz_JauTU1uQBALdeJHYCtWNEt1wFU6jUUYgAAAIBDAAAAA==';
    nock(GRAPH).get(`/v1.0/users/ops%40contoso.com/mailFolders/${encodeURIComponent(folderId)}/messages`).query(true).reply(200, { value: [] });
    const run = await execute(trigger, { ...STATIC, folderId, mailbox: 'ops@contoso.com' }, {});
    assert.equal(run.error, undefined);
  });

  it('follows a nextLink verbatim while the whole page shares one second', async () => {
    const s = '2026-11-23T10:00:00Z';
    const next = `${GRAPH}/v1.0/me/mailFolders/inbox/messages?%24orderby=lastModifiedDateTime+asc&%24top=1000&%24filter=lastModifiedDateTime+ge+2026-11-23T10%3a00%3a00Z&%24select=id&%24skip=2`;
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 1970-01-01T00:00:00Z').reply(200, { value: [graphMessage(1, s), graphMessage(2, s)], '@odata.nextLink': next });
    nock(GRAPH).get(LIST).query((q) => q.$filter === `lastModifiedDateTime ge ${s}`).reply(200, { value: [graphMessage(1, s), graphMessage(2, s)], '@odata.nextLink': next });
    nock(GRAPH).get(`${LIST}?%24orderby=lastModifiedDateTime+asc&%24top=1000&%24filter=lastModifiedDateTime+ge+2026-11-23T10%3a00%3a00Z&%24select=id&%24skip=2`)
      .reply(200, { value: [graphMessage(3, s)] });
    const run = await execute(trigger, STATIC, {});
    assert.equal(run.error, undefined);
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 1', 'message 2', 'message 3']);
  });

  it('waits for Retry-After when throttled mid-drain, then finishes the drain', async () => {
    const clock = fakeClock();
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 1970-01-01T00:00:00Z')
      .reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.nextLink': `${GRAPH}${LIST}?$skip=2` });
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 2026-11-23T10:00:01Z')
      .reply(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { 'Retry-After': '7' });
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 2026-11-23T10:00:01Z')
      .reply(200, { value: [graphMessage(2, '2026-11-23T10:00:01Z'), graphMessage(3, '2026-11-23T10:00:02Z')] });
    const run = await execute(trigger, STATIC, {}, { clock });
    assert.equal(run.error, undefined);
    assert.deepEqual(clock.sleeps, [7000]);
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 1', 'message 2', 'message 3']);
  });

  it('stops without an error and keeps what it emitted when throttling outlasts the retry budget', async () => {
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 1970-01-01T00:00:00Z')
      .reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.nextLink': `${GRAPH}${LIST}?$skip=2` });
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 2026-11-23T10:00:01Z')
      .reply(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { 'Retry-After': '600' });
    const run = await execute(trigger, STATIC, {});
    assert.equal(run.error, undefined);
    assert.equal(run.bodies.length, 2);
    assert.equal((run.snapshot as { since: string }).since, '2026-11-23T10:00:01Z');
    assert.match(run.ctx.logText(), /warn: .*keeps throttling \(TooManyRequests\)/);
  });

  it('asks for half as many messages after a gateway timeout (504), keeps the smaller size in the snapshot, and grows back', async () => {
    const GATEWAY = { error: { code: 'UnknownError', message: 'The gateway did not receive a response in time.' } };
    const tops: string[] = [];
    nock(GRAPH).get(LIST).query((q) => { tops.push(String(q.$top)); return Number(q.$top) > 250; }).times(2).reply(504, GATEWAY);
    nock(GRAPH).get(LIST).query((q) => { tops.push(String(q.$top)); return q.$top === '250'; })
      .reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z')] });
    const first = await execute(trigger, STATIC, {});
    assert.equal(first.error, undefined);
    assert.deepEqual(tops, ['1000', '500', '250'], 'no transport retry of the same page before shrinking');
    assert.deepEqual(first.bodies.map((b) => b.subject), ['message 1', 'message 2']);
    assert.equal((first.snapshot as { top?: number }).top, 250);
    assert.match(first.ctx.logText(), /timed out at Graph's gateway.*asking for 500 messages per page/);

    // The next execution starts at the remembered size; four good pages double it.
    const seen: string[] = [];
    let n = 2;
    nock(GRAPH).get(LIST).query((q) => { seen.push(String(q.$top)); return true; }).times(5)
      .reply(() => { n += 1; return [200, { value: [graphMessage(n, `2026-11-23T10:00:${String(n).padStart(2, '0')}Z`)], '@odata.nextLink': `${GRAPH}${LIST}?$skip=1` }]; });
    nock(GRAPH).get(LIST).query(true).reply(200, { value: [] });
    const second = await execute(trigger, STATIC, first.snapshot);
    assert.equal(second.error, undefined);
    assert.deepEqual(seen.slice(0, 5), ['250', '250', '250', '250', '500']);
  });

  it('fails the execution when even a page of one message times out at the gateway', async () => {
    nock(GRAPH).get(LIST).query(true).times(11).reply(504, { error: { code: 'UnknownError', message: 'Gateway timeout' } });
    const run = await execute(trigger, STATIC, {});
    assert.ok(run.error);
    assert.match(run.error.message, /504/);
  });

  it('refreshes an expired token mid-drain, hands the new keys to the platform and completes the drain', async () => {
    const rec = recorder();
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 1970-01-01T00:00:00Z')
      .reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.nextLink': `${GRAPH}${LIST}?$skip=1` });
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 2026-11-23T10:00:00Z')
      .reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } });
    nock(AUTHORITY).post(tokenPath()).reply(200, refreshedResponse(1));
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 2026-11-23T10:00:00Z')
      .reply(rec.reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:03Z')] }));
    const run = await execute(trigger, { ...STATIC, tenantId: TENANT, oauth: storedToken() }, {});
    assert.equal(run.error, undefined);
    assert.equal(rec.seen[0].headers.authorization, 'Bearer eyJ.NEW-access-token-1');
    const keys = run.ctx.emittedOf('updateKeys') as Array<{ oauth: { refresh_token: string } }>;
    assert.equal(keys.length, 1);
    assert.equal(keys[0].oauth.refresh_token, '0.ARoA-ROTATED-refresh-token-1');
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 1', 'message 2']);
    assert.doesNotMatch(run.ctx.logText(), /ORIGINAL|ROTATED|NEW-access/);
  });

  it('stops at the per-execution maximum inside a page and records exactly what it emitted', async () => {
    // Graph may send more than $top asked for; the trigger still stops at the maximum.
    nock(GRAPH).get(LIST).query((q) => q.$top === '2').reply(200, {
      value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:00:00Z')],
    });
    const run = await execute(trigger, { ...STATIC, maxMessages: 2 }, {});
    assert.equal(run.bodies.length, 2);
    const snapshot = run.snapshot as { since: string; seen: string[] };
    assert.equal(snapshot.since, '2026-11-23T10:00:00Z');
    assert.deepEqual(snapshot.seen, [versionHash(graphMessage(1, 'x')), versionHash(graphMessage(2, 'x'))]);
    assert.match(run.ctx.logText(), /finished \(limit\)/);
  });

  it('refuses an invalid start time before sending anything', async () => {
    const run = await execute(trigger, { ...STATIC, startTime: 'yesterday' }, {});
    assert.match(run.error?.message ?? '', /^Start Time \(startTime\): "yesterday" is not an ISO 8601 date-time/);
  });

  it('refuses a check box that is neither on nor off, naming it, before sending anything', async () => {
    const run = await execute(trigger, { ...STATIC, pollOnlyUnreadMail: 'sometimes' }, {});
    assert.match(run.error?.message ?? '', /^Poll Only Unread Mail \(pollOnlyUnreadMail\): must be true or false/);
  });

  describe('sample run (ELASTICIO_FLOW_TYPE=debug)', () => {
    useEnv({ ELASTICIO_FLOW_TYPE: 'debug' });

    it('reads one page of ten and writes no snapshot', async () => {
      nock(GRAPH).get(LIST).query((q) => q.$top === '10')
        .reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.nextLink': `${GRAPH}${LIST}?$skip=10` });
      const run = await execute(trigger, STATIC, {});
      assert.equal(run.error, undefined);
      assert.equal(run.bodies.length, 1);
      assert.deepEqual(run.ctx.emittedOf('snapshot'), []);
    });

    it('says "No object found" when there is nothing to show', async () => {
      nock(GRAPH).get(LIST).query(true).reply(200, { value: [] });
      const run = await execute(trigger, STATIC, {});
      assert.equal(run.error?.message, 'No object found');
    });
  });
});

describe('"Poll for New Mail" attachments (nock Graph and object storage)', () => {
  const STORAGE = 'https://maester.platform.example';
  useEnv({ MSGRAPH_BASE_URL: GRAPH, ELASTICIO_OBJECT_STORAGE_URI: STORAGE, ELASTICIO_OBJECT_STORAGE_TOKEN: 'maester-token-abcdef', ELASTICIO_FLOW_TYPE: undefined });
  const id = messageId(7);
  const messagePath = `/v1.0/me/messages/${encodeURIComponent(id)}`;
  const content = Buffer.alloc(300_000, 7);

  function listing(size: number): void {
    nock(GRAPH).get(LIST).query(true).reply(200, { value: [graphMessage(7, '2026-11-23T10:00:00Z', { hasAttachments: true })] });
    nock(GRAPH).get(`${messagePath}/attachments`).query({ $select: 'id,name,contentType,size,isInline' }).reply(200, {
      value: [
        { '@odata.type': '#microsoft.graph.fileAttachment', id: 'AAMkAtt1=', name: 'report.pdf', contentType: 'application/pdf', size, isInline: false },
        { '@odata.type': '#microsoft.graph.itemAttachment', id: 'AAMkAtt2=', name: 'forwarded', contentType: null, size: 1234, isInline: false },
      ],
    });
  }

  it('streams each file attachment into object storage and emits its url, without the Graph token', async () => {
    // Graph's `size` counts Exchange's overhead too (microsoft-graph-docs#9796): only Content-Length is the file size.
    listing(content.length + 237);
    nock(GRAPH).get(`${messagePath}/attachments/AAMkAtt1%3D/$value`).reply(200, () => content, { 'Content-Type': 'application/pdf', 'Content-Length': String(content.length) });
    let uploaded = 0;
    nock(STORAGE, { badheaders: ['prefer', 'client-request-id'] })
      .matchHeader('authorization', 'Bearer maester-token-abcdef')
      .post('/objects', (body: string) => { uploaded = body.length; return true; })
      .reply(201, { objectId: 'obj-42' });
    const run = await execute(trigger, { ...STATIC, getAttachment: true }, {});
    assert.equal(run.error, undefined);
    assert.equal(uploaded, content.length);
    assert.deepEqual(run.bodies[0].attachments, [{ name: 'report.pdf', contentType: 'application/pdf', size: content.length, url: `${STORAGE}/objects/obj-42?storage_type=maester` }]);
  });

  it('fails instead of storing a truncated file when fewer bytes arrive than declared', async () => {
    listing(content.length + 237);
    nock(GRAPH).get(`${messagePath}/attachments/AAMkAtt1%3D/$value`).reply(200, () => content, { 'Content-Length': String(content.length + 10) });
    nock(STORAGE).post('/objects').optionally().reply(201, { objectId: 'obj-43' });
    const run = await execute(trigger, { ...STATIC, getAttachment: true }, {});
    assert.match(run.error?.message ?? '', /"report.pdf" declared 300010 bytes but 300000 bytes arrived; it was not stored/);
    assert.equal(run.bodies.length, 0);
    assert.deepEqual(run.ctx.emittedOf('snapshot'), [], 'the message will be read again');
  });
});

describe('getFolders select model (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH });

  it('lists nested folders with their path as label, following nextLinks', async () => {
    nock(GRAPH).get('/v1.0/me/mailFolders').query({ $top: '100', $select: 'id,displayName,childFolderCount' }).reply(200, {
      value: [{ id: 'inbox-id', displayName: 'Inbox', childFolderCount: 1 }],
      '@odata.nextLink': `${GRAPH}/v1.0/me/mailFolders?%24top=100&%24select=id%2cdisplayName%2cchildFolderCount&%24skip=100`,
    });
    nock(GRAPH).get('/v1.0/me/mailFolders?%24top=100&%24select=id%2cdisplayName%2cchildFolderCount&%24skip=100')
      .reply(200, { value: [{ id: 'archive-id', displayName: 'Archive', childFolderCount: 0 }] });
    nock(GRAPH).get('/v1.0/me/mailFolders/inbox-id/childFolders').query(true)
      .reply(200, { value: [{ id: 'projects=id/x', displayName: 'Projects', childFolderCount: 1 }] });
    nock(GRAPH).get(`/v1.0/me/mailFolders/${encodeURIComponent('projects=id/x')}/childFolders`).query(true)
      .reply(200, { value: [{ id: '2025-id', displayName: '2025', childFolderCount: 0 }] });
    const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} }, emit: async () => undefined };
    const model = await readMail.getFolders.call(ctx, STATIC);
    assert.deepEqual(model, { 'archive-id': 'Archive', 'inbox-id': 'Inbox', 'projects=id/x': 'Inbox / Projects', '2025-id': 'Inbox / Projects / 2025' });
  });
});
