/**
 * Windows ↔ IANA time-zone names, from Unicode CLDR's windowsZones mapping (the `cldr-core` package,
 * supplemental/windowsZones.json; https://cldr.unicode.org/development/development-process/design-proposals/extended-windows-olson-zid-mapping).
 * Each Windows zone has a default IANA zone (territory "001"); each IANA zone CLDR lists belongs to exactly one
 * Windows zone. IANA aliases (Asia/Kolkata and Asia/Calcutta, Europe/Kyiv and Europe/Kiev) are matched through
 * Intl's canonical form, so whichever spelling CLDR or the ICU in use prefers, both resolve.
 */
import windowsZones from 'cldr-core/supplemental/windowsZones.json';

interface MapZone { _other: string; _type: string; _territory: string }

const entries: MapZone[] = (windowsZones as { supplemental: { windowsZones: { mapTimezones: Array<{ mapZone: MapZone }> } } })
  .supplemental.windowsZones.mapTimezones.map((m) => m.mapZone);

/** Lower-cased Windows id → [Windows id as CLDR spells it, its default ("001") IANA zone]. */
const WINDOWS = new Map<string, { windows: string; iana: string }>();
/** Intl-canonical IANA id → Windows id; the "001" entries first, so a default zone always names its own Windows zone. */
const IANA = new Map<string, string>();

function canonical(iana: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

for (const e of [...entries.filter((x) => x._territory === '001'), ...entries.filter((x) => x._territory !== '001')]) {
  const zones = e._type.split(' ').filter(Boolean);
  if (e._territory === '001') WINDOWS.set(e._other.toLowerCase(), { windows: e._other, iana: zones[0] });
  for (const zone of zones) {
    const key = canonical(zone);
    if (key !== undefined && !IANA.has(key)) IANA.set(key, e._other);
  }
}

/** The CLDR release the mapping comes from. */
export const CLDR_VERSION: string = (windowsZones as { supplemental: { version: { _cldrVersion: string } } }).supplemental.version._cldrVersion;

/** Every Windows time-zone id CLDR knows, as it spells them. */
export function windowsZoneNames(): string[] {
  return [...WINDOWS.values()].map((w) => w.windows);
}

/** A Windows id (any letter case) → its CLDR spelling and default IANA zone; undefined when CLDR does not know it. */
export function fromWindows(name: string): { windows: string; iana: string } | undefined {
  return WINDOWS.get(name.trim().toLowerCase());
}

/** An IANA zone (or an alias of one) → the Windows id CLDR maps it to; undefined when neither Intl nor CLDR has it. */
export function toWindows(iana: string): string | undefined {
  const key = canonical(iana.trim());
  return key === undefined ? undefined : IANA.get(key);
}

/** An IANA zone's canonical spelling (as Intl resolves it), or undefined when Intl does not know it. */
export function canonicalIana(iana: string): string | undefined {
  return iana.trim() === '' ? undefined : canonical(iana.trim());
}
