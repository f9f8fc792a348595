import assert from 'node:assert/strict';
import { InvalidPathError } from '../../lib/graph/errors';
import { mailboxRoot, path, segment } from '../../lib/graph/paths';
import { graph, recorder, testClient } from '../support/graph';

/** A realistic immutable message id: long, with `-`, `_` and `=` characters. */
const MESSAGE_ID = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AoIZ9sVAx8Uaq_xSTq4JrNwAAAyR-2gAA=';

describe('graph/paths', () => {
  describe('segment with hostile ids', () => {
    const encoded: Array<[string, string]> = [
      [MESSAGE_ID, MESSAGE_ID.replace('=', '%3D')],
      ['a/b', 'a%2Fb'],
      ['../admin', '..%2Fadmin'],
      ['?x', '%3Fx'],
      ['#x', '%23x'],
      ['%2F', '%252F'],
      ['%2e%2e', '%252e%252e'],
      ['a b', 'a%20b'],
      ['a+b=', 'a%2Bb%3D'],
      ["it's", 'it%27s'],
      ['\\x', '%5Cx'],
      ['Zoë東京', 'Zo%C3%AB%E6%9D%B1%E4%BA%AC'],
      ['...', '...'],
    ];
    for (const [id, expected] of encoded) {
      it(`${JSON.stringify(id)} → ${expected}, and the request addresses exactly that id`, async () => {
        assert.equal(segment(id), expected);
        const { client } = testClient();
        const rec = recorder();
        graph().get(/^\/v1\.0\/me\/messages\//).reply(rec.reply(200, { id }));
        await client.get(path`/me/messages/${id}`);
        const uri = rec.seen[0].uri;
        assert.ok(!uri.includes('?') && !uri.includes('#'), `query or fragment leaked into ${uri}`);
        const parts = uri.split('/');
        assert.deepEqual(parts.slice(0, 4), ['', 'v1.0', 'me', 'messages']);
        assert.equal(parts.length, 5, `the id spans several segments in ${uri}`);
        assert.equal(decodeURIComponent(parts[4]), id);
      });
    }

    const rejected: Array<[string, RegExp]> = [
      ['', /non-empty/],
      ['.', /not a valid id/],
      ['..', /not a valid id/],
      [' ', /white space/],
      [' a', /white space/],
      ['a ', /white space/],
      ['a\r\nHost: evil', /control characters/],
      ['a\nb', /control characters/],
      ['a\tb', /control characters/],
      ['a\u0000b', /control characters/],
      ['x'.repeat(2049), /longer than 2048/],
    ];
    for (const [id, problem] of rejected) {
      it(`rejects ${JSON.stringify(id.length > 20 ? `${id.slice(0, 5)}…(${id.length})` : id)} as a path segment, naming what it is`, () => {
        assert.throws(() => segment(id, 'Message ID'),
          (err: unknown) => err instanceof InvalidPathError && err.what === 'Message ID' && problem.test(err.message));
      });
    }

    it('path`` encodes every interpolated id as one segment and leaves the literal parts alone', () => {
      assert.equal(path`/me/mailFolders/${'a/b'}/messages/${'?x'}/$value`, '/me/mailFolders/a%2Fb/messages/%3Fx/$value');
    });

    it('path`` refuses a dot-segment id before any request', () => {
      assert.throws(() => path`/me/messages/${'..'}`, InvalidPathError);
    });
  });

  describe('mailboxRoot', () => {
    const table: Array<[string | undefined, string]> = [
      [undefined, '/me'],
      ['', '/me'],
      ['   ', '/me'],
      ['user@contoso.com', '/users/user%40contoso.com'],
      [' user@contoso.com ', '/users/user%40contoso.com'],
      ['7f1c3f0a-1b2c-4d5e-8f90-123456789abc', '/users/7f1c3f0a-1b2c-4d5e-8f90-123456789abc'],
      ["o'brien@contoso.com", '/users/o%27brien%40contoso.com'],
      ['a/b@contoso.com', '/users/a%2Fb%40contoso.com'],
      ['../me', '/users/..%2Fme'],
    ];
    for (const [mailbox, expected] of table) {
      it(`${JSON.stringify(mailbox)} → ${expected}`, () => assert.equal(mailboxRoot(mailbox), expected));
    }

    it('rejects a mailbox of ".." naming the mailbox field', () => {
      assert.throws(() => mailboxRoot('..'), (err: unknown) => err instanceof InvalidPathError && err.what === 'mailbox');
    });

    it('addresses a shared mailbox by UPN on the wire', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/users/shared%40contoso.com/mailFolders/inbox').reply(rec.reply(200, {}));
      await client.get(`${mailboxRoot('shared@contoso.com')}/mailFolders/inbox`);
      assert.equal(rec.seen[0].uri, '/v1.0/users/shared%40contoso.com/mailFolders/inbox');
    });
  });
});
