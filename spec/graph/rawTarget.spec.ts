/** The checks of a user's own Graph target (Make Raw Request): what may be addressed, and every form that is refused. */
import assert from 'node:assert/strict';
import { RawTargetError, rawHeaders, rawQuery, rawTarget } from '../../lib/graph/rawTarget';

const ORIGIN = 'https://graph.microsoft.com';
const refuses = (input: string, problem: RegExp): void => {
  assert.throws(() => rawTarget(input, 'v1.0', ORIGIN), (err: unknown) => err instanceof RawTargetError && problem.test(err.message), input);
};

describe('raw request targets', () => {
  it('takes a path with or without its leading slash, the version prefix, a query, and a URL on the Graph host itself', () => {
    assert.deepEqual(rawTarget('/me/messages', 'v1.0', ORIGIN), { version: 'v1.0', path: '/me/messages', query: {} });
    assert.deepEqual(rawTarget('me/messages', 'v1.0', ORIGIN).path, '/me/messages');
    assert.deepEqual(rawTarget('/v1.0/me/events?$top=5&$select=subject', 'v1.0', ORIGIN), { version: 'v1.0', path: '/me/events', query: { $top: '5', $select: 'subject' } });
    assert.deepEqual(rawTarget('/beta/me/events', 'beta', ORIGIN).path, '/me/events');
    assert.deepEqual(rawTarget(`${ORIGIN}/v1.0/users/a%40contoso.com/messages?$filter=from/emailAddress/address eq 'x@y.z'`, 'v1.0', ORIGIN),
      { version: 'v1.0', path: '/users/a%40contoso.com/messages', query: { $filter: "from/emailAddress/address eq 'x@y.z'" } });
  });

  it('keeps ids with encoded slashes, = and - as one segment', () => {
    assert.equal(rawTarget('/me/messages/AAMk%2FAB-_==', 'v1.0', ORIGIN).path, '/me/messages/AAMk%2FAB-_==');
  });

  const hostile: Array<[string, RegExp]> = [
    ['https://evil.example/v1.0/me', /only address the configured Microsoft Graph host/],
    ['http://graph.microsoft.com/v1.0/me', /only address the configured Microsoft Graph host/],
    ['https://graph.microsoft.com.evil.example/v1.0/me', /only address the configured/],
    ['https://graph.microsoft.com@evil.example/v1.0/me', /user information/],
    ['https://user:pw@graph.microsoft.com/v1.0/me', /user information/],
    ['//evil.example/v1.0/me', /without scheme/],
    ['/\\evil.example/me', /backslashes/],
    ['/me/..\\..\\x', /backslashes/],
    ['/me/%5c..%5cx', /backslashes/],
    ['/../beta/me', /"\.\." segments/],
    ['/me/../../users/x', /"\.\." segments/],
    ['/me/%2e%2e/%2e%2e/x', /"\.\." segments/],
    ['/me/%2E%2E/x', /"\.\." segments/],
    ['/me/%252e%252e/x', /"\.\." segments/],
    ['/me/..%2f..%2fx', /"\.\." segments/],
    ['/me/./messages', /"\.\." segments/],
    ['/me/messages\r\nX-Injected: 1', /control characters/],
    ['/me/messages%0d%0aX-Injected:%201', /control characters/],
    ['/me/messages%00', /control characters/],
    ['/me/messages#fragment', /fragment/],
    ['/beta/me', /names the API version beta, but API Version is v1.0/],
    ['javascript:alert(1)', /only address the configured/],
    ['file:///etc/passwd', /only address the configured/],
    ['/', /must name a resource/],
    ['', /must not be empty/],
  ];
  for (const [input, problem] of hostile) {
    it(`refuses ${JSON.stringify(input)}`, () => refuses(input, problem));
  }

  it('refuses a query option given twice and control characters in a query', () => {
    refuses('/me/messages?$top=1&$top=2', /twice/);
    refuses('/me/messages?$filter=%0d%0a', /control characters/);
  });

  it('refuses credentials and framing headers, invalid names and multi-line values; keeps the rest', () => {
    assert.deepEqual(rawHeaders({ Prefer: 'outlook.body-content-type="text"', 'ConsistencyLevel': 'eventual', 'X-N': 3 }),
      { Prefer: 'outlook.body-content-type="text"', ConsistencyLevel: 'eventual', 'X-N': '3' });
    for (const [headers, problem] of [
      [{ Authorization: 'Bearer stolen' }, /signs every request/],
      [{ authorization: 'Basic x' }, /signs every request/],
      [{ 'Proxy-Authorization': 'x' }, /signs every request/],
      [{ Host: 'evil.example' }, /transport sets it/],
      [{ Cookie: 'a=b' }, /transport sets it/],
      [{ 'Content-Length': '0' }, /transport sets it/],
      [{ 'Transfer-Encoding': 'chunked' }, /transport sets it/],
      [{ 'X-HTTP-Method-Override': 'DELETE' }, /an override would make the request act as another/],
      [{ 'X-A': 'a\r\nAuthorization: Bearer x' }, /control characters/],
      [{ 'X-A': 'a\nb' }, /control characters/],
      [{ 'X-A\r\nB': 'x' }, /not an HTTP token/],
      [{ 'X A': 'x' }, /not an HTTP token/],
      [{ 'X-A': { nested: true } }, /must be text/],
      [{ 'x-a': '1', 'X-A': '2' }, /twice/],
    ] as Array<[Record<string, unknown>, RegExp]>) {
      assert.throws(() => rawHeaders(headers), (err: unknown) => err instanceof RawTargetError && problem.test(err.message), JSON.stringify(headers));
    }
  });

  it('takes query options of text, numbers and booleans only', () => {
    assert.deepEqual(rawQuery({ $top: 5, $count: true, $select: 'id' }), { $top: '5', $count: 'true', $select: 'id' });
    assert.throws(() => rawQuery({ $top: { n: 1 } }), /must be text, a number or a boolean/);
    assert.throws(() => rawQuery({ '': 'x' }), /invalid query option name/);
    assert.throws(() => rawQuery({ $filter: 'a\r\nb' }), /control characters/);
  });
});
