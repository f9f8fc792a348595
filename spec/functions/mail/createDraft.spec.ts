import assert from 'node:assert/strict';
import nock from 'nock';
import * as createDraft from '../../../lib/functions/mail/createDraft';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { DRAFT_KEY, mark } from '../../../lib/outlook/mail/sendOnce';
import { messageKey } from '../../../lib/platform/idempotency';
import { GRAPH, STORAGE, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment, firstDelivery, earlierDelivery } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const DRAFT_ID = 'AAMkADraft_new-1=';
const DRAFT = `/v1.0/me/messages/${encodeURIComponent(DRAFT_ID)}`;
/** Written on a complete draft for the input message `in-1`. */
const KEPT = mark(DRAFT_KEY, messageKey({ id: 'in-1' }) as string);

describe('createDraft action', () => {
  useNockEnvironment();
  beforeEach(() => { firstDelivery(); });

  it('writes one POST /me/messages with the recipients, the HTML body and a small file inline, and emits the draft', async () => {
    const content = Buffer.from('%PDF offer');
    nock(STORAGE).get('/objects/offer').reply(200, content, { 'Content-Type': 'application/pdf' });
    let sent: Record<string, unknown> = {};
    nock(GRAPH).post('/v1.0/me/messages', (body: Record<string, unknown>) => { sent = body; return true; })
      .reply(201, { '@odata.context': 'x', '@odata.etag': 'W/"1"', id: DRAFT_ID, isDraft: true, subject: 'Offer 2027', hasAttachments: true });
    const { data } = await run(createDraft, {
      to: 'Megan Bowen <megan@contoso.com>', subject: 'Offer 2027', body: '<p>Draft</p>', contentType: 'html', importance: 'high',
      attachments: [{ name: 'offer.pdf', url: `${STORAGE}/objects/offer` }],
    });
    assert.deepEqual(sent, {
      subject: 'Offer 2027', body: { contentType: 'html', content: '<p>Draft</p>' },
      toRecipients: [{ emailAddress: { address: 'megan@contoso.com', name: 'Megan Bowen' } }], ccRecipients: [], bccRecipients: [], importance: 'high',
      attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'offer.pdf', contentType: 'application/pdf', contentBytes: content.toString('base64') }],
      ...KEPT,
    });
    assert.deepEqual(data, [{ id: DRAFT_ID, isDraft: true, subject: 'Offer 2027', hasAttachments: true }]);
  });

  it('creates a draft without recipients (they may come later, with Update Draft)', async () => {
    nock(GRAPH).post('/v1.0/me/messages', { subject: 'Later', toRecipients: [], ccRecipients: [], bccRecipients: [], ...KEPT }).reply(201, { id: DRAFT_ID, isDraft: true });
    await run(createDraft, { subject: 'Later' });
  });

  it('uploads a large file after creating the draft, then marks it complete and emits it as Graph has it now', async () => {
    const size = 3 * 1024 * 1024;
    nock(STORAGE).get('/objects/big').reply(200, Buffer.alloc(size, 1), { 'Content-Type': 'application/zip' });
    nock(GRAPH).post('/v1.0/me/messages').reply(201, { id: DRAFT_ID, isDraft: true, hasAttachments: false })
      .post(`${DRAFT}/attachments/createUploadSession`).reply(201, { uploadUrl: 'https://outlook.office.com/up/9' })
      .patch(DRAFT, KEPT).reply(200, { id: DRAFT_ID, isDraft: true, hasAttachments: true });
    nock('https://outlook.office.com').put('/up/9').reply(201);
    const { data } = await run(createDraft, { to: 'a@contoso.com', attachments: [{ name: 'big.zip', url: `${STORAGE}/objects/big` }] });
    assert.equal((data[0] as { hasAttachments: boolean }).hasAttachments, true);
  });

  it('deletes the half-built draft when a file cannot be added, and keeps Graph\'s code', async () => {
    nock(STORAGE).get('/objects/big').reply(200, Buffer.alloc(3 * 1024 * 1024, 1));
    nock(GRAPH).post('/v1.0/me/messages').reply(201, { id: DRAFT_ID, isDraft: true })
      .post(`${DRAFT}/attachments/createUploadSession`).reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied.'))
      .delete(DRAFT).reply(204);
    const { error } = await runFailing(createDraft, { attachments: [{ name: 'big.zip', url: `${STORAGE}/objects/big` }] });
    assert.ok(error instanceof Error);
    assert.match(error.message, /ErrorAccessDenied/);
  });

  it('emits the draft a first delivery of the same input created, instead of creating another', async () => {
    nock.cleanAll();
    earlierDelivery([{ id: DRAFT_ID, isDraft: true }]);
    nock(GRAPH).get(DRAFT).reply(200, { '@odata.etag': 'W/"4"', id: DRAFT_ID, isDraft: true, subject: 'Offer 2027' });
    const create = nock(GRAPH).post('/v1.0/me/messages').reply(201, {});
    const { data } = await run(createDraft, { to: 'a@contoso.com', subject: 'Offer 2027' });
    assert.deepEqual(data, [{ id: DRAFT_ID, isDraft: true, subject: 'Offer 2027' }]);
    assertNothingSent(create);
  });

  it('lets Graph\'s refusal through with code and request-id', async () => {
    nock(GRAPH).post('/v1.0/me/messages').reply(400, graphErrorBody('ErrorInvalidRecipients', 'bad', 'req-c1'), { 'request-id': 'req-c1' });
    const { error } = await runFailing(createDraft, { to: 'a@contoso.com' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.requestId, 'req-c1');
  });

  describe('validates before any request', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a malformed address', { to: 'megan@' }, 'To (to)'],
      ['two From addresses', { from: 'a@contoso.com, b@contoso.com' }, 'From (from)'],
      ['a body above 4 MB', { body: 'x'.repeat(4 * 1024 * 1024) }, 'Body (body)'],
      ['declared attachments above 150 MB', { attachments: [{ name: 'big.iso', url: `${STORAGE}/objects/1`, size: 151 * 1024 * 1024 }] }, 'Attachments (attachments)'],
    ];
    for (const [what, body, field] of cases) {
      it(`refuses ${what}, naming ${field}`, async () => {
        const trap = graphTrap();
        const { error } = await runFailing(createDraft, body);
        assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
        assert.equal(error.field, field);
        assertNothingSent(trap);
      });
    }
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('creates one draft for an input delivered twice, and emits it both times', async () => {
      const { sb } = world;
      const file = world.stored('big.bin', Buffer.alloc(3 * 1024 * 1024, 1), 'application/octet-stream');
      const first = await world.run(createDraft, { subject: 'Once', attachments: [file] }, { id: 'draft-in' });
      const second = await world.run(createDraft, { subject: 'Once', attachments: [file] }, { id: 'draft-in' });
      assert.equal(sb.store.messageCount('drafts'), 1);
      assert.equal(second.data[0].id, first.data[0].id);
      assert.equal(second.data[0].hasAttachments, true);
    });

    it('creates the draft in Drafts with a small and a large file, and sends nothing', async () => {
      const { sb } = world;
      const small = world.stored('note.txt', Buffer.from('note'), 'text/plain');
      const large = world.stored('scan.pdf', Buffer.alloc(3 * 1024 * 1024 + 1, 5), 'application/pdf');
      const { data, error } = await world.run(createDraft, { to: 'megan@contoso.com', subject: 'Offer', body: 'Hi', attachments: [small, large] });
      assert.equal(error, undefined);
      const [draft] = sb.store.messages('drafts');
      assert.equal(draft.id, data[0].id);
      assert.equal(draft.isDraft, true);
      assert.deepEqual(sb.store.attachments(String(draft.id)).map((a) => a.name).sort(), ['note.txt', 'scan.pdf']);
      assert.equal(data[0].hasAttachments, true);
      assert.equal(sb.store.sentMail().length, 0);
    });
  });
});
