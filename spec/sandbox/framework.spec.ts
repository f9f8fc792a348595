import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { core } from '../../dev/sandbox/testing';
import { Graph, GraphErrorBody, GraphItem, T0, call, enc, startTestSandbox } from './helpers';

describe('sandbox framework', () => {
  let sb: Sandbox;
  let graph: Graph;

  before(async () => {
    sb = await startTestSandbox({ tokenTtlSeconds: 600 });
    graph = new Graph(sb);
  });
  after(() => sb.stop());

  it('answers an unknown segment with the Graph error envelope and request-id headers', async () => {
    const reply = await graph.get('/me/nonsense');
    assert.equal(reply.status, 400);
    const { error } = reply.json<GraphErrorBody>();
    assert.equal(error.code, 'BadRequest');
    assert.match(error.message, /segment 'nonsense'/);
    assert.equal(reply.headers['request-id'], error.innerError['request-id']);
    assert.equal(reply.headers['client-request-id'], error.innerError['client-request-id']);
  });

  it('echoes client-request-id and dates innerError without a Z', async () => {
    const reply = await graph.get('/me/messages/unknown-id', { 'client-request-id': 'my-correlation-1' });
    const { error } = reply.json<GraphErrorBody>();
    assert.equal(reply.headers['client-request-id'], 'my-correlation-1');
    assert.equal(error.innerError['client-request-id'], 'my-correlation-1');
    assert.equal(error.innerError.date, new Date(T0).toISOString().slice(0, 19));
  });

  it('refuses a request without a bearer token with 401 InvalidAuthenticationToken and WWW-Authenticate', async () => {
    const reply = await call(`${sb.url}/v1.0/me`);
    assert.equal(reply.status, 401);
    assert.equal(reply.json<GraphErrorBody>().error.code, 'InvalidAuthenticationToken');
    assert.match(String(reply.headers['www-authenticate']), /^Bearer .*error="invalid_token"/);
  });

  it('refuses an unknown bearer token with 401', async () => {
    const reply = await call(`${sb.url}/v1.0/me`, { headers: { Authorization: 'Bearer abc.def.ghi' } });
    assert.equal(reply.status, 401);
    assert.equal(reply.json<GraphErrorBody>().error.code, 'InvalidAuthenticationToken');
  });

  it('expires access tokens after tokenTtlSeconds on the sandbox clock', async () => {
    const token = sb.issueToken().access_token;
    const client = new Graph(sb, token);
    assert.equal((await client.get('/me')).status, 200);
    sb.clock.advance(600_000);
    const reply = await client.get('/me');
    sb.clock.set(T0);
    assert.equal(reply.status, 401);
    assert.match(reply.json<GraphErrorBody>().error.message, /expired/);
  });

  it('echoes Preference-Applied for IdType="ImmutableId"', async () => {
    const reply = await graph.get('/me/mailFolders/inbox', { Prefer: 'IdType="ImmutableId"' });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['preference-applied'], 'IdType="ImmutableId"');
  });

  it('records each request with the authorization header replaced by a fingerprint and counts it per route', async () => {
    const before = sb.counters().getMailFolder ?? 0;
    await graph.get('/me/mailFolders/drafts');
    const last = sb.requests[sb.requests.length - 1];
    assert.equal(last.route, 'getMailFolder');
    assert.equal(last.status, 200);
    assert.deepEqual(last.segments, ['me', 'mailFolders', 'drafts']);
    assert.equal(last.hadAuthorization, true);
    assert.match(last.headers.authorization, /^Bearer sha256:[0-9a-f]{12}$/);
    assert.ok(!JSON.stringify(sb.requests).includes(graph.token));
    assert.equal(sb.counters().getMailFolder, before + 1);
  });

  it('addresses an id containing / ? # % and = exactly, as one path segment', async () => {
    const hostile = 'AAMk/a?b#c%20d=';
    sb.store.addMessage('inbox', { id: 'AAMk', subject: 'decoy' });
    sb.store.addMessage('inbox', { id: hostile, subject: 'the hostile one' });
    const reply = await graph.get(`/me/messages/${enc(hostile)}`);
    assert.equal(reply.status, 200);
    const item = reply.json<GraphItem>();
    assert.equal(item.id, hostile);
    assert.equal(item.subject, 'the hostile one');
  });

  it('tells a malformed id (400 ErrorInvalidIdMalformed) from a well-formed unknown one (404 ErrorItemNotFound)', async () => {
    const malformed = await graph.get('/me/messages/not-an-id');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json<GraphErrorBody>().error.code, 'ErrorInvalidIdMalformed');
    const id = sb.store.addMessage('inbox', { subject: 'soon gone' }).id as string;
    sb.store.deleteMessage(id);
    const gone = await graph.get(`/me/messages/${enc(id)}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json<GraphErrorBody>().error.code, 'ErrorItemNotFound');
  });

  it('serves /users/{upn} the same mailbox as /me', async () => {
    const viaMe = await graph.ok('/me/mailFolders/inbox/messages?$top=3&$select=subject');
    const viaUpn = await graph.ok(`/users/${enc(sb.user.userPrincipalName)}/mailFolders/inbox/messages?$top=3&$select=subject`);
    assert.deepEqual(viaUpn.value.map((m) => m.id), viaMe.value.map((m) => m.id));
  });

  it('answers 404 ErrorInvalidUser for an unknown mailbox and MailboxNotEnabledForRESTAPI for an on-premises one', async () => {
    const unknown = await graph.get('/users/nobody%40contoso.onmicrosoft.com/messages');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json<GraphErrorBody>().error.code, 'ErrorInvalidUser');
    const onPrem = await graph.get('/users/pat.onprem%40contoso.onmicrosoft.com/messages');
    assert.equal(onPrem.status, 404);
    assert.equal(onPrem.json<GraphErrorBody>().error.code, 'MailboxNotEnabledForRESTAPI');
  });

  it('serves the profile of /me with $select', async () => {
    const me = await graph.ok<Record<string, unknown>>('/me?$select=displayName,mail');
    assert.equal(me.displayName, sb.user.displayName);
    assert.equal(me.mail, sb.user.mail);
    assert.equal(me.id, sb.user.id);
    assert.equal(me.jobTitle, undefined);
  });

  it('runs a request in-process with routing, auth, counters and status faults (for $batch items)', async () => {
    const inner = core(sb);
    const before = sb.counters().getMailFolder ?? 0;
    const ok = await inner.dispatch(inner.request({ method: 'GET', url: '/me/mailFolders/inbox', headers: { Authorization: `Bearer ${graph.token}` } }));
    assert.equal(ok.status, 200);
    assert.equal((ok.json as GraphItem).id, sb.store.folderId('inbox'));
    assert.equal(sb.counters().getMailFolder, before + 1);
    const noToken = await inner.dispatch(inner.request({ method: 'GET', url: 'me/mailFolders/inbox' }));
    assert.equal(noToken.status, 401);
    sb.faults.next({ route: 'getMailFolder', status: 429, retryAfter: '0.249' });
    const req = inner.request({ method: 'GET', url: '/me/mailFolders/inbox', headers: { Authorization: `Bearer ${graph.token}` } });
    const route = inner.routeOf(req);
    const throttled = await inner.dispatch(req, { fault: inner.faults.decide(route.name, route.faultClass) });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers?.['Retry-After'], '0.249');
  });

  it('refuses a body over 4 MB with 400 "The maximum request length supported is 4MB."', async () => {
    const big = { message: { subject: 'x', body: { contentType: 'text', content: 'a'.repeat(4 * 1024 * 1024) }, toRecipients: [{ emailAddress: { address: 'a@b.example' } }] } };
    const reply = await graph.post('/me/sendMail', big);
    assert.equal(reply.status, 400);
    assert.equal(reply.json<GraphErrorBody>().error.message, 'The maximum request length supported is 4MB.');
    assert.equal(sb.store.sentMail().length, 0);
  });
});

describe('sandbox tokens by request count and seeds', () => {
  it('expires an access token after tokenMaxRequests Graph requests', async () => {
    const sb = await startTestSandbox({ tokenMaxRequests: 2, demo: false });
    try {
      const graph = new Graph(sb);
      assert.equal((await graph.get('/me')).status, 200);
      assert.equal((await graph.get('/me')).status, 200);
      assert.equal((await graph.get('/me')).status, 401);
    } finally {
      await sb.stop();
    }
  });

  it('builds the same demo mailbox for the same seed and clock', async () => {
    const [a, b] = await Promise.all([startTestSandbox({ seed: 7 }), startTestSandbox({ seed: 7 })]);
    try {
      assert.deepEqual(a.store.messages(), b.store.messages());
      assert.deepEqual(a.store.contacts(), b.store.contacts());
      assert.ok(a.store.messageCount() >= 300);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('loads 100,000 bulk messages in seconds and pages them with nextLinks', async () => {
    const started = Date.now();
    const sb = await startTestSandbox({ demo: false, bulk: { folder: 'inbox', count: 100_000 } });
    try {
      assert.ok(Date.now() - started < 5000, `bulk load took ${Date.now() - started} ms`);
      assert.equal(sb.store.messageCount('inbox'), 100_000);
      const graph = new Graph(sb);
      const first = await graph.ok('/me/mailFolders/inbox/messages?$top=1000&$select=subject,lastModifiedDateTime&$orderby=lastModifiedDateTime asc&$filter=lastModifiedDateTime ge 2000-01-01T00:00:00Z');
      assert.equal(first.value.length, 1000);
      assert.match(String(first['@odata.nextLink']), /\$skip=1000$/);
      const second = await graph.ok(String(first['@odata.nextLink']));
      assert.equal(second.value.length, 1000);
      assert.notEqual(second.value[0].id, first.value[999].id);
    } finally {
      await sb.stop();
    }
  });
});
