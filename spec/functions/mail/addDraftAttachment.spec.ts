import assert from 'node:assert/strict';
import nock from 'nock';
import * as addDraftAttachment from '../../../lib/functions/mail/addDraftAttachment';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, MESSAGE_ID, STORAGE, assertNothingSent, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const PATH = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;

describe('addDraftAttachment action', () => {
  useNockEnvironment();

  it('posts a small file and uploads a large one (no Authorization on the upload URL), after checking the draft', async () => {
    const size = 3 * 1024 * 1024 + 10;
    nock(STORAGE).get('/objects/small').reply(200, Buffer.from('abc'), { 'Content-Type': 'text/plain' })
      .get('/objects/large').reply(200, Buffer.alloc(size, 2), { 'Content-Type': 'image/tiff' });
    const posted: unknown[] = [];
    nock(GRAPH).get(PATH).query(true).reply(200, { id: MESSAGE_ID, isDraft: true })
      .post(`${PATH}/attachments`, (body: unknown) => { posted.push(body); return true; }).reply(201, { id: 'a1' })
      .post(`${PATH}/attachments/createUploadSession`, { AttachmentItem: { attachmentType: 'file', name: 'scan.tif', size, contentType: 'image/tiff' } })
      .reply(201, { uploadUrl: 'https://outlook.office.com/up/2' });
    nock('https://outlook.office.com', { badheaders: ['authorization'] }).put('/up/2').reply(201);
    const { data } = await run(addDraftAttachment, { messageId: MESSAGE_ID, attachments: [
      { name: 'note.txt', url: `${STORAGE}/objects/small` }, { name: 'scan.tif', url: `${STORAGE}/objects/large` },
    ] });
    assert.deepEqual(posted, [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'note.txt', contentType: 'text/plain', contentBytes: Buffer.from('abc').toString('base64') }]);
    assert.deepEqual(data, [{ id: MESSAGE_ID, mailbox: null, attachments: [
      { name: 'note.txt', contentType: 'text/plain', size: 3, method: 'post' }, { name: 'scan.tif', contentType: 'image/tiff', size, method: 'uploadSession' },
    ] }]);
  });

  it('adds nothing to a message that is not a draft', async () => {
    nock(STORAGE).get('/objects/small').reply(200, Buffer.from('abc'));
    nock(GRAPH).get(PATH).query(true).reply(200, { id: MESSAGE_ID, isDraft: false });
    const post = nock(GRAPH).post(`${PATH}/attachments`).reply(201, {});
    const { error } = await runFailing(addDraftAttachment, { messageId: MESSAGE_ID, attachments: [{ name: 'n.txt', url: `${STORAGE}/objects/small` }] });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Draft ID (messageId)');
    assertNothingSent(post);
  });

  describe('validates before any request', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['no attachment', { messageId: MESSAGE_ID }, 'Attachments (attachments)'],
      ['no draft id', { attachments: [{ name: 'a', url: `${STORAGE}/objects/a` }] }, 'Draft ID (messageId)'],
      ['a file above 150 MB', { messageId: MESSAGE_ID, attachments: [{ name: 'huge.iso', url: `${STORAGE}/objects/a`, size: 151 * 1024 * 1024 }] }, 'Attachments (attachments)'],
    ];
    for (const [what, body, field] of cases) {
      it(`refuses ${what}, naming ${field}`, async () => {
        const trap = graphTrap();
        const { error } = await runFailing(addDraftAttachment, body);
        assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
        assert.equal(error.field, field);
        assertNothingSent(trap);
      });
    }

    it('refuses a file whose URL fails, naming it, before any Graph request', async () => {
      nock(STORAGE).get('/objects/gone').reply(404);
      const trap = graphTrap();
      const { error } = await runFailing(addDraftAttachment, { messageId: MESSAGE_ID, attachments: [{ name: 'x', url: `${STORAGE}/objects/gone` }] });
      assert.match(error.message, /^attachments\[0\]: .*HTTP 404/);
      assertNothingSent(trap);
    });
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('adds a 5 MB file to a draft through an upload session, intact', async () => {
      const { sb } = world;
      const draft = sb.store.addMessage('drafts', { subject: 'with a plan', isDraft: true });
      const content = Buffer.alloc(5 * 1024 * 1024, 7);
      const { error } = await world.run(addDraftAttachment, { messageId: draft.id, attachments: [world.stored('plan.pdf', content, 'application/pdf')] });
      assert.equal(error, undefined);
      const [att] = sb.store.attachments(String(draft.id)) as Array<{ name: string; contentBytes?: string }>;
      assert.equal(att.name, 'plan.pdf');
      assert.ok(Buffer.from(String(att.contentBytes), 'base64').equals(content));
      assert.equal(sb.counters().createUploadSession, 1);
    });
  });
});
