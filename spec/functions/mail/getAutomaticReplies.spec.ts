import assert from 'node:assert/strict';
import nock from 'nock';
import * as getAutomaticReplies from '../../../lib/functions/mail/getAutomaticReplies';
import { OutlookError } from '../../../lib/outlook/errors';
import { CFG, GRAPH, graphErrorBody, run, runFailing, useNockEnvironment } from '../support/actions';

describe('getAutomaticReplies action', () => {
  useNockEnvironment();

  it('emits the automatic replies setting without OData annotations', async () => {
    const setting = { status: 'alwaysEnabled', externalAudience: 'none', internalReplyMessage: 'Away', externalReplyMessage: '' };
    nock(GRAPH).get('/v1.0/me/mailboxSettings/automaticRepliesSetting').reply(200, { '@odata.context': 'x', ...setting });
    const { data } = await run(getAutomaticReplies, {});
    assert.deepEqual(data, [setting]);
  });

  it('explains the 403 on another user\'s mailbox: no delegated permission reaches mailbox settings there', async () => {
    nock(GRAPH).get('/v1.0/users/support%40contoso.com/mailboxSettings/automaticRepliesSetting').reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied.', 'req-9'));
    const { error } = await runFailing(getAutomaticReplies, { mailbox: 'support@contoso.com' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /the automatic replies of another mailbox .*no shared \(\.Shared\) permission for mailbox settings/);
  });

  it('names the missing permission on the user\'s own mailbox', async () => {
    nock(GRAPH).get('/v1.0/me/mailboxSettings/automaticRepliesSetting').reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied.'));
    const { error } = await runFailing(getAutomaticReplies, {}, { oauth: { ...CFG.oauth, scope: 'openid User.Read Mail.ReadWrite' } });
    assert.match(error.message, /needs the delegated permission MailboxSettings\.Read or MailboxSettings\.ReadWrite .*re-authenticate/);
  });
});
