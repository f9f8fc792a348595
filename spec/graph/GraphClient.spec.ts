import assert from 'node:assert/strict';
import nock from 'nock';
import type { Readable } from 'node:stream';
import { ForeignUrlError, GraphError, SyncStateLostError } from '../../lib/graph/errors';
import { ACCESS_TOKEN, GRAPH, graph, recorder, testClient } from '../support/graph';

const UPLOAD = 'https://outlook.office.com/api/v2.0/Users(\'u\')/Messages(\'m\')/AttachmentSessions(\'s\')?authtoken=abc';

describe('GraphClient', () => {
  describe('headers', () => {
    it('sends the bearer token, Accept, a client-request-id and Prefer: IdType="ImmutableId"', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me').reply(rec.reply(200, {}));
      await client.get('/me');
      const h = rec.seen[0].headers;
      assert.equal(h.authorization, `Bearer ${ACCESS_TOKEN}`);
      assert.equal(h.accept, 'application/json');
      assert.equal(h.prefer, 'IdType="ImmutableId"');
      assert.match(h['client-request-id'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('uses a new client-request-id per call', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me').times(2).reply(rec.reply(200, {}));
      await client.get('/me');
      await client.get('/me');
      assert.notEqual(rec.seen[0].headers['client-request-id'], rec.seen[1].headers['client-request-id']);
    });

    const prefers: Array<[string, Record<string, string>, string]> = [
      ['merges another Prefer value', { Prefer: 'outlook.body-content-type="text"' }, 'IdType="ImmutableId", outlook.body-content-type="text"'],
      ['merges a lower-case prefer header', { prefer: 'odata.maxpagesize=10' }, 'IdType="ImmutableId", odata.maxpagesize=10'],
      ['keeps an explicit IdType instead of adding a second one', { Prefer: 'IdType="RestId"' }, 'IdType="RestId"'],
    ];
    for (const [what, headers, expected] of prefers) {
      it(`${what}`, async () => {
        const { client } = testClient();
        const rec = recorder();
        graph().get('/v1.0/me').reply(rec.reply(200, {}));
        await client.request({ path: '/me', headers });
        assert.equal(rec.seen[0].headers.prefer, expected);
      });
    }

    it('labels a body-less POST as JSON, not as the form axios would send (Graph can answer 415)', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().post('/v1.0/me/messages/m/send').reply(rec.reply(202, ''));
      await client.request({ method: 'POST', path: '/me/messages/m/send' });
      assert.equal(rec.seen[0].headers['content-type'], 'application/json');
      assert.equal(rec.seen[0].body, '');
    });

    it('sends no Content-Type on a GET', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me').reply(rec.reply(200, {}));
      await client.get('/me');
      assert.equal(rec.seen[0].headers['content-type'], undefined);
    });

    it('asks for identity encoding on byte downloads, so Content-Length counts the bytes that arrive', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me/messages/m/attachments/a/$value').reply(rec.reply(200, 'bytes'));
      const res = await client.request<Readable>({ path: '/me/messages/m/attachments/a/$value', responseType: 'stream' });
      res.data.resume();
      assert.equal(rec.seen[0].headers['accept-encoding'], 'identity');
    });

    it('ignores a caller-supplied Authorization header', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me').matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, {});
      await client.request({ path: '/me', headers: { authorization: 'Bearer stolen' } });
    });

    it('lets a caller replace Accept whatever its case', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me/messages/m/$value').reply(rec.reply(200, 'MIME'));
      await client.request({ path: '/me/messages/m/$value', headers: { accept: 'text/plain' }, responseType: 'text' });
      assert.equal(rec.seen[0].headers.accept, 'text/plain');
    });

    it('sends JSON bodies as application/json and raw bodies as octet-stream unless told otherwise', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().post('/v1.0/me/messages').reply(rec.reply(201, {})).post('/v1.0/me/sendMail').reply(rec.reply(202))
        .post('/v1.0/me/sendMail').reply(rec.reply(202));
      await client.request({ method: 'POST', path: '/me/messages', body: { subject: 'é' } });
      await client.request({ method: 'POST', path: '/me/sendMail', body: Buffer.from('x') });
      await client.request({ method: 'POST', path: '/me/sendMail', body: 'TUlNRQ==', headers: { 'Content-Type': 'text/plain' } });
      assert.deepEqual(rec.seen.map((r) => [r.headers['content-type'], r.body]), [
        ['application/json', '{"subject":"é"}'], ['application/octet-stream', 'x'], ['text/plain', 'TUlNRQ=='],
      ]);
    });
  });

  describe('anonymous requests and foreign hosts', () => {
    it('sends no Authorization (and no immutable-id preference) on anonymous requests to an upload URL', async () => {
      const { client } = testClient();
      const rec = recorder();
      nock('https://outlook.office.com').put(/AttachmentSessions/).reply(rec.reply(200, { nextExpectedRanges: ['4-'] }));
      const res = await client.request({ method: 'PUT', url: UPLOAD, body: Buffer.from('abcd'), anonymous: true, headers: { 'Content-Range': 'bytes 0-3/8' } });
      assert.deepEqual(res.data, { nextExpectedRanges: ['4-'] });
      assert.equal(rec.seen[0].headers.authorization, undefined);
      assert.equal(rec.seen[0].headers.prefer, undefined);
      assert.equal(rec.seen[0].headers['content-range'], 'bytes 0-3/8');
    });

    it('refuses an anonymous plain-http URL on a foreign host', () => {
      const { client } = testClient();
      assert.throws(() => client.resolve({ url: 'http://upload.example.test/x', anonymous: true }), ForeignUrlError);
    });

    it('refuses a foreign URL that is not anonymous, naming neither token nor query', async () => {
      const { client } = testClient();
      await assert.rejects(client.request({ url: 'https://evil.test/v1.0/me?token=secret-query' }),
        (err: unknown) => err instanceof ForeignUrlError && !err.message.includes('secret-query') && !err.message.includes(ACCESS_TOKEN));
    });

    it('does not follow a redirect (the bearer token would follow it)', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me').reply(302, '', { Location: 'https://evil.test/steal' });
      await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.status === 302);
    });

    it('talks to a configured sandbox origin, and refuses the real Graph host then', async () => {
      const { client } = testClient({ baseUrl: 'http://127.0.0.1:9/' });
      assert.equal(client.resolve({ path: '/me' }).toString(), 'http://127.0.0.1:9/v1.0/me');
      assert.throws(() => client.resolve({ url: `${GRAPH}/v1.0/me` }), ForeignUrlError);
    });

    it('refuses a base URL that is not http(s)', () => {
      assert.throws(() => testClient({ baseUrl: 'ftp://graph.microsoft.com' }), /must be an http\(s\) URL/);
    });
  });

  describe('paths and queries', () => {
    const bad = ['me', '//evil.test/v1.0/me', ''];
    for (const path of bad) {
      it(`rejects the path ${JSON.stringify(path)}`, () => {
        const { client } = testClient();
        assert.throws(() => client.resolve({ path }), /must start with a single "\/"/);
      });
    }

    it('encodes query values so that quotes, ampersands, hashes and plus signs stay inside the value', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me/messages').query(true).reply(rec.reply(200, { value: [] }));
      await client.get('/me/messages', { $filter: "subject eq 'a&b=c#d+e'", $top: 5, $count: true, skipped: undefined });
      assert.equal(rec.seen[0].uri, '/v1.0/me/messages?$filter=subject%20eq%20%27a%26b%3Dc%23d%2Be%27&$top=5&$count=true');
    });
  });

  describe('errors', () => {
    it('builds a GraphError from the envelope: status, code, message, ids, date, Retry-After', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me/messages/x').reply(404, {
        error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.',
          innerError: { date: '2026-11-23T12:00:00', 'request-id': 'inner-req', 'client-request-id': 'inner-client' } },
      }, { 'request-id': 'hdr-req', 'client-request-id': 'hdr-client', 'Retry-After': '3' });
      await assert.rejects(client.get('/me/messages/x'), (err: unknown) => {
        assert.ok(err instanceof GraphError);
        assert.equal(err.status, 404);
        assert.equal(err.code, 'ErrorItemNotFound');
        assert.equal(err.graphMessage, 'The specified object was not found in the store.');
        assert.equal(err.requestId, 'hdr-req');
        assert.equal(err.clientRequestId, 'hdr-client');
        assert.equal(err.date, '2026-11-23T12:00:00');
        assert.equal(err.retryAfterMs, 3000);
        assert.equal(err.method, 'GET');
        assert.equal(err.path, '/v1.0/me/messages/x');
        assert.match(err.message, /404 ErrorItemNotFound .*not found in the store.*\[request-id hdr-req\]/);
        return true;
      });
    });

    it('takes request-id and client-request-id from innerError when the headers lack them', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me').reply(400, { error: { code: 'BadRequest', message: 'bad', innererror: { 'request-id': 'r1', 'client-request-id': 'c1' } } });
      await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.requestId === 'r1' && err.clientRequestId === 'c1');
    });

    const bodies: Array<[string, string | undefined, string, RegExp]> = [
      ['an HTML page', '<html><body>Bad Gateway</body></html>', 'HTTP400', /non-JSON error body \(37 bytes\)/],
      ['an empty body', undefined, 'HTTP400', /no error body/],
      ['JSON without envelope', '{"message":"x"}', 'HTTP400', /non-JSON error body/],
      ['an envelope without code', '{"error":{"message":"m"}}', 'HTTP400', /: m$/],
    ];
    for (const [what, body, code, message] of bodies) {
      it(`copes with ${what}`, async () => {
        const { client } = testClient();
        graph().get('/v1.0/me').reply(400, body ?? '');
        await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.code === code && message.test(err.message)
          && !err.message.includes('<html>'));
      });
    }

    it('turns 410 SyncStateNotFound into SyncStateLostError', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=old').reply(410, {
        error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found; generation=149;[highest=157][157][155][156].' },
      });
      await assert.rejects(client.request({ url: `${GRAPH}/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=old` }),
        (err: unknown) => err instanceof SyncStateLostError && err.code === 'SyncStateNotFound' && !err.message.includes('deltatoken'));
    });

    it('turns a 400 ResyncRequired into SyncStateLostError too', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me/contacts/delta').reply(400, { error: { code: 'ResyncRequired', message: 'resync' } });
      await assert.rejects(client.get('/me/contacts/delta'), (err: unknown) => err instanceof SyncStateLostError && err.code === 'ResyncRequired');
    });

    it('fails a 2xx whose body is not JSON with InvalidResponse', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me').reply(200, '<html/>', { 'request-id': 'r9' });
      await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.code === 'InvalidResponse' && err.requestId === 'r9');
    });
  });

  describe('responses', () => {
    it('returns status, lower-cased headers and parsed JSON', async () => {
      const { client } = testClient();
      graph().post('/v1.0/me/messages/m/move').reply(201, { id: 'new' }, { 'Preference-Applied': 'IdType="ImmutableId"' });
      const res = await client.request<{ id: string }>({ method: 'POST', path: '/me/messages/m/move', body: { destinationId: 'archive' } });
      assert.equal(res.status, 201);
      assert.equal(res.headers['preference-applied'], 'IdType="ImmutableId"');
      assert.deepEqual(res.data, { id: 'new' });
    });

    it('returns undefined data for an empty 202', async () => {
      const { client } = testClient();
      graph().post('/v1.0/me/sendMail').reply(202);
      assert.equal((await client.request({ method: 'POST', path: '/me/sendMail', body: {} })).data, undefined);
    });

    it('returns a readable stream for responseType stream, and counts bytes of text responses', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me/messages/m/attachments/a/$value').reply(200, Buffer.from('binary-content'));
      const res = await client.request<Readable>({ path: '/me/messages/m/attachments/a/$value', responseType: 'stream' });
      const chunks: Buffer[] = [];
      for await (const chunk of res.data) chunks.push(Buffer.from(chunk as Buffer));
      assert.equal(Buffer.concat(chunks).toString(), 'binary-content');
      graph().get('/v1.0/me').reply(200, '{"a":1}');
      await client.get('/me');
      assert.equal(client.stats.bytesReceived, 7);
    });

    it('reads the error envelope of a failed streamed request', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me/messages/m/$value').reply(404, { error: { code: 'ErrorItemNotFound', message: 'gone' } });
      await assert.rejects(client.request({ path: '/me/messages/m/$value', responseType: 'stream' }),
        (err: unknown) => err instanceof GraphError && err.code === 'ErrorItemNotFound');
    });
  });
});
