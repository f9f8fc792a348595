import assert from 'node:assert/strict';
import * as f from '../../lib/functions/fields';
import { ConfigurationError } from '../../lib/outlook/errors';
import { parseParams, place } from '../../lib/platform/params';

const params = {
  messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
  folder: place(f.mailFolder, 'both').keys({ config: 'folderId' }),
  copy: place(f.checkbox('Copy'), 'both').withDefault(false),
  maxResults: place(f.integer('Maximum', { min: 1, max: 10 }), 'config').withDefault(5),
  mailbox: place(f.mailbox, 'both'),
};

function refused(input: { body?: unknown; cfg?: unknown }, field: string, problem: RegExp): void {
  assert.throws(() => parseParams(params, { body: input.body ?? {}, cfg: input.cfg ?? {} }),
    (err: unknown) => err instanceof ConfigurationError && err.field === field && problem.test(err.message));
}

describe('platform/params', () => {
  it('takes the input over the configuration, and the configuration under its own key', () => {
    const v = parseParams(params, { body: { messageId: 'm1', folder: 'archive', mailbox: 'a@contoso.com' }, cfg: { folderId: 'inbox', mailbox: 'b@contoso.com' } });
    assert.deepEqual(v, { messageId: 'm1', folder: 'archive', copy: false, maxResults: 5, mailbox: 'a@contoso.com' });
    const c = parseParams(params, { body: { messageId: 'm1', mailbox: ' ' }, cfg: { folderId: 'inbox', mailbox: 'b@contoso.com', maxResults: '7' } });
    assert.deepEqual([c.folder, c.mailbox, c.maxResults], ['inbox', 'b@contoso.com', 7]);
  });

  it('accepts an older key after the current one', () => {
    assert.equal(parseParams(params, { body: { id: 'legacy' }, cfg: {} }).messageId, 'legacy');
    assert.equal(parseParams(params, { body: { id: 'legacy', messageId: 'current' }, cfg: {} }).messageId, 'current');
  });

  it('does not read a configuration-only parameter from the message', () => {
    assert.equal(parseParams(params, { body: { messageId: 'm', maxResults: 9 }, cfg: {} }).maxResults, 5);
  });

  it('names a wrong or missing field by its label and the key it came from', () => {
    refused({}, 'Message ID (messageId)', /is required/);
    refused({ body: { messageId: 'm', folder: '..' } }, 'Mail Folder (folder)', /not a valid id/);
    refused({ body: { messageId: 'm' }, cfg: { folderId: '..' } }, 'Mail Folder (folderId)', /not a valid id/);
    refused({ body: { messageId: 'm', copy: 'perhaps' } }, 'Copy (copy)', /true or false/);
    refused({ body: { messageId: 'm' }, cfg: { maxResults: 11 } }, 'Maximum (maxResults)', /between 1 and 10/);
    refused({ body: { messageId: 'm', mailbox: 'a\r\nb@contoso.com' } }, 'Mailbox (mailbox)', /control characters/);
  });

  it('refuses a message body that is not an object', () => {
    assert.throws(() => parseParams(params, { body: 'text', cfg: {} }), (err: unknown) => err instanceof ConfigurationError && err.field === 'message body');
  });
});
