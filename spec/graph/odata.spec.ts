import assert from 'node:assert/strict';
import { InvalidPathError } from '../../lib/graph/errors';
import { dateTimeLiteral, encodeRfc3986, extendedPropertyFilter, literal, queryString } from '../../lib/graph/odata';
import { graph, recorder, testClient } from '../support/graph';

describe('graph/odata', () => {
  describe('literal', () => {
    const table: Array<[string, string]> = [
      ['plain', "'plain'"],
      ["let's meet", "'let''s meet'"],
      ["x' or true", "'x'' or true'"],
      ["x') or (1 eq 1", "'x'') or (1 eq 1'"],
      ["''", "''''''"],
      ["'", "''''"],
      ['', "''"],
      ['a&b=c#d', "'a&b=c#d'"],
      ['Zoë – 東京', "'Zoë – 東京'"],
    ];
    for (const [value, expected] of table) {
      it(`${JSON.stringify(value)} → ${expected}`, () => assert.equal(literal(value), expected));
    }

    it('keeps a hostile subject inside one string literal on the wire', async () => {
      const { client } = testClient();
      const rec = recorder();
      graph().get('/v1.0/me/messages').query(true).reply(rec.reply(200, { value: [] }));
      await client.get('/me/messages', { $filter: `subject eq ${literal("x' or true or subject eq 'y")}` });
      const sent = new URL(`https://h${rec.seen[0].uri}`).searchParams.get('$filter');
      assert.equal(sent, "subject eq 'x'' or true or subject eq ''y'");
      // Odd-length runs of quotes only at the literal's two ends: the value cannot close the string early.
      const quoteRuns = (sent ?? '').match(/'+/g) ?? [];
      assert.deepEqual(quoteRuns.map((q) => q.length % 2), [1, 0, 0, 1]);
    });
  });

  describe('extendedPropertyFilter', () => {
    it('builds the documented any() filter on id and value, quoting both', () => {
      assert.equal(extendedPropertyFilter("String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Key", "o'brien"),
        "singleValueExtendedProperties/any(ep: ep/id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Key' and ep/value eq 'o''brien')");
    });
  });

  describe('queryString', () => {
    const table: Array<[Record<string, string | number | boolean | undefined> | undefined, string]> = [
      [undefined, ''],
      [{}, ''],
      [{ $top: undefined }, ''],
      [{ $top: 10 }, '?$top=10'],
      [{ $select: 'id,subject', $top: 1 }, '?$select=id%2Csubject&$top=1'],
      [{ $filter: "subject eq 'a b'" }, '?$filter=subject%20eq%20%27a%20b%27'],
      [{ $search: '"pizza"' }, '?$search=%22pizza%22'],
      [{ startDateTime: '2026-11-23T00:00:00+01:00' }, '?startDateTime=2026-11-23T00%3A00%3A00%2B01%3A00'],
      [{ $count: true, includeHiddenFolders: false }, '?$count=true&includeHiddenFolders=false'],
      [{ 'a&b': 'c=d' }, '?a%26b=c%3Dd'],
      [{ '$x&y': '1' }, '?$x%26y=1'],
      [{ q: "!'()*" }, '?q=%21%27%28%29%2A'],
    ];
    for (const [query, expected] of table) {
      it(`${JSON.stringify(query)} → ${JSON.stringify(expected)}`, () => assert.equal(queryString(query), expected));
    }

    it('encodeRfc3986 leaves unreserved characters alone', () => {
      assert.equal(encodeRfc3986('AZaz09-._~'), 'AZaz09-._~');
    });
  });

  describe('dateTimeLiteral', () => {
    const valid: Array<[string, string]> = [
      ['2024-05-01T08:00:00Z', '2024-05-01T08:00:00Z'],
      ['2024-05-01T08:00:00.123Z', '2024-05-01T08:00:00.123Z'],
      ['2022-07-07T06:32:51.7112644Z', '2022-07-07T06:32:51.7112644Z'],
      ['2024-05-01T10:00:00+02:00', '2024-05-01T08:00:00Z'],
      ['2024-05-01T01:30:00-05:30', '2024-05-01T07:00:00Z'],
      ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00Z'],
      ['2022-07-07T06:32:51.7112644+01:00', '2022-07-07T05:32:51.7112644Z'],
      ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
    ];
    for (const [value, expected] of valid) {
      it(`${value} → ${expected}`, () => assert.equal(dateTimeLiteral(value), expected));
    }

    const invalid = [
      '2024-05-01', '2024-05-01T08:00:00', '2024-05-01 08:00:00Z', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T08:60:00Z', '2024-05-01T08:00:00.12345678Z',
      "2024-05-01T08:00:00Z' or true", 'yesterday', '', '1714550400',
    ];
    for (const value of invalid) {
      it(`refuses ${JSON.stringify(value)} as a literal, naming what it is`, () => {
        assert.throws(() => dateTimeLiteral(value, 'Start Time'),
          (err: unknown) => err instanceof InvalidPathError && err.what === 'Start Time' && err.message.startsWith('Start Time: '));
      });
    }
  });
});
