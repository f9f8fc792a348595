import assert from 'node:assert/strict';
import nock from 'nock';
import * as rawRequest from '../../../lib/functions/raw/rawRequest';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { ACCESS_TOKEN, GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const JSON_TYPE = { 'Content-Type': 'application/json' };

describe('rawRequest action', () => {
  useNockEnvironment();

  it('sends a GET with query options through the transport (token, immutable ids) and emits status, headers and JSON body', async () => {
    nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}`, prefer: /IdType="ImmutableId"/ } })
      .get('/v1.0/me/mailFolders/inbox/messages').query({ $select: 'subject', $top: '2' })
      .reply(200, { value: [{ id: 'm1', subject: 'Hi' }] }, { ...JSON_TYPE, 'request-id': 'r-1' });
    const { data } = await run(rawRequest, { path: '/me/mailFolders/inbox/messages', query: { $select: 'subject', $top: 2 } });
    assert.equal(data.length, 1);
    const out = data[0] as { status: number; headers: Record<string, string>; body: unknown };
    assert.equal(out.status, 200);
    assert.equal(out.headers['request-id'], 'r-1');
    assert.deepEqual(out.body, { value: [{ id: 'm1', subject: 'Hi' }] });
  });

  it('sends a JSON body with POST once, and text as text/plain unless labelled', async () => {
    nock(GRAPH).post('/v1.0/me/events', { subject: 'x' }).matchHeader('content-type', /application\/json/).reply(201, { id: 'e1' }, JSON_TYPE);
    const created = await run(rawRequest, { method: 'POST', path: 'me/events', body: { subject: 'x' } });
    assert.deepEqual((created.data[0] as { body: unknown }).body, { id: 'e1' });
    nock(GRAPH).put('/v1.0/me/contacts/c1/photo/$value', 'raw text').matchHeader('content-type', /^text\/plain/).reply(204);
    const put = await run(rawRequest, { method: 'PUT', path: '/me/contacts/c1/photo/$value', body: 'raw text' });
    assert.deepEqual(put.data, [{ status: 204, headers: {}, body: null }]);
  });

  it('does not repeat a POST whose outcome is unknown (a 504), and reports it', async () => {
    const scope = nock(GRAPH).post('/v1.0/me/sendMail').reply(504, graphErrorBody('GatewayTimeout', 'timeout')).post('/v1.0/me/sendMail').reply(202);
    const { error } = await runFailing(rawRequest, { method: 'POST', path: '/me/sendMail', body: { message: {} } });
    assert.match(error.message, /504/);
    assert.equal(scope.isDone(), false, 'the POST was sent a second time');
    nock.cleanAll();
  });

  it('retries a throttled GET after Retry-After like every other call', async () => {
    nock(GRAPH).get('/v1.0/me').reply(429, graphErrorBody('TooManyRequests', 'slow down'), { 'Retry-After': '0' })
      .get('/v1.0/me').reply(200, { id: 'u' }, JSON_TYPE);
    const { data } = await run(rawRequest, { path: '/me' });
    assert.equal((data[0] as { status: number }).status, 200);
  });

  it('emits a non-2xx answer as data when asked, and fails with Graph\'s error otherwise', async () => {
    nock(GRAPH).get('/v1.0/me/messages/nope').reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.'), JSON_TYPE);
    const { data } = await run(rawRequest, { path: '/me/messages/nope', errorsAsData: true });
    assert.equal((data[0] as { status: number }).status, 404);
    assert.equal(((data[0] as { body: { error: { code: string } } }).body).error.code, 'ErrorItemNotFound');
    nock(GRAPH).get('/v1.0/me/messages/nope').reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.'), JSON_TYPE);
    const { error } = await runFailing(rawRequest, { path: '/me/messages/nope' });
    assert.match(error.message, /404 ErrorItemNotFound/);
  });

  it('follows nextLinks up to Maximum Pages, one message per page, or all pages in one with Emit All', async () => {
    const page = (n: number, next?: number) => ({ value: [{ id: `m${n}` }], ...(next ? { '@odata.nextLink': `${GRAPH}/v1.0/me/messages?$skiptoken=${next}` } : {}) });
    const pages = () => nock(GRAPH).get('/v1.0/me/messages').reply(200, page(1, 2), JSON_TYPE)
      .get('/v1.0/me/messages').query({ $skiptoken: '2' }).reply(200, page(2, 3), JSON_TYPE);
    pages();
    const each = await run(rawRequest, { path: '/me/messages', followNextLinks: true, maxPages: 2 });
    assert.deepEqual(each.data.map((d) => (d as { body: { value: unknown[] } }).body.value), [[{ id: 'm1' }], [{ id: 'm2' }]]);
    pages();
    const all = await run(rawRequest, { path: '/me/messages', followNextLinks: true, maxPages: 2 }, { emitBehavior: 'emitAll' });
    assert.equal(all.data.length, 1);
    assert.equal((all.data[0] as { count: number }).count, 2);
  });

  it('never sends the token after a nextLink to another host', async () => {
    nock(GRAPH).get('/v1.0/me/messages').reply(200, { value: [], '@odata.nextLink': 'https://evil.example/v1.0/me/messages?page=2' }, JSON_TYPE);
    const foreign = nock('https://evil.example').get(/.*/).reply(200, {});
    const { error } = await runFailing(rawRequest, { path: '/me/messages', followNextLinks: true });
    assert.match(error.message, /Refusing to send the access token/);
    assertNothingSent(foreign);
  });

  it('addresses another mailbox through /me paths, and goes to beta when chosen', async () => {
    nock(GRAPH).get('/v1.0/users/support%40contoso.com/mailFolders').reply(200, { value: [] }, JSON_TYPE);
    await run(rawRequest, { path: '/me/mailFolders' }, { mailbox: 'support@contoso.com' });
    nock(GRAPH).head('/beta/me/messages').reply(200);
    const { data } = await run(rawRequest, { method: 'HEAD', path: '/me/messages', apiVersion: 'beta' });
    assert.deepEqual(data, [{ status: 200, headers: {}, body: null }]);
  });

  for (const [what, body, field] of [
    ['another host', { path: 'https://evil.example/v1.0/me' }, 'Path (path)'],
    ['a protocol-relative URL', { path: '//evil.example/me' }, 'Path (path)'],
    ['an encoded ".." segment', { path: '/me/%2e%2e/%2e%2e/x' }, 'Path (path)'],
    ['CR/LF in a header', { path: '/me', headers: { 'X-A': 'a\r\nB: c' } }, 'Headers (headers)'],
    ['an Authorization header', { path: '/me', headers: { Authorization: 'Bearer mine' } }, 'Headers (headers)'],
    ['a body with GET', { path: '/me', body: { a: 1 } }, 'Body (body)'],
    ['nextLinks with POST', { method: 'POST', path: '/me/events', followNextLinks: true }, 'Follow Next Links (followNextLinks)'],
    ['a query option in the path and in Query', { path: '/me/messages?$top=1', query: { $top: 2 } }, 'Path (path), Query (query)'],
    ['a mailbox with a path not under /me', { path: '/users/x/messages', mailbox: 'y@contoso.com' }, 'Mailbox (mailbox), Path (path)'],
    ['an unknown method', { method: 'TRACE', path: '/me' }, 'Method (method)'],
    ['no path', {}, 'Path (path)'],
  ] as const) {
    it(`refuses ${what} before any request, naming ${field}`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(rawRequest, { ...body });
      assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
