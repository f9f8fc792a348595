/**
 * Single-value extended properties (learn.microsoft.com/graph/api/resources/extended-properties-overview): ids
 * `{type} {guid} Name {name}`, `{type} {guid} Id 0x…` or `{type} 0x…` (a MAPI tag). Filtering compares the GUID and
 * the type case-insensitively and the name case-sensitively (singlevaluelegacyextendedproperty-get: "Filtering the
 * string name (Name) in the id of an extended property is case-sensitive"); values compare case-insensitively.
 */
import { GraphHttpError } from '../http/errors';

export interface ExtendedProperty { id: string; value: string }

const TYPES = ['Binary', 'Boolean', 'CLSID', 'Currency', 'Double', 'Float', 'Integer', 'Long', 'Object', 'Short', 'String', 'SystemTime'];
const NAMED = /^(\w+)\s+\{([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}\s+(Name|Id)\s+(\S.*)$/i;
const TAGGED = /^(\w+)\s+(0x[0-9a-f]{1,4})$/i;

/** The id as the store keeps it: type as documented, GUID and tags in lower case, the name as written. */
export function canonicalExtendedId(id: string): string | undefined {
  const named = NAMED.exec(id.trim());
  const tagged = named ? undefined : TAGGED.exec(id.trim());
  const type = TYPES.find((t) => t.toLowerCase() === (named ?? tagged)?.[1].toLowerCase());
  if (!type) return undefined;
  if (tagged) return `${type} ${tagged[2].toLowerCase()}`;
  const [, , guid, kind, name] = named as RegExpExecArray;
  return kind.toLowerCase() === 'id' ? `${type} {${guid.toLowerCase()}} Id ${name.toLowerCase()}` : `${type} {${guid.toLowerCase()}} Name ${name}`;
}

/** The `singleValueExtendedProperties` of a request body, checked; the sandbox's own 400 for a malformed one. */
export function parseExtendedProperties(value: unknown): ExtendedProperty[] {
  if (!Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'singleValueExtendedProperties' must be a collection.");
  return value.map((p) => {
    const { id, value: v } = (typeof p === 'object' && p !== null ? p : {}) as { id?: unknown; value?: unknown };
    const canonical = typeof id === 'string' ? canonicalExtendedId(id) : undefined;
    if (!canonical) throw new GraphHttpError(400, 'BadRequest', `The extended property id '${String(id)}' is not valid.`);
    if (typeof v !== 'string') throw new GraphHttpError(400, 'RequestBodyRead', `The value of the extended property '${canonical}' must be a string.`);
    return { id: canonical, value: v };
  });
}

/** How a `$filter` literal compares with a stored id: through the same canonical form. */
export function extendedIdKey(text: string): string {
  return canonicalExtendedId(text) ?? text;
}
