/** Conformance of the sandbox for reading mail: MIME ($value), KQL property restrictions, filters Graph refuses. */
import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphPage, enc, q, startTestSandbox } from './helpers';

describe('sandbox: reading mail', () => {
  let sb: Sandbox;
  let graph: Graph;

  before(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
  });
  after(() => sb.stop());

  const ann = { emailAddress: { name: 'Ann Lee', address: 'ann@fabrikam.example' } };
  const ops = { emailAddress: { name: 'Ops', address: 'ops@contoso.example' } };

  describe('GET /messages/{id}/$value (outlook-get-mime-message)', () => {
    it('answers the message as MIME: headers, then the body', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'Zoë\'s report', from: ann, toRecipients: [ops], body: { contentType: 'html', content: '<p>Hi</p>' } });
      const reply = await graph.get(`/me/messages/${enc(m.id as string)}/$value`);
      assert.equal(reply.status, 200);
      assert.match(reply.text, /^From: "Ann Lee" <ann@fabrikam\.example>\r\nTo: "Ops" <ops@contoso\.example>\r\n/);
      assert.match(reply.text, /\r\nSubject: =\?utf-8\?B\?[A-Za-z0-9+/=]+\?=\r\n/);
      assert.match(reply.text, /\r\nMIME-Version: 1\.0\r\n/);
      assert.match(reply.text, new RegExp(`\\r\\nMessage-ID: ${String(m.internetMessageId).replace(/[.]/g, '\\.')}\\r\\n`));
      assert.ok(reply.text.includes(Buffer.from('<p>Hi</p>').toString('base64')));
      assert.equal(Number(reply.headers['content-length']), reply.body.length);
    });

    it('carries file attachments as base64 parts of a multipart/mixed message', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'with file', attachments: [{ name: 'a.csv', contentType: 'text/csv', content: Buffer.from('a,b\n') }] });
      const text = (await graph.get(`/me/messages/${enc(m.id as string)}/$value`)).text;
      assert.match(text, /Content-Type: multipart\/mixed; boundary="/);
      assert.match(text, /Content-Type: text\/csv; name="a\.csv"\r\nContent-Disposition: attachment; filename="a\.csv"\r\nContent-Transfer-Encoding: base64\r\n\r\nYSxiCg==/);
    });

    it('answers 404 for an unknown message and needs Mail.Read (Mail.ReadBasic leaves bodies out)', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'secret' });
      const basic = new Graph(sb, sb.issueToken({ scope: 'Mail.ReadBasic' }).access_token);
      assert.equal((await basic.get(`/me/messages/${enc(m.id as string)}/$value`)).status, 403);
      sb.store.deleteMessage(m.id as string);
      assert.equal((await graph.get(`/me/messages/${enc(m.id as string)}/$value`)).status, 404);
    });
  });

  describe('$search KQL property restrictions (search-query-parameter)', () => {
    let folder = '';
    before(() => {
      folder = sb.store.createFolder(null, 'KQL').id as string;
      sb.store.addMessage(folder, { subject: 'Invoice 1', from: ann, toRecipients: [ops] });
      sb.store.addMessage(folder, { subject: 'Invoice 2', from: ops, toRecipients: [ann], ccRecipients: [ops] });
    });

    const subjects = async (kql: string): Promise<string[]> => {
      const page = await graph.ok<GraphPage>(`/me/mailFolders/${enc(folder)}/messages?$search=${q(`"${kql}"`)}`);
      return page.value.map((m) => String(m.subject)).sort();
    };

    it('restricts to:, cc: and from: to those recipients', async () => {
      assert.deepEqual(await subjects('to:ops@contoso.example'), ['Invoice 1']);
      assert.deepEqual(await subjects('cc:ops@contoso.example'), ['Invoice 2']);
      assert.deepEqual(await subjects('from:ann'), ['Invoice 1']);
      assert.deepEqual(await subjects('participants:ann@fabrikam.example'), ['Invoice 1', 'Invoice 2']);
    });

    it('takes AND and parentheses, and escaped quotes inside the quoted term', async () => {
      assert.deepEqual(await subjects('to:ann@fabrikam.example AND (invoice)'), ['Invoice 2']);
      assert.deepEqual(await subjects('subject:\\"invoice\\"'), ['Invoice 1', 'Invoice 2']);
    });
  });

  describe('$filter on messages', () => {
    it('filters on categories with any(c: c eq …) and on the flag status', async () => {
      sb.store.addMessage('inbox', { subject: 'tagged', categories: ['Red category'], flag: { flagStatus: 'flagged' } });
      const page = await graph.ok<GraphPage>(`/me/messages?$filter=${q("categories/any(c:c eq 'Red category') and flag/flagStatus eq 'flagged'")}`);
      assert.deepEqual(page.value.map((m) => m.subject), ['tagged']);
    });

    for (const [what, filter] of [
      ['on toRecipients (microsoft-graph-explorer-v4#3957)', "toRecipients/any(r:r/emailAddress/address eq 'ops@contoso.example')"],
      ['on ccRecipients', "ccRecipients/any(r:r/emailAddress/address eq 'ops@contoso.example')"],
      ['with a function inside the lambda', "categories/any(a:startswith(a,'Red'))"],
    ]) {
      it(`answers 400 ErrorInvalidUrlQueryFilter to a lambda ${what}`, async () => {
        const reply = await graph.get(`/me/messages?$filter=${q(filter)}`);
        assert.equal(reply.status, 400);
        assert.deepEqual([reply.json<GraphErrorBody>().error.code, reply.json<GraphErrorBody>().error.message],
          ['ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.']);
      });
    }

    it('finds a message by its internetMessageId', async () => {
      const m = sb.store.addMessage('inbox', { subject: 'by header' });
      const page = await graph.ok<GraphPage>(`/me/messages?$filter=${q(`internetMessageId eq '${String(m.internetMessageId)}'`)}`);
      assert.deepEqual(page.value.map((x) => x.id), [m.id]);
    });
  });
});
