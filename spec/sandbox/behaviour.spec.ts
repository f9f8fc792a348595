import assert from 'node:assert/strict';
import { gunzipSync } from 'zlib';
import type { OAuthTokenResponse, Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, GraphPage, call, enc, startTestSandbox } from './helpers';

const PAGE = { Prefer: 'odata.maxpagesize=50' };
const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('sandbox Graph behaviour knobs', () => {
  let sb: Sandbox;
  let graph: Graph;

  beforeEach(async () => {
    sb = await startTestSandbox();
    graph = new Graph(sb);
  });
  afterEach(() => sb.stop());

  describe('graphBehaviour', () => {
    it("defaults to today's behaviour, configures part of it, refuses nonsense and resets to the start values", async () => {
      assert.deepEqual(sb.graphBehaviour.current(), { maxResponseBytes: undefined, readChangesLastModified: true, partialDeltaItems: false, gzip: false, account: 'work', eventsDailyNoEditChange: false });
      sb.graphBehaviour.configure({ gzip: true, maxResponseBytes: 1000 });
      assert.equal(sb.graphBehaviour.current().gzip, true);
      assert.throws(() => sb.graphBehaviour.configure({ maxResponseBytes: -1 }), /positive integer/);
      assert.throws(() => sb.graphBehaviour.configure({ account: 'school' as 'work' }), /account/);
      sb.graphBehaviour.configure({ maxResponseBytes: undefined });
      assert.equal(sb.graphBehaviour.current().maxResponseBytes, undefined);
      sb.graphBehaviour.reset();
      assert.equal(sb.graphBehaviour.current().gzip, false);
      const other = await startTestSandbox({ demo: false, graphBehaviour: { partialDeltaItems: true } });
      try {
        other.graphBehaviour.configure({ partialDeltaItems: false });
        other.graphBehaviour.reset();
        assert.equal(other.graphBehaviour.current().partialDeltaItems, true);
      } finally {
        await other.stop();
      }
    });
  });

  describe('maxResponseBytes', () => {
    it('answers 504 UnknownError for a list page over the limit, every time, and counts pageTooLarge', async () => {
      sb.graphBehaviour.configure({ maxResponseBytes: 20_000 });
      for (let i = 0; i < 2; i += 1) {
        const reply = await graph.get('/me/mailFolders/inbox/messages?$top=50');
        assert.equal(reply.status, 504);
        assert.deepEqual([reply.json<GraphErrorBody>().error.code, reply.json<GraphErrorBody>().error.message], ['UnknownError', '']);
      }
      assert.equal(sb.faults.stats().injected.pageTooLarge, 2);
      assert.equal((await graph.get('/me/mailFolders/inbox/messages?$top=50&$select=subject')).status, 200, 'a $select keeps the page small');
      assert.equal((await graph.get('/me/mailFolders/inbox/messages?$top=5')).status, 200);
    });

    it('applies to nextLink pages, delta pages and $batch items', async () => {
      const id = sb.store.messages('inbox')[0].id as string;
      sb.store.updateMessage(id, { categories: ['x'.repeat(30_000)] });
      sb.graphBehaviour.configure({ maxResponseBytes: 25_000 });
      const first = await graph.get('/me/mailFolders/inbox/messages?$top=3&$select=subject&$orderby=lastModifiedDateTime asc');
      assert.equal(first.status, 200);
      let next = first.json<GraphPage>()['@odata.nextLink'];
      let failed = 0;
      while (next && !failed) {
        const reply = await graph.get(`${next.replace('$select=subject', '$select=subject,categories')}`);
        if (reply.status === 504) failed += 1;
        else next = reply.json<GraphPage>()['@odata.nextLink'];
      }
      assert.equal(failed, 1, 'a later page holding the big message fails');
      const big = sb.store.createFolder(null, 'Big');
      sb.store.addMessage(big.id as string, { subject: 'big', categories: ['z'.repeat(30_000)] });
      assert.equal((await graph.get(`/me/mailFolders/${enc(big.id as string)}/messages/delta?$select=subject`, PAGE)).status, 200);
      assert.equal((await graph.get(`/me/mailFolders/${enc(big.id as string)}/messages/delta?$select=subject,categories`, PAGE)).status, 504);
      const batch = await graph.post('/$batch', { requests: [{ id: '1', method: 'GET', url: '/me/mailFolders/inbox/messages?$top=100' }] });
      assert.equal(batch.status, 200);
      assert.equal(batch.json<{ responses: Array<{ status: number }> }>().responses[0].status, 504);
    });
  });

  describe('readChangesLastModified', () => {
    it('bumps lastModifiedDateTime on a read change by default', async () => {
      const message = sb.store.addMessage('inbox', { subject: 'r', isRead: false });
      sb.clock.advance(5000);
      const read = await graph.patch(`/me/messages/${enc(message.id as string)}`, { isRead: true });
      assert.notEqual(read.json<GraphItem>().lastModifiedDateTime, message.lastModifiedDateTime);
    });

    it('when false, gives an isRead-only change a new changeKey and etag but keeps lastModifiedDateTime, and delta still reports it', async () => {
      sb.graphBehaviour.configure({ readChangesLastModified: false });
      const message = sb.store.addMessage('inbox', { subject: 'r', isRead: false });
      const { deltaLink } = await graph.all('/me/mailFolders/inbox/messages/delta?$select=subject', PAGE);
      sb.clock.advance(5000);
      const read = (await graph.patch(`/me/messages/${enc(message.id as string)}`, { isRead: true })).json<GraphItem>();
      assert.equal(read.lastModifiedDateTime, message.lastModifiedDateTime);
      assert.notEqual(read.changeKey, message.changeKey);
      assert.notEqual(read['@odata.etag'], (message as Record<string, unknown>)['@odata.etag']);
      sb.clock.advance(5000);
      const unread = sb.store.updateMessage(message.id as string, { isRead: false });
      assert.equal(unread.lastModifiedDateTime, message.lastModifiedDateTime);
      assert.notEqual(unread.changeKey, read.changeKey);
      const next = await graph.all(deltaLink as string, PAGE);
      assert.deepEqual(next.items.map((m) => m.id), [message.id]);
      const flagged = sb.store.updateMessage(message.id as string, { flag: { flagStatus: 'flagged' } });
      assert.notEqual(flagged.lastModifiedDateTime, message.lastModifiedDateTime, 'other changes still move it');
    });
  });

  describe('partialDeltaItems', () => {
    async function changedRound(): Promise<{ items: GraphItem[]; ids: string[] }> {
      const { deltaLink } = await graph.all('/me/mailFolders/inbox/messages/delta?$select=subject,isRead,importance', PAGE);
      const [a, b, c, d] = sb.store.messages('inbox').map((m) => m.id as string);
      await graph.patch(`/me/messages/${enc(a)}`, { isRead: true });
      sb.store.updateMessage(b, { flag: { flagStatus: 'flagged' }, categories: ['Blue category'] });
      sb.store.updateMessage(c, { isRead: true });
      sb.store.updateMessage(c, { importance: 'high' });
      sb.store.moveMessage(d, 'archive');
      sb.store.moveMessage(d, 'inbox');
      const next = await graph.all(deltaLink as string, PAGE);
      return { items: next.items, ids: [a, b, c, d] };
    }

    it('returns full items by default', async () => {
      const { items } = await changedRound();
      assert.ok(items.filter((m) => !m['@removed']).every((m) => 'subject' in m && 'importance' in m));
    });

    it('when true, returns only id, the changed flag-like properties and parentFolderId for such changes, ignoring $select', async () => {
      sb.graphBehaviour.configure({ partialDeltaItems: true });
      const { items, ids: [a, b, c, d] } = await changedRound();
      const byId = new Map(items.map((m) => [m.id, m]));
      const inbox = sb.store.folderId('inbox');
      assert.deepEqual(Object.keys(byId.get(a) as GraphItem).sort(), ['@odata.etag', '@odata.type', 'id', 'isRead', 'parentFolderId']);
      assert.equal((byId.get(a) as GraphItem).parentFolderId, inbox);
      assert.deepEqual(Object.keys(byId.get(b) as GraphItem).sort(), ['@odata.etag', '@odata.type', 'categories', 'flag', 'id', 'parentFolderId']);
      assert.deepEqual((byId.get(b) as GraphItem).flag, { flagStatus: 'flagged' });
      assert.deepEqual(Object.keys(byId.get(c) as GraphItem).sort(), ['@odata.etag', '@odata.type', 'id', 'importance', 'isRead', 'subject'], 'another change: full item');
      assert.ok('subject' in (byId.get(d) as GraphItem), 'a message that arrived again: full item');
      const first = await graph.all('/me/mailFolders/inbox/messages/delta?$select=subject', PAGE);
      assert.ok(first.items.every((m) => 'subject' in m), 'the first round is always full');
    });
  });

  describe('gzip', () => {
    const gz = (reply: { body: Buffer }): string => gunzipSync(reply.body).toString('utf8');

    it('compresses JSON pages, errors and attachment bytes when Accept-Encoding allows gzip, with the compressed Content-Length', async () => {
      sb.graphBehaviour.configure({ gzip: true });
      const page = await graph.get('/me/messages?$top=3', { 'Accept-Encoding': 'gzip, deflate, br' });
      assert.equal(page.headers['content-encoding'], 'gzip');
      assert.equal(Number(page.headers['content-length']), page.body.length);
      assert.equal((JSON.parse(gz(page)) as GraphPage).value.length, 3);
      const error = await graph.get('/me/messages/nope', { 'Accept-Encoding': 'gzip' });
      assert.equal(error.headers['content-encoding'], 'gzip');
      assert.equal((JSON.parse(gz(error)) as GraphErrorBody).error.code, 'ErrorInvalidIdMalformed');
      const withFile = sb.store.addMessage('inbox', { subject: 'f', attachments: [{ name: 'a.txt', contentType: 'text/plain', content: Buffer.from('hello hello hello') }] });
      const [file] = sb.store.attachments(withFile.id as string);
      const bytes = await graph.get(`/me/messages/${enc(withFile.id as string)}/attachments/${enc(file.id as string)}/$value`, { 'Accept-Encoding': 'gzip' });
      assert.equal(bytes.headers['content-encoding'], 'gzip');
      assert.equal(gz(bytes), 'hello hello hello');
    });

    it('keeps bodies plain for Accept-Encoding identity, without Accept-Encoding, by default, and on the token endpoint', async () => {
      sb.graphBehaviour.configure({ gzip: true });
      const variants: Array<Record<string, string>> = [{ 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'gzip;q=0' }, {}];
      for (const headers of variants) {
        const reply = await graph.get('/me/messages?$top=1', headers);
        assert.equal(reply.headers['content-encoding'], undefined, JSON.stringify(headers));
        assert.equal(reply.json<GraphPage>().value.length, 1);
      }
      const token = await call(`${sb.url}/${sb.tenantId}/oauth2/v2.0/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Encoding': 'gzip' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: sb.clientId, client_secret: sb.clientSecret, refresh_token: sb.issueToken().refresh_token }).toString(),
      });
      assert.equal(token.headers['content-encoding'], undefined);
      sb.graphBehaviour.reset();
      assert.equal((await graph.get('/me/messages?$top=1', { 'Accept-Encoding': 'gzip' })).headers['content-encoding'], undefined);
    });
  });

  describe("account: 'personal'", () => {
    const window = { schedules: ['adele.vance@contoso.onmicrosoft.com'], startTime: { dateTime: '2026-11-23T08:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-11-23T12:00:00', timeZone: 'UTC' } };

    it('signs tokens in the consumer tenant and refuses getSchedule and findMeetingTimes with 403 ErrorAccessDenied', async () => {
      assert.equal((await graph.post('/me/calendar/getSchedule', window)).status, 200);
      sb.graphBehaviour.configure({ account: 'personal' });
      const issued: OAuthTokenResponse = sb.issueToken();
      assert.equal(claims(issued.id_token).tid, CONSUMER_TENANT);
      assert.equal(claims(issued.id_token).iss, `https://login.microsoftonline.com/${CONSUMER_TENANT}/v2.0`);
      const personal = new Graph(sb, issued.access_token);
      for (const [path, body] of [['/me/calendar/getSchedule', window], ['/me/findMeetingTimes', {}]] as const) {
        const reply = await personal.post(path, body);
        assert.equal(reply.status, 403, path);
        assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorAccessDenied');
      }
      assert.equal((await personal.get('/me/messages?$top=1')).status, 200);
    });
  });
});
