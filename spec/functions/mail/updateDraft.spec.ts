import assert from 'node:assert/strict';
import nock from 'nock';
import * as updateDraft from '../../../lib/functions/mail/updateDraft';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { GRAPH, MESSAGE_ID, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { useSandbox } from '../support/sandbox';

const PATH = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;
const SELECT = { $select: 'id,subject,isDraft,toRecipients,ccRecipients,bccRecipients,conversationId,hasAttachments,parentFolderId' };

describe('updateDraft action', () => {
  useNockEnvironment();

  it('reads the draft, then PATCHes only the given fields and emits the draft as Graph returns it', async () => {
    let patched: unknown;
    nock(GRAPH).get(PATH).query(SELECT).reply(200, { id: MESSAGE_ID, isDraft: true })
      .patch(PATH, (body: unknown) => { patched = body; return true; }).reply(200, { '@odata.etag': 'W/"2"', id: MESSAGE_ID, isDraft: true, subject: 'v2' });
    const { data } = await run(updateDraft, { messageId: MESSAGE_ID, subject: 'v2', cc: 'legal@contoso.com', body: 'new text' });
    assert.deepEqual(patched, { ccRecipients: [{ emailAddress: { address: 'legal@contoso.com' } }], subject: 'v2', body: { contentType: 'text', content: 'new text' } });
    assert.deepEqual(data, [{ id: MESSAGE_ID, isDraft: true, subject: 'v2' }]);
  });

  it('refuses a message that is not a draft, naming Draft ID (messageId), and changes nothing', async () => {
    nock(GRAPH).get(PATH).query(SELECT).reply(200, { id: MESSAGE_ID, isDraft: false });
    const patch = nock(GRAPH).patch(PATH).reply(200, {});
    const { error } = await runFailing(updateDraft, { messageId: MESSAGE_ID, subject: 'x' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Draft ID (messageId)');
    assert.match(error.message, /not a draft/);
    assertNothingSent(patch);
  });

  it('names Draft ID (messageId) for an id Graph does not know, keeping its code and request-id', async () => {
    nock(GRAPH).get(PATH).query(SELECT).reply(400, graphErrorBody('ErrorInvalidIdMalformed', 'Id is malformed.', 'req-m'), { 'request-id': 'req-m' });
    const { error } = await runFailing(updateDraft, { messageId: MESSAGE_ID, subject: 'x' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Draft ID \(messageId\): no message with this id/);
    assert.equal(error.code, 'ErrorInvalidIdMalformed');
    assert.equal(error.requestId, 'req-m');
  });

  it('refuses an update that changes nothing, before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(updateDraft, { messageId: MESSAGE_ID });
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, /nothing to change/);
    assertNothingSent(trap);
  });

  describe('against the sandbox', () => {
    const world = useSandbox();

    it('changes the subject and the recipients of a draft, and refuses a received message', async () => {
      const { sb } = world;
      const draft = sb.store.addMessage('drafts', { subject: 'v1', isDraft: true, toRecipients: [{ emailAddress: { address: 'a@contoso.com' } }] });
      const { data, error } = await world.run(updateDraft, { messageId: draft.id, subject: 'v2', to: 'b@contoso.com' });
      assert.equal(error, undefined);
      assert.equal(data[0].subject, 'v2');
      assert.deepEqual(sb.store.message(String(draft.id))?.toRecipients, [{ emailAddress: { address: 'b@contoso.com' } }]);
      const received = sb.store.addMessage('inbox', { subject: 'from outside' });
      const refused = await world.run(updateDraft, { messageId: received.id, subject: 'changed' });
      assert.ok(refused.error instanceof ConfigurationError);
      assert.equal(sb.store.message(String(received.id))?.subject, 'from outside');
    });
  });
});
