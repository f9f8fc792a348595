import assert from 'node:assert/strict';
import nock from 'nock';
import * as getMessages from '../../../lib/functions/mail/getMessages';
import { ThrottledError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { OutlookError } from '../../../lib/outlook/errors';
import { MESSAGE_FIELDS } from '../../../lib/outlook/mail/messages';
import { recordingContext } from '../../support/context';
import { assertNothingSent, CFG, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

type Query = Record<string, string | string[]>;

function message(n: number): Record<string, unknown> {
  return { id: `AAMkAD-msg-${n}_x==`, subject: `Subject ${n}`, receivedDateTime: `2026-11-2${n % 10}T08:00:00Z` };
}

describe('getMessages action', () => {
  useNockEnvironment();

  it('filters by sender, subject, dates, unread and attachments, and emits each message', async () => {
    const queries: Query[] = [];
    nock(GRAPH).get('/v1.0/me/mailFolders/inbox/messages')
      .query((q) => { queries.push({ ...q } as Query); return true; })
      .reply(200, { value: [message(1), message(2)] });
    const { data } = await run(getMessages, {
      from: 'boss@contoso.com', subjectContains: "let's talk", receivedAfter: '2026-11-01', receivedBefore: '2026-11-20T10:00:00+01:00',
      unreadOnly: true, hasAttachments: 'true', folder: 'Inbox',
    });
    assert.deepEqual(queries[0], {
      $select: MESSAGE_FIELDS.join(','),
      $top: '100',
      $filter: 'receivedDateTime ge 2026-11-01T00:00:00Z and receivedDateTime lt 2026-11-20T09:00:00Z'
        + " and from/emailAddress/address eq 'boss@contoso.com' and contains(subject,'let''s talk') and isRead eq false and hasAttachments eq true",
    });
    assert.deepEqual(data, [message(1), message(2)]);
  });

  it('follows nextLink verbatim without re-adding $filter and stops at maxResults', async () => {
    const next = `${GRAPH}/v1.0/me/messages?%24select=id&%24top=3&%24skip=3&%24filter=isRead+eq+false`;
    nock(GRAPH)
      .get('/v1.0/me/messages').query(true).reply(200, { value: [message(1), message(2), message(3)], '@odata.nextLink': next })
      .get('/v1.0/me/messages').query((q) => q.$skip === '3' && q.$select === 'id' && q.$filter === 'isRead eq false')
      .reply(200, { value: [message(4), message(5), message(6)], '@odata.nextLink': `${next}&page=3` });
    const { data, ctx } = await run(getMessages, { unreadOnly: true, maxResults: 5 });
    assert.deepEqual(data, [1, 2, 3, 4, 5].map(message));
    assert.match(ctx.logText(), /5 messages in 2 pages/);
  });

  it('emits all messages in one message with emitAll', async () => {
    nock(GRAPH).get('/v1.0/me/messages').query(true).reply(200, { value: [message(1), message(2)] });
    const { data } = await run(getMessages, {}, { emitBehavior: 'emitAll' });
    assert.deepEqual(data, [{ messages: [message(1), message(2)], count: 2 }]);
  });

  it('emits an empty list with emitAll when nothing matches, and nothing with emitIndividually', async () => {
    nock(GRAPH).get('/v1.0/me/messages').query(true).reply(200, { value: [] });
    assert.deepEqual((await run(getMessages, {}, { emitBehavior: 'emitAll' })).data, [{ messages: [], count: 0 }]);
    nock(GRAPH).get('/v1.0/me/messages').query(true).reply(200, { value: [] });
    assert.deepEqual((await run(getMessages, {})).data, []);
  });

  it('searches with a quoted $search term and no $filter', async () => {
    const queries: Query[] = [];
    nock(GRAPH).get('/v1.0/users/shared%40contoso.com/messages')
      .query((q) => { queries.push({ ...q } as Query); return true; })
      .reply(200, { value: [message(1)] });
    await run(getMessages, { search: 'subject:"status report" & more', mailbox: 'shared@contoso.com', maxResults: 10 });
    assert.deepEqual(queries[0], { $select: MESSAGE_FIELDS.join(','), $top: '10', $search: '"subject:\\"status report\\" & more"' });
  });

  it('selects bodies in the requested format with smaller pages', async () => {
    nock(GRAPH, { reqheaders: { prefer: /outlook\.body-content-type="text"/ } })
      .get('/v1.0/me/messages').query((q) => q.$top === '50' && String(q.$select).endsWith(',body'))
      .reply(200, { value: [] });
    await run(getMessages, { maxResults: 500 }, { includeBody: 'on', bodyType: 'text' });
  });

  it('rejects a search combined with filters, naming both, before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(getMessages, { search: 'invoice', from: 'a@contoso.com', unreadOnly: true });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Search (search), From (from), Unread Only (unreadOnly)');
    assertNothingSent(trap);
  });

  for (const [what, body, field] of [
    ['an invalid sender address', { from: 'not an address' }, 'From (from)'],
    ['an impossible date', { receivedAfter: '2026-02-30' }, 'Received At or After (receivedAfter)'],
    ['a maximum above 10000', { maxResults: 20000 }, 'Maximum Messages (maxResults)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(getMessages, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('says which folder was not found', async () => {
    const folder = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e=';
    nock(GRAPH).get(`/v1.0/me/mailFolders/${encodeURIComponent(folder)}/messages`).query(true)
      .reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-9'));
    const { error } = await runFailing(getMessages, {}, { folderId: folder });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Mail folder "AAMkAG.*" not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-9\)/);
  });

  it('hands the message back to the platform (rebound) when throttling outlasts what the execution may wait', async () => {
    nock(GRAPH).get('/v1.0/me/messages').query(true)
      .reply(429, graphErrorBody('TooManyRequests', 'Please retry again later.'), { 'Retry-After': '3600' });
    const { ctx, data } = await run(getMessages, {});
    assert.deepEqual(data, []);
    const rebound = ctx.emittedOf('rebound');
    assert.equal(rebound.length, 1);
    assert.ok(rebound[0] instanceof ThrottledError && rebound[0].status === 429 && rebound[0].retryAfterMs === 3_600_000);
    assert.match(ctx.logText(), /rebound/);
  });

  it('fails instead of rebounding once it has emitted data, since a rebound would emit that data twice', async () => {
    const page = { value: [{ id: 'm1', subject: 'one' }], '@odata.nextLink': `${GRAPH}/v1.0/me/messages?$skip=1` };
    nock(GRAPH).get('/v1.0/me/messages').query((q) => q.$skip === undefined).reply(200, page)
      .get('/v1.0/me/messages').query({ $skip: '1' })
      .reply(429, graphErrorBody('TooManyRequests', 'Please retry again later.'), { 'Retry-After': '3600' });
    const ctx = recordingContext();
    await assert.rejects(getMessages.process.call(ctx, { id: 'in-1', body: { maxResults: 5 }, headers: {}, attachments: {} }, CFG),
      (err: unknown) => err instanceof ThrottledError);
    assert.equal(ctx.emittedOf('data').length, 1);
    assert.deepEqual(ctx.emittedOf('rebound'), []);
  });
  it('filters by flag, categories, conversation and a custom filter, in one $filter', async () => {
    const queries: Query[] = [];
    nock(GRAPH).get('/v1.0/me/messages').query((q) => { queries.push({ ...q } as Query); return true; }).reply(200, { value: [] });
    await run(getMessages, {
      flagged: true, categories: "Red, Client's", conversationId: 'AAQkAD=', filter: "isDraft eq false and  contains(subject,'Q3')",
    });
    assert.equal(queries[0].$filter, "flag/flagStatus eq 'flagged' and (categories/any(c:c eq 'Red') or categories/any(c:c eq 'Client''s'))"
      + " and conversationId eq 'AAQkAD=' and (isDraft eq false and contains(subject,'Q3'))");
  });

  it('orders by a date, with that property leading the $filter as Graph\'s InefficientFilter rule demands', async () => {
    const queries: Query[] = [];
    nock(GRAPH).get('/v1.0/me/messages').query((q) => { queries.push({ ...q } as Query); return true; }).reply(200, { value: [] })
      .get('/v1.0/me/messages').query((q) => { queries.push({ ...q } as Query); return true; }).reply(200, { value: [] })
      .get('/v1.0/me/messages').query((q) => { queries.push({ ...q } as Query); return true; }).reply(200, { value: [] });
    await run(getMessages, { importance: 'high', orderBy: 'sentDateTime asc' });
    await run(getMessages, { receivedAfter: '2026-11-01T00:00:00Z', orderBy: 'receivedDateTime desc' });
    await run(getMessages, {}, { orderBy: 'lastModifiedDateTime desc' });
    assert.deepEqual(queries.map((q) => [q.$orderby, q.$filter]), [
      ['sentDateTime asc', "sentDateTime ge 1900-01-01T00:00:00Z and importance eq 'high'"],
      ['receivedDateTime desc', 'receivedDateTime ge 2026-11-01T00:00:00Z'],
      ['lastModifiedDateTime desc', undefined],
    ]);
  });

  it('searches To and Cc with KQL, together with a search text', async () => {
    const queries: Query[] = [];
    nock(GRAPH).get('/v1.0/me/messages').query((q) => { queries.push({ ...q } as Query); return true; }).reply(200, { value: [] });
    await run(getMessages, { to: 'ops@contoso.com', cc: 'Boss@Contoso.com', search: 'invoice OR receipt' });
    assert.equal(queries[0].$search, '"to:ops@contoso.com AND cc:Boss@Contoso.com AND (invoice OR receipt)"');
    assert.equal(queries[0].$filter, undefined);
  });

  for (const [what, body, field] of [
    ['To combined with a filter', { to: 'ops@contoso.com', flagged: false }, 'To (to), Flagged (flagged)'],
    ['a search combined with an order', { search: 'invoice', orderBy: 'sentDateTime desc' }, 'Search (search), Order (orderBy)'],
    ['a custom filter that smuggles a query option', { filter: "isRead eq false&$top=999" }, 'OData Filter (filter)'],
    ['a custom filter on recipients (Graph refuses it)', { filter: "toRecipients/any(r:r/emailAddress/address eq 'a@b.co')" }, 'OData Filter (filter)'],
    ['an order Graph cannot lead a filter with', { orderBy: 'subject asc' }, 'Order (orderBy)'],
    ['an invalid To address', { to: 'ops at contoso' }, 'To (to)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(getMessages, { ...body });
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
