import assert from 'node:assert/strict';
import nock from 'nock';
import * as getMailFolders from '../../../lib/functions/mail/getMailFolders';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const SELECT = 'id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount,isHidden';

describe('getMailFolders action', () => {
  useNockEnvironment();

  it('walks the whole tree, every level and every page, labelling each folder with its path', async () => {
    nock(GRAPH)
      .get('/v1.0/me/mailFolders').query({ $top: '100', $select: SELECT })
      .reply(200, { value: [{ id: 'inbox', displayName: 'Inbox', childFolderCount: 1, totalItemCount: 9 }], '@odata.nextLink': `${GRAPH}/v1.0/me/mailFolders?$skip=1` })
      .get('/v1.0/me/mailFolders').query({ $skip: '1' }).reply(200, { value: [{ id: 'sent', displayName: 'Sent Items', childFolderCount: 0 }] })
      .get('/v1.0/me/mailFolders/inbox/childFolders').query(true).reply(200, { value: [{ id: 'proj', displayName: 'Projects', childFolderCount: 1 }] })
      .get('/v1.0/me/mailFolders/proj/childFolders').query(true).reply(200, { value: [{ id: 'y25', displayName: '2025', childFolderCount: 0, isHidden: false }] });
    const { data } = await run(getMailFolders, {});
    assert.deepEqual(data.map((d) => (d as { path: string }).path), ['Inbox', 'Sent Items', 'Inbox / Projects', 'Inbox / Projects / 2025']);
    assert.deepEqual(data[0], { id: 'inbox', displayName: 'Inbox', path: 'Inbox', childFolderCount: 1, totalItemCount: 9 });
  });

  it('lists below a parent folder, hidden folders included, all in one message with emitAll', async () => {
    nock(GRAPH).get('/v1.0/users/support%40contoso.com/mailFolders/inbox/childFolders').query({ $top: '100', $select: SELECT, includeHiddenFolders: 'true' })
      .reply(200, { value: [{ id: 'esc', displayName: 'Escalations', childFolderCount: 0, isHidden: true }] });
    const { data } = await run(getMailFolders, { parentFolder: 'Inbox', includeHidden: true, mailbox: 'support@contoso.com' }, { emitBehavior: 'emitAll' });
    assert.deepEqual(data, [{ folders: [{ id: 'esc', displayName: 'Escalations', path: 'Escalations', childFolderCount: 0, isHidden: true }], count: 1 }]);
  });

  it('rejects a mailbox with a line break before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(getMailFolders, { mailbox: 'a\nb@contoso.com' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Mailbox (mailbox)');
    assertNothingSent(trap);
  });
});
