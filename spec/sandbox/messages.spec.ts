import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, GraphPage, T0, enc, q, startTestSandbox } from './helpers';

describe('sandbox messages', () => {
  let sb: Sandbox;
  let graph: Graph;

  before(async () => {
    sb = await startTestSandbox();
    graph = new Graph(sb);
  });
  afterEach(() => sb.clock.set(T0));
  after(() => sb.stop());

  describe('timestamps and versions', () => {
    it('stamps message timestamps to the whole second of the clock', async () => {
      sb.clock.set(T0 + 1234);
      const created = sb.store.addMessage('inbox', { subject: 'stamped' });
      const got = await graph.ok<GraphItem>(`/me/messages/${enc(created.id as string)}`);
      assert.equal(got.lastModifiedDateTime, '2026-11-23T09:00:01Z');
      assert.equal(got.createdDateTime, '2026-11-23T09:00:01Z');
      assert.equal(got.receivedDateTime, '2026-11-23T09:00:01Z');
    });

    it('gives same-second edits the same lastModifiedDateTime and distinct changeKeys and etags', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'edited twice' });
      const path = `/me/messages/${enc(created.id as string)}`;
      const first = (await graph.patch(path, { isRead: true })).json<GraphItem>();
      sb.clock.advance(400);
      const second = (await graph.patch(path, { categories: ['Red category'] })).json<GraphItem>();
      assert.equal(first.lastModifiedDateTime, second.lastModifiedDateTime);
      assert.notEqual(first.changeKey, second.changeKey);
      assert.notEqual(first['@odata.etag'], second['@odata.etag']);
      assert.equal(second['@odata.etag'], `W/"${String(second.changeKey)}"`);
    });

    it('moves lastModifiedDateTime forward on a PATCH in a later second', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'later edit' });
      sb.clock.advance(3000);
      const patched = (await graph.patch(`/me/messages/${enc(created.id as string)}`, { flag: { flagStatus: 'flagged' } })).json<GraphItem>();
      assert.equal(patched.lastModifiedDateTime, '2026-11-23T09:00:03Z');
      assert.deepEqual(patched.flag, { flagStatus: 'flagged' });
    });

    it('refuses an unknown property in a PATCH with 400 RequestBodyRead', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'typo' });
      const reply = await graph.patch(`/me/messages/${enc(created.id as string)}`, { isReed: true });
      assert.equal(reply.status, 400);
      assert.equal(reply.json<GraphErrorBody>().error.code, 'RequestBodyRead');
    });

    it('refuses a non-boolean isRead with 400', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'bad type' });
      const reply = await graph.patch(`/me/messages/${enc(created.id as string)}`, { isRead: 'false' });
      assert.equal(reply.status, 400);
    });

    it('deletes a message with 204', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'to delete' });
      assert.equal((await graph.delete(`/me/messages/${enc(created.id as string)}`)).status, 204);
      assert.equal(sb.store.message(created.id as string), undefined);
    });
  });

  describe('paging', () => {
    it('returns 10 messages per page by default, newest received first', async () => {
      const page = await graph.ok('/me/mailFolders/inbox/messages');
      assert.equal(page.value.length, 10);
      const received = page.value.map((m) => String(m.receivedDateTime));
      assert.deepEqual(received, [...received].sort().reverse());
    });

    it('answers $top above 1000 or below 1 with 400', async () => {
      assert.equal((await graph.get('/me/messages?$top=1001')).status, 400);
      assert.equal((await graph.get('/me/messages?$top=0')).status, 400);
      assert.equal((await graph.get('/me/messages?$top=1000')).status, 200);
    });

    it('writes an absolute nextLink on the sandbox host that keeps every query option and adds $skip', async () => {
      const filter = q("lastModifiedDateTime ge 2026-11-10T00:00:00Z and isRead eq false");
      const page = await graph.ok(`/me/mailFolders/inbox/messages?$filter=${filter}&$orderby=lastModifiedDateTime&$top=5&$select=subject`);
      const next = String(page['@odata.nextLink']);
      assert.ok(next.startsWith(`${sb.url}/v1.0/me/mailFolders/inbox/messages?`));
      const url = new URL(next);
      assert.equal(url.searchParams.get('$filter'), 'lastModifiedDateTime ge 2026-11-10T00:00:00Z and isRead eq false');
      assert.equal(url.searchParams.get('$orderby'), 'lastModifiedDateTime');
      assert.equal(url.searchParams.get('$top'), '5');
      assert.equal(url.searchParams.get('$select'), 'subject');
      assert.equal(url.searchParams.get('$skip'), '5');
    });

    it('pages a whole folder through nextLinks without losses or duplicates', async () => {
      const { items, pages } = await graph.all('/me/mailFolders/inbox/messages?$top=37&$select=id');
      const ids = items.map((m) => m.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(ids.length, sb.store.messageCount('inbox'));
      assert.equal(pages, Math.ceil(ids.length / 37));
    });

    it('returns @odata.count with $count=true', async () => {
      const page = await graph.ok('/me/mailFolders/drafts/messages?$count=true');
      assert.equal(page['@odata.count'], sb.store.messageCount('drafts'));
    });
  });

  describe('$select', () => {
    it('returns only the selected properties plus id and @odata.etag', async () => {
      const page = await graph.ok('/me/messages?$top=1&$select=subject,isRead');
      assert.deepEqual(Object.keys(page.value[0]).sort(), ['@odata.etag', 'id', 'isRead', 'subject']);
    });

    it('refuses an unknown $select property with 400', async () => {
      const reply = await graph.get('/me/messages?$select=subject,nope');
      assert.equal(reply.status, 400);
      assert.match(reply.json<GraphErrorBody>().error.message, /nope/);
    });

    it('returns internetMessageHeaders only when selected', async () => {
      const plain = await graph.ok('/me/mailFolders/inbox/messages?$top=1');
      assert.equal(plain.value[0].internetMessageHeaders, undefined);
      const selected = await graph.ok('/me/mailFolders/inbox/messages?$top=1&$select=internetMessageHeaders');
      assert.ok(Array.isArray(selected.value[0].internetMessageHeaders));
    });
  });

  describe('$filter', () => {
    it('reads a doubled quote inside a string literal as one quote', async () => {
      sb.store.addMessage('archive', { subject: "Let's meet O'Brien" });
      const page = await graph.ok(`/me/mailFolders/archive/messages?$filter=${q("subject eq 'Let''s meet O''Brien'")}`);
      assert.equal(page.value.length, 1);
      assert.equal(page.value[0].subject, "Let's meet O'Brien");
    });

    it('compares string equality case-insensitively like Exchange', async () => {
      sb.store.addMessage('archive', { subject: 'Mixed Case Subject' });
      const page = await graph.ok(`/me/mailFolders/archive/messages?$filter=${q("subject eq 'mixed case subject'")}`);
      assert.equal(page.value.length, 1);
    });

    it('compares a datetime without fraction at whole seconds and one with a fraction at that precision', async () => {
      const folder = sb.store.createFolder(null, 'Precision').id as string;
      sb.clock.set(T0 + 10_000);
      sb.store.addMessage(folder, { subject: 'at 09:00:10' });
      const count = async (filter: string) => (await graph.ok(`/me/mailFolders/${enc(folder)}/messages?$filter=${q(filter)}`)).value.length;
      assert.equal(await count('lastModifiedDateTime ge 2026-11-23T09:00:10Z'), 1);
      assert.equal(await count('lastModifiedDateTime gt 2026-11-23T09:00:10Z'), 0);
      assert.equal(await count('lastModifiedDateTime gt 2026-11-23T09:00:09.999Z'), 1);
      assert.equal(await count('lastModifiedDateTime ge 2026-11-23T09:00:10.001Z'), 0);
      assert.equal(await count('lastModifiedDateTime le 2026-11-23T10:00:10+01:00'), 1);
    });

    it('refuses a quoted datetime with 400 incompatible types', async () => {
      const reply = await graph.get(`/me/messages?$filter=${q("lastModifiedDateTime ge '2026-11-23T09:00:00Z'")}`);
      assert.equal(reply.status, 400);
      assert.match(reply.json<GraphErrorBody>().error.message, /incompatible types/);
    });

    it('combines and, or, not, parentheses, booleans, null and nested property paths', async () => {
      const folder = sb.store.createFolder(null, 'Logic').id as string;
      sb.store.addMessage(folder, { subject: 'a', isRead: true, from: { emailAddress: { address: 'x@fabrikam.example' } } });
      sb.store.addMessage(folder, { subject: 'b', isRead: false, from: { emailAddress: { address: 'y@fabrikam.example' } } });
      sb.store.addMessage(folder, { subject: 'c', isRead: false, importance: 'high' });
      const subjects = async (filter: string) => (await graph.ok(`/me/mailFolders/${enc(folder)}/messages?$filter=${q(filter)}`))
        .value.map((m) => m.subject).sort();
      assert.deepEqual(await subjects("from/emailAddress/address eq 'y@fabrikam.example'"), ['b']);
      assert.deepEqual(await subjects("isRead eq false and (importance eq 'high' or from/emailAddress/address eq 'x@fabrikam.example')"), ['c']);
      assert.deepEqual(await subjects('not (isRead eq true)'), ['b', 'c']);
      assert.deepEqual(await subjects('from eq null'), ['c']);
      assert.deepEqual(await subjects("startswith(from/emailAddress/address, 'x@')"), ['a']);
    });

    it('matches categories with an any() lambda', async () => {
      const folder = sb.store.createFolder(null, 'Lambda').id as string;
      sb.store.addMessage(folder, { subject: 'tagged', categories: ['Blue category'] });
      sb.store.addMessage(folder, { subject: 'plain' });
      const page = await graph.ok(`/me/mailFolders/${enc(folder)}/messages?$filter=${q("categories/any(c:c eq 'Blue category')")}`);
      assert.deepEqual(page.value.map((m) => m.subject), ['tagged']);
    });

    it('refuses unsupported or broken filter syntax with 400 and a clear message', async () => {
      for (const filter of ["subject has 'x'", "subject eq 'unterminated", 'isRead eq', "tolower(subject) eq 'x'", "nosuchproperty eq 'x'"]) {
        const reply = await graph.get(`/me/messages?$filter=${q(filter)}`);
        assert.equal(reply.status, 400, filter);
        assert.ok(reply.json<GraphErrorBody>().error.message.length > 10, filter);
      }
    });
  });

  describe('$orderby and InefficientFilter', () => {
    it('answers 400 InefficientFilter when $orderby is not the first $filter property', async () => {
      const reply = await graph.get(`/me/messages?$filter=${q('isRead eq false and lastModifiedDateTime ge 2026-11-01T00:00:00Z')}&$orderby=lastModifiedDateTime asc`);
      assert.equal(reply.status, 400);
      const { error } = reply.json<GraphErrorBody>();
      assert.equal(error.code, 'InefficientFilter');
      assert.equal(error.message, 'The restriction or sort order is too complex for this operation.');
    });

    it('answers 400 InefficientFilter when an $orderby property is missing from $filter', async () => {
      const reply = await graph.get(`/me/messages?$filter=${q('isRead eq false')}&$orderby=receivedDateTime desc`);
      assert.equal(reply.json<GraphErrorBody>().error.code, 'InefficientFilter');
    });

    it('accepts $orderby on the leading $filter property and sorts by it', async () => {
      const page = await graph.ok(`/me/mailFolders/inbox/messages?$filter=${q('lastModifiedDateTime ge 2026-11-01T00:00:00Z and isRead eq false')}&$orderby=lastModifiedDateTime asc&$top=50`);
      const times = page.value.map((m) => String(m.lastModifiedDateTime));
      assert.deepEqual(times, [...times].sort());
      assert.ok(page.value.every((m) => m.isRead === false));
    });

    it('sorts by several keys, each ascending or descending', async () => {
      const page = await graph.ok(`/me/mailFolders/inbox/messages?$filter=${q('importance ne \'x\' and subject ne \'\'')}&$orderby=importance desc,subject asc&$top=200&$select=importance,subject`);
      const keys = page.value.map((m) => [String(m.importance), String(m.subject).toLowerCase()]);
      for (let i = 1; i < keys.length; i += 1) {
        const [a, b] = [keys[i - 1], keys[i]];
        assert.ok(a[0] > b[0] || (a[0] === b[0] && a[1] <= b[1]), `${a} before ${b}`);
      }
    });
  });

  describe('move and copy', () => {
    it('moves a message to a well-known folder with 201 and a new id when no ImmutableId preference is sent', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'to move' });
      const reply = await graph.post(`/me/messages/${enc(created.id as string)}/move`, { destinationId: 'archive' });
      assert.equal(reply.status, 201);
      const moved = reply.json<GraphItem>();
      assert.notEqual(moved.id, created.id);
      assert.equal(moved.parentFolderId, sb.store.folderId('archive'));
      assert.equal((await graph.get(`/me/messages/${enc(created.id as string)}`)).status, 404);
    });

    it('keeps the id of a moved message with Prefer: IdType="ImmutableId"', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'to move, immutable' });
      const reply = await graph.post(`/me/messages/${enc(created.id as string)}/move`, { destinationId: sb.store.folderId('Inbox/Projects') }, { Prefer: 'IdType="ImmutableId"' });
      assert.equal(reply.status, 201);
      assert.equal(reply.json<GraphItem>().id, created.id);
      assert.equal(reply.headers['preference-applied'], 'IdType="ImmutableId"');
    });

    it('copies a message with 201 and a new id, leaving the original', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'to copy' });
      const reply = await graph.post(`/me/messages/${enc(created.id as string)}/copy`, { destinationId: 'archive' }, { Prefer: 'IdType="ImmutableId"' });
      assert.equal(reply.status, 201);
      const copy = reply.json<GraphItem>();
      assert.notEqual(copy.id, created.id);
      assert.equal(copy.subject, 'to copy');
      assert.ok(sb.store.message(created.id as string));
    });

    it('answers 404 for a move to an unknown folder id', async () => {
      const created = sb.store.addMessage('inbox', { subject: 'nowhere' });
      const folder = sb.store.createFolder(null, 'Vanishing').id as string;
      const reply = await graph.post(`/me/messages/${enc(created.id as string)}/move`, { destinationId: `${folder.slice(0, -2)}x=` });
      assert.ok(reply.status === 404 || reply.status === 400);
    });
  });

  describe('mail folders', () => {
    it('lists root folders only, 10 per page, and hidden ones only on request', async () => {
      const first = await graph.ok('/me/mailFolders');
      assert.equal(first.value.length, 10);
      assert.ok(first['@odata.nextLink']);
      const { items } = await graph.all('/me/mailFolders');
      const names = items.map((f) => f.displayName);
      assert.ok(names.includes('Inbox') && names.includes('Sent Items'));
      assert.ok(!names.includes('Projects'));
      assert.ok(!names.includes('Social Activity Notifications'));
      const withHidden = await graph.all('/me/mailFolders?includeHiddenFolders=true');
      assert.ok(withHidden.items.some((f) => f.displayName === 'Social Activity Notifications' && f.isHidden === true));
    });

    it('resolves well-known folder names in paths, case-insensitively', async () => {
      const inbox = await graph.ok<GraphItem>('/me/mailFolders/Inbox');
      assert.equal(inbox.id, sb.store.folderId('inbox'));
      assert.equal(inbox.totalItemCount, sb.store.messageCount('inbox'));
      const sent = await graph.ok<GraphItem>('/me/mailFolders/SENTITEMS');
      assert.equal(sent.displayName, 'Sent Items');
    });

    it('lists the child folders of nested folders', async () => {
      const children = await graph.ok(`/me/mailFolders/inbox/childFolders`);
      const projects = children.value.find((f) => f.displayName === 'Projects') as GraphItem;
      assert.equal(projects.childFolderCount, 2);
      const grandChildren = await graph.ok(`/me/mailFolders/${enc(projects.id)}/childFolders`);
      assert.deepEqual(grandChildren.value.map((f) => f.displayName), ['2025', '2026']);
    });

    it('creates a child folder with 201 and answers 409 ErrorFolderExists for a duplicate name', async () => {
      const created = await graph.post('/me/mailFolders/inbox/childFolders', { displayName: 'Invoices 2026' });
      assert.equal(created.status, 201);
      const duplicate = await graph.post('/me/mailFolders/inbox/childFolders', { displayName: 'invoices 2026' });
      assert.equal(duplicate.status, 409);
      assert.equal(duplicate.json<GraphErrorBody>().error.code, 'ErrorFolderExists');
    });
  });

  describe('drafts and body preferences', () => {
    it('creates a draft with POST /messages: 201, in Drafts, isDraft true', async () => {
      const reply = await graph.post('/me/messages', { subject: 'new draft', toRecipients: [{ emailAddress: { address: 'a@fabrikam.example' } }] });
      assert.equal(reply.status, 201);
      const draft = reply.json<GraphItem>();
      assert.equal(draft.isDraft, true);
      assert.equal(draft.parentFolderId, sb.store.folderId('drafts'));
    });

    it('returns text bodies with Prefer: outlook.body-content-type="text" and echoes it', async () => {
      const reply = await graph.get('/me/mailFolders/inbox/messages?$top=1&$select=body', { Prefer: 'outlook.body-content-type="text"' });
      const page = reply.json<GraphPage>();
      const body = page.value[0].body as { contentType: string; content: string };
      assert.equal(body.contentType, 'text');
      assert.ok(!body.content.includes('<'));
      assert.equal(reply.headers['preference-applied'], 'outlook.body-content-type="text"');
    });
  });
});
