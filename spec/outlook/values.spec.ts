import assert from 'node:assert/strict';
import { ConfigurationError } from '../../lib/outlook/errors';
import { emailAddress, optionalBoolean, optionalEnum, optionalId, optionalInteger, stringList } from '../../lib/outlook/values/text';
import { addMinutes, instant, localDateTime, optionalUtc, timeZone, wallClock, zonedInstant } from '../../lib/outlook/values/times';

function rejects(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => err instanceof ConfigurationError && err.field === field);
}

describe('outlook/validate', () => {
  it('reads booleans from mappings and check boxes', () => {
    const table: Array<[unknown, boolean | undefined]> = [
      [true, true], [false, false], ['true', true], ['FALSE', false], ['on', true], ['1', true], [0, false], ['', undefined], [undefined, undefined],
    ];
    for (const [input, expected] of table) assert.equal(optionalBoolean(input, 'flag'), expected, String(input));
    rejects(() => optionalBoolean('maybe', 'flag'), 'flag');
  });

  it('reads whole numbers within a range, from numbers or digit strings', () => {
    assert.equal(optionalInteger('42', 'n', { min: 1, max: 50 }), 42);
    assert.equal(optionalInteger(undefined, 'n', { min: 1, max: 50 }), undefined);
    for (const bad of ['4.5', 'ten', 51, 0, 1.5]) rejects(() => optionalInteger(bad, 'n', { min: 1, max: 50 }), 'n');
  });

  it('reads ids as trimmed text and refuses numbers and ids no path segment can carry', () => {
    assert.equal(optionalId(' AAMk/x= ', 'Mail Folder'), 'AAMk/x=');
    assert.equal(optionalId('  ', 'Mail Folder'), undefined);
    for (const bad of [42, {}, '..', 'inbox\r\nX-Evil: 1']) rejects(() => optionalId(bad, 'Mail Folder'), 'Mail Folder');
  });


  it('matches enum values case-insensitively and returns the canonical spelling', () => {
    assert.equal(optionalEnum('WORKINGELSEWHERE', 'showAs', ['free', 'workingElsewhere'] as const), 'workingElsewhere');
    rejects(() => optionalEnum('away', 'showAs', ['free'] as const), 'showAs');
  });

  it('splits lists on commas, semicolons and new lines', () => {
    assert.deepEqual(stringList('a, b;c\nd', 'x'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(stringList(['a;b', 'c'], 'x'), ['a', 'b', 'c']);
    rejects(() => stringList([1], 'x'), 'x');
  });

  it('accepts ordinary addresses and refuses malformed ones', () => {
    for (const ok of ['a@contoso.com', 'first.last+tag@sub.contoso.co.uk', 'jörg@bücher.de']) assert.equal(emailAddress(ok, 'to'), ok);
    for (const bad of ['a', 'a@', '@b.com', 'a@b', 'a b@c.com', 'a@b..com', 'a@b.c', '<a@b.com>', 'a@b.com,c@d.com']) rejects(() => emailAddress(bad, 'to'), 'to');
  });

  it('normalises local date-times and tells them apart from instants', () => {
    assert.equal(localDateTime('2026-12-01', 'd'), '2026-12-01T00:00:00');
    assert.equal(localDateTime('2026-12-01T09:30', 'd'), '2026-12-01T09:30:00');
    assert.equal(localDateTime('2026-12-01 09:30:15.1234567', 'd'), '2026-12-01T09:30:15');
    assert.equal(localDateTime('2026-12-01T09:30:00Z', 'd'), undefined);
    for (const bad of ['2026-02-29T10:00', '2026-13-01', '01.12.2026', '2026-12-01T25:00']) rejects(() => localDateTime(bad, 'd'), 'd');
    assert.equal(instant('2026-12-01T09:30:00+0100', 'd'), Date.parse('2026-12-01T08:30:00Z'));
    assert.equal(instant('2026-12-01T09:30', 'd'), undefined);
    assert.equal(optionalUtc('2026-11-20T10:00:00+01:00', 'd'), '2026-11-20T09:00:00Z');
    assert.equal(optionalUtc('2026-11-20', 'd'), '2026-11-20T00:00:00Z');
  });

  it('accepts IANA and Windows time-zone names and refuses unknown ones', () => {
    assert.deepEqual(timeZone('europe/berlin', 'tz'), { name: 'Europe/Berlin', iana: true });
    assert.deepEqual(timeZone('UTC', 'tz'), { name: 'UTC', iana: true });
    assert.deepEqual(timeZone('W. Europe Standard Time', 'tz'), { name: 'W. Europe Standard Time', iana: false });
    assert.deepEqual(timeZone('UTC-11', 'tz'), { name: 'UTC-11', iana: false });
    assert.deepEqual(timeZone('pacific standard time', 'tz'), { name: 'Pacific Standard Time', iana: false }, 'Windows names in CLDR\'s spelling');
    assert.deepEqual(timeZone('Asia/Kolkata', 'tz'), { name: 'Asia/Kolkata', iana: true }, 'an IANA alias is kept as written');
    assert.equal(timeZone('', 'tz'), undefined);
    // A made-up Windows-looking name is refused now that Windows names come from CLDR, not from their shape.
    for (const bad of ['Europe/Berln', 'Pacific Standart Time', 'GMT+25', 'Mars Standard Time', 'Etc/GMT+14']) rejects(() => timeZone(bad, 'tz'), 'tz');
  });

  it('converts between wall clocks and instants across daylight-saving changes', () => {
    assert.equal(wallClock(Date.parse('2026-07-01T07:00:00Z'), 'Europe/Berlin'), '2026-07-01T09:00:00');
    assert.equal(wallClock(Date.parse('2026-12-01T07:00:00Z'), 'Europe/Berlin'), '2026-12-01T08:00:00');
    assert.equal(zonedInstant('2026-03-29T03:30:00', 'Europe/Berlin'), Date.parse('2026-03-29T01:30:00Z'));
    assert.equal(zonedInstant('2026-11-01T01:30:00', 'America/New_York'), Date.parse('2026-11-01T05:30:00Z'));
    assert.equal(addMinutes('2026-12-31T23:50:00', 15), '2027-01-01T00:05:00');
  });
});
