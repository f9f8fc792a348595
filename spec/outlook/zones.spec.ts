import assert from 'node:assert/strict';
import { ianaOf, timeZone, wallClock, windowsOf, zonedInstant } from '../../lib/outlook/values/times';
import { CLDR_VERSION, canonicalIana, fromWindows, toWindows, windowsZoneNames } from '../../lib/outlook/values/zones';

describe('Windows <-> IANA time zones (CLDR windowsZones)', () => {
  it('loads the CLDR mapping from cldr-core', () => {
    assert.match(CLDR_VERSION, /^\d+$/);
    const names = windowsZoneNames();
    assert.ok(names.length > 130, `${names.length} Windows zones`);
    assert.ok(names.includes('W. Europe Standard Time') && names.includes('UTC') && names.includes('Dateline Standard Time'));
  });

  it('maps Windows ids to their territory "001" IANA zone, in any letter case', () => {
    assert.deepEqual(fromWindows('W. Europe Standard Time'), { windows: 'W. Europe Standard Time', iana: 'Europe/Berlin' });
    assert.deepEqual(fromWindows('pacific standard time'), { windows: 'Pacific Standard Time', iana: 'America/Los_Angeles' });
    assert.equal(fromWindows('Tokyo Standard Time')?.iana, 'Asia/Tokyo');
    assert.equal(fromWindows('New Zealand Standard Time')?.iana, 'Pacific/Auckland');
    assert.equal(fromWindows('India Standard Time')?.iana, 'Asia/Calcutta');
    assert.equal(fromWindows('Mars Standard Time'), undefined);
  });

  it('maps IANA zones, their aliases and non-default zones of a Windows zone back to it', () => {
    assert.equal(toWindows('Europe/Berlin'), 'W. Europe Standard Time');
    assert.equal(toWindows('Europe/Zurich'), 'W. Europe Standard Time', 'a territory zone, not the 001 default');
    assert.equal(toWindows('America/Los_Angeles'), 'Pacific Standard Time');
    assert.equal(toWindows('America/Vancouver'), 'Pacific Standard Time');
    assert.equal(toWindows('Asia/Kolkata'), 'India Standard Time');
    assert.equal(toWindows('Asia/Calcutta'), 'India Standard Time');
    assert.equal(toWindows('Europe/Kyiv'), toWindows('Europe/Kiev'));
    assert.equal(toWindows('UTC'), 'UTC');
    assert.equal(toWindows('Etc/GMT+5'), 'SA Pacific Standard Time');
    assert.equal(toWindows('Nowhere/Special'), undefined);
    assert.equal(canonicalIana('Asia/Kolkata'), canonicalIana('Asia/Calcutta'));
  });

  it('round-trips every Windows zone through its default IANA zone', () => {
    for (const name of windowsZoneNames()) {
      const iana = fromWindows(name)?.iana;
      assert.ok(iana && canonicalIana(iana), `${name} → ${iana} is known to Intl`);
      assert.equal(toWindows(iana), name, `${name} → ${iana} → back`);
    }
  });

  it('computes with a Windows zone exactly as with its IANA zone, across DST', () => {
    const pst = timeZone('Pacific Standard Time', 'tz');
    assert.ok(pst);
    assert.equal(ianaOf(pst), 'America/Los_Angeles');
    assert.equal(windowsOf(pst), 'Pacific Standard Time');
    const berlin = timeZone('Europe/Berlin', 'tz');
    assert.ok(berlin);
    assert.equal(windowsOf(berlin), 'W. Europe Standard Time');
    // 2026-03-08 is the US spring-forward day: 09:00 is PST before and PDT after.
    assert.equal(zonedInstant('2026-03-07T09:00:00', ianaOf(pst)), Date.parse('2026-03-07T17:00:00Z'));
    assert.equal(zonedInstant('2026-03-09T09:00:00', ianaOf(pst)), Date.parse('2026-03-09T16:00:00Z'));
    assert.equal(wallClock(Date.parse('2026-11-01T09:30:00Z'), ianaOf(timeZone('AUS Eastern Standard Time', 'tz') ?? pst)), '2026-11-01T20:30:00');
  });
});
