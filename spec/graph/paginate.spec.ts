import assert from 'node:assert/strict';
import nock from 'nock';
import { ForeignUrlError } from '../../lib/graph/errors';
import { items, pages } from '../../lib/graph/paginate';
import { GRAPH, graph, recorder, testClient } from '../support/graph';

interface Item { id: string }

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/** Proves that no request left the process: interceptors stay unused and nock saw no unmatched request. */
async function assertNothingSent(scopes: nock.Scope[], run: () => Promise<unknown>): Promise<void> {
  const unmatched: string[] = [];
  const onNoMatch = (req: { path?: string }): void => { unmatched.push(String(req.path)); };
  nock.emitter.on('no match', onNoMatch);
  try {
    await run();
  } finally {
    nock.emitter.removeListener('no match', onNoMatch);
  }
  assert.deepEqual(unmatched, []);
  for (const scope of scopes) assert.equal(scope.isDone(), false, 'the trap interceptor was called');
  nock.cleanAll();
}

const NEXT_2 = `${GRAPH}/v1.0/me/mailFolders/inbox/messages?%24filter=lastModifiedDateTime+ge+2026-11-20T00%3a00%3a00Z&%24orderby=lastModifiedDateTime+asc&%24top=2&%24skip=2`;
const NEXT_3 = `${GRAPH}/v1.0/me/mailFolders/inbox/messages?%24filter=lastModifiedDateTime+ge+2026-11-20T00%3a00%3a00Z&%24orderby=lastModifiedDateTime+asc&%24top=2&%24skip=4`;

describe('graph/paginate', () => {
  it('follows nextLink verbatim without re-adding $filter, to the last page', async () => {
    const { client } = testClient();
    const rec = recorder();
    graph()
      .get('/v1.0/me/mailFolders/inbox/messages').query(true).reply(rec.reply(200, { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': NEXT_2 }))
      .get((uri) => uri.includes('skip=2')).reply(rec.reply(200, { value: [{ id: '3' }, { id: '4' }], '@odata.nextLink': NEXT_3 }))
      .get((uri) => uri.includes('skip=4')).reply(rec.reply(200, { value: [{ id: '5' }] }));

    const got = await collect(items<Item>(client, {
      path: '/me/mailFolders/inbox/messages',
      query: { $filter: 'lastModifiedDateTime ge 2026-11-20T00:00:00Z', $orderby: 'lastModifiedDateTime asc', $top: 2 },
    }));

    assert.deepEqual(got.map((i) => i.id), ['1', '2', '3', '4', '5']);
    assert.deepEqual(rec.seen.map((r) => r.uri), [
      '/v1.0/me/mailFolders/inbox/messages?$filter=lastModifiedDateTime%20ge%202026-11-20T00%3A00%3A00Z&$orderby=lastModifiedDateTime%20asc&$top=2',
      NEXT_2.slice(GRAPH.length),
      NEXT_3.slice(GRAPH.length),
    ]);
  });

  it('yields page numbers and the nextLink of each page, and returns the deltaLink on the last', async () => {
    const { client } = testClient();
    const next = `${GRAPH}/v1.0/me/mailFolders/inbox/messages/delta?$skiptoken=abc-_%3D%3D`;
    const delta = `${GRAPH}/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=xyz-_%3D%3D`;
    const first = { value: [{ id: '1' }], '@odata.nextLink': next };
    const last = { value: [], '@odata.deltaLink': delta };
    graph()
      .get('/v1.0/me/mailFolders/inbox/messages/delta').reply(200, first)
      .get('/v1.0/me/mailFolders/inbox/messages/delta?$skiptoken=abc-_%3D%3D').reply(200, last);
    const got = await collect(pages<Item>(client, { path: '/me/mailFolders/inbox/messages/delta' }));
    // `bytes` is the size of the page's JSON text, which bounds each of its items re-serialised.
    assert.deepEqual(got, [
      { items: [{ id: '1' }], nextLink: next, deltaLink: undefined, number: 1, bytes: JSON.stringify(first).length },
      { items: [], nextLink: undefined, deltaLink: delta, number: 2, bytes: JSON.stringify(last).length },
    ]);
  });

  it('continues past empty pages', async () => {
    const { client } = testClient();
    graph()
      .get('/v1.0/me/contacts').reply(200, { value: [], '@odata.nextLink': `${GRAPH}/v1.0/me/contacts?$skip=10` })
      .get('/v1.0/me/contacts?$skip=10').reply(200, { value: [], '@odata.nextLink': `${GRAPH}/v1.0/me/contacts?$skip=20` })
      .get('/v1.0/me/contacts?$skip=20').reply(200, { value: [{ id: 'c' }] });
    assert.deepEqual(await collect(items<Item>(client, { path: '/me/contacts' })), [{ id: 'c' }]);
  });

  it('treats a body without value as an empty last page', async () => {
    const { client } = testClient();
    graph().get('/v1.0/me/contacts').reply(204);
    assert.deepEqual(await collect(pages<Item>(client, { path: '/me/contacts' })), [{ items: [], nextLink: undefined, deltaLink: undefined, number: 1, bytes: undefined }]);
  });

  it('sends the extra headers (and the immutable-id preference) on every page', async () => {
    const { client } = testClient();
    const rec = recorder();
    graph()
      .get('/v1.0/me/messages/delta').reply(rec.reply(200, { value: [], '@odata.nextLink': `${GRAPH}/v1.0/me/messages/delta?$skiptoken=1` }))
      .get('/v1.0/me/messages/delta?$skiptoken=1').reply(rec.reply(200, { value: [], '@odata.deltaLink': `${GRAPH}/v1.0/me/messages/delta?$deltatoken=2` }));
    await collect(pages(client, { path: '/me/messages/delta', headers: { Prefer: 'odata.maxpagesize=50', 'X-Extra': 'yes' } }));
    assert.equal(rec.seen.length, 2);
    for (const r of rec.seen) {
      assert.equal(r.headers.prefer, 'IdType="ImmutableId", odata.maxpagesize=50');
      assert.equal(r.headers['x-extra'], 'yes');
    }
  });

  it('stops fetching when the caller stops iterating', async () => {
    const { client } = testClient();
    graph().get('/v1.0/me/messages').reply(200, { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': `${GRAPH}/v1.0/me/messages?$skip=2` });
    for await (const item of items<Item>(client, { path: '/me/messages' })) {
      if (item.id === '1') break;
    }
  });

  it('resumes from a stored deltaLink given as url', async () => {
    const { client } = testClient();
    graph().get('/v1.0/me/messages/delta?$deltatoken=stored').reply(200, { value: [{ id: 'x' }], '@odata.deltaLink': `${GRAPH}/v1.0/me/messages/delta?$deltatoken=next` });
    const got = await collect(pages<Item>(client, { url: `${GRAPH}/v1.0/me/messages/delta?$deltatoken=stored` }));
    assert.equal(got[0].deltaLink, `${GRAPH}/v1.0/me/messages/delta?$deltatoken=next`);
  });

  describe('refuses links outside the configured Graph host before sending anything', () => {
    const foreign: Array<[string, string]> = [
      ['another host', 'https://graph.evil.test/v1.0/me/messages?$skip=10'],
      ['a look-alike host', 'https://graph.microsoft.com.evil.test/v1.0/me/messages?$skip=10'],
      ['another scheme', 'http://graph.microsoft.com/v1.0/me/messages?$skip=10'],
      ['another port', 'https://graph.microsoft.com:8443/v1.0/me/messages?$skip=10'],
      ['outside /v1.0 (beta)', 'https://graph.microsoft.com/beta/me/messages?$skip=10'],
      ['outside /v1.0 via dot segments', 'https://graph.microsoft.com/v1.0/../beta/me/messages'],
      ['user information', 'https://attacker@graph.microsoft.com/v1.0/me/messages?$skip=10'],
      ['not a URL', 'v1.0/me/messages?$skip=10'],
    ];
    for (const [what, link] of foreign) {
      it(`nextLink on ${what}`, async () => {
        const { client } = testClient();
        graph().get('/v1.0/me/messages').reply(200, { value: [{ id: '1' }], '@odata.nextLink': link });
        const traps = [nock(/.*/).get(/.*/).reply(200, { value: [] })];
        const seen: Item[] = [];
        await assertNothingSent(traps, () => assert.rejects(async () => {
          for await (const item of items<Item>(client, { path: '/me/messages' })) seen.push(item);
        }, ForeignUrlError));
        assert.deepEqual(seen, [{ id: '1' }]);
      });

      it(`stored deltaLink on ${what}`, async () => {
        const { client } = testClient();
        const traps = [nock(/.*/).get(/.*/).reply(200, { value: [] })];
        await assertNothingSent(traps, () => assert.rejects(collect(pages(client, { url: link })), ForeignUrlError));
      });
    }
  });
});
