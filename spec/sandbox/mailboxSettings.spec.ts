/** Conformance of the sandbox for mailbox settings (automatic replies) and the master category list. */
import assert from 'node:assert/strict';
import { Graph, GraphErrorBody, GraphItem, GraphPage, enc, sandboxPerTest } from './helpers';

describe('sandbox: mailbox settings and categories', () => {
  const t = sandboxPerTest();

  const code = (reply: { json<T>(): T }): string => reply.json<GraphErrorBody>().error.code;

  describe('mailboxSettings (user-get-mailboxsettings, user-update-mailboxsettings)', () => {
    it('reads the whole settings and one of them', async () => {
      const all = await t.graph.ok<GraphItem>('/me/mailboxSettings');
      assert.deepEqual(Object.keys(all).filter((k) => !k.startsWith('@')).sort(), ['archiveFolder', 'automaticRepliesSetting', 'dateFormat',
        'delegateMeetingMessageDeliveryOptions', 'language', 'timeFormat', 'timeZone', 'userPurpose', 'workingHours']);
      const replies = await t.graph.ok<GraphItem>('/me/mailboxSettings/automaticRepliesSetting');
      assert.deepEqual([replies.status, replies.externalAudience], ['disabled', 'all']);
    });

    it('schedules automatic replies; the answer holds the updated properties only, status in Graph\'s spelling', async () => {
      const reply = await t.graph.patch('/me/mailboxSettings', { automaticRepliesSetting: {
        status: 'Scheduled', scheduledStartDateTime: { dateTime: '2026-12-01T08:00:00', timeZone: 'UTC' }, scheduledEndDateTime: { dateTime: '2026-12-04T17:00:00', timeZone: 'UTC' },
        externalReplyMessage: 'Out', externalAudience: 'ContactsOnly',
      } });
      assert.equal(reply.status, 200);
      const body = reply.json<{ automaticRepliesSetting: GraphItem; timeZone?: string }>();
      assert.equal(body.timeZone, undefined);
      assert.deepEqual([body.automaticRepliesSetting.status, body.automaticRepliesSetting.externalAudience, (body.automaticRepliesSetting.scheduledEndDateTime as GraphItem).dateTime],
        ['scheduled', 'contactsOnly', '2026-12-04T17:00:00.0000000']);
      assert.equal((await t.graph.ok<GraphItem>('/me/mailboxSettings/automaticRepliesSetting')).externalReplyMessage, 'Out');
    });

    for (const [what, patch, status, errorCode] of [
      ['an unknown status', { automaticRepliesSetting: { status: 'sometimes' } }, 400, 'RequestBodyRead'],
      ['an unknown property', { automaticRepliesSetting: { mood: 'away' } }, 400, 'RequestBodyRead'],
      ['a read-only setting', { userPurpose: 'shared' }, 400, 'RequestBodyRead'],
      ['a schedule that ends before it starts (UNCONFIRMED code)', { automaticRepliesSetting: { status: 'scheduled', scheduledStartDateTime: { dateTime: '2026-12-04T00:00:00', timeZone: 'UTC' }, scheduledEndDateTime: { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' } } }, 400, 'ErrorInvalidParameter'],
    ] as const) {
      it(`answers ${status} ${errorCode} to ${what}`, async () => {
        const reply = await t.graph.patch('/me/mailboxSettings', patch);
        assert.deepEqual([reply.status, code(reply)], [status, errorCode]);
      });
    }

    it('needs MailboxSettings.ReadWrite to change and refuses every delegated token on another mailbox (no .Shared variant, office-js#6057)', async () => {
      const reader = new Graph(t.sb, t.sb.issueToken({ scope: 'MailboxSettings.Read Mail.ReadWrite.Shared' }).access_token);
      assert.equal((await reader.get('/me/mailboxSettings')).status, 200);
      assert.equal((await reader.patch('/me/mailboxSettings', { timeZone: 'UTC' })).status, 403);
      const support = `/users/${enc(t.sb.sharedMailbox.userPrincipalName)}/mailboxSettings`;
      const denied = await t.graph.get(support);
      assert.deepEqual([denied.status, code(denied)], [403, 'ErrorAccessDenied']);
    });
  });

  describe('outlook/masterCategories (outlookuser-list-mastercategories, outlookuser-post-mastercategories)', () => {
    it('starts with Outlook\'s six colour categories and adds one with a colour (201)', async () => {
      const list = await t.graph.ok<GraphPage>('/me/outlook/masterCategories');
      assert.deepEqual(list.value.map((c) => [c.displayName, c.color]), [['Red category', 'preset0'], ['Orange category', 'preset1'],
        ['Yellow category', 'preset3'], ['Green category', 'preset4'], ['Blue category', 'preset7'], ['Purple category', 'preset8']]);
      const created = await t.graph.post('/me/outlook/masterCategories', { displayName: 'Project expenses', color: 'preset9' });
      assert.equal(created.status, 201);
      const category = created.json<GraphItem>();
      assert.match(category.id, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
      assert.deepEqual((await t.graph.ok<GraphItem>(`/me/outlook/masterCategories/${category.id}`)).displayName, 'Project expenses');
    });

    for (const [what, body, status, errorCode] of [
      ['a name the list has (UNCONFIRMED code)', { displayName: 'red CATEGORY', color: 'preset2' }, 409, 'ErrorAlreadyExists'],
      ['a colour outside none and preset0 … preset24', { displayName: 'X', color: 'preset25' }, 400, 'RequestBodyRead'],
      ['no name', { color: 'preset1' }, 400, 'ErrorInvalidParameter'],
    ] as const) {
      it(`answers ${status} ${errorCode} to ${what}`, async () => {
        const reply = await t.graph.post('/me/outlook/masterCategories', body);
        assert.deepEqual([reply.status, code(reply)], [status, errorCode]);
      });
    }

    it('keeps one list per mailbox, out of reach of delegated tokens on another mailbox', async () => {
      const settingsOnly = new Graph(t.sb, t.sb.issueToken({ scope: 'MailboxSettings.ReadWrite' }).access_token);
      assert.equal((await settingsOnly.get(`/users/${enc(t.sb.sharedMailbox.userPrincipalName)}/outlook/masterCategories`)).status, 403);
    });
  });
});
