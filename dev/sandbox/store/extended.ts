/**
 * Single-value extended properties (learn.microsoft.com/graph/api/resources/extended-properties-overview): ids
 * `{type} {guid} Name {name}`, `{type} {guid} Id 0x…` or `{type} 0x…` (a MAPI tag). Filtering compares the GUID and
 * the type case-insensitively and the name case-sensitively (singlevaluelegacyextendedproperty-get: "Filtering the
 * string name (Name) in the id of an extended property is case-sensitive"); values compare case-insensitively.
 */
import { GraphHttpError } from '../http/errors';

export interface ExtendedProperty { id: string; value: string }
export interface MultiValueExtendedProperty { id: string; value: string[] }

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

/** Multi-value types (multivaluelegacyextendedproperty-post-multivalueextendedproperties). */
const ARRAY_TYPES = ['BinaryArray', 'CLSIDArray', 'CurrencyArray', 'DoubleArray', 'FloatArray', 'IntegerArray', 'LongArray', 'ShortArray',
  'StringArray', 'SystemTimeArray'];

/** A multi-value id, canonical as the single-value ones, with one of the documented array types. */
export function canonicalMultiValueId(id: string): string | undefined {
  const m = /^(\w+)(\s.*)$/.exec(id.trim());
  const type = ARRAY_TYPES.find((t) => t.toLowerCase() === m?.[1].toLowerCase());
  if (!m || !type) return undefined;
  // The rest has the single-value form; borrow its canonicaliser through a known type.
  const rest = canonicalExtendedId(`String${m[2]}`);
  return rest === undefined ? undefined : `${type}${rest.slice('String'.length)}`;
}

/** The `multiValueExtendedProperties` of a request body: `[{id, value: [strings]}]`. */
export function parseMultiValueExtendedProperties(value: unknown): MultiValueExtendedProperty[] {
  if (!Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'multiValueExtendedProperties' must be a collection.");
  return value.map((p) => {
    const { id, value: v } = (typeof p === 'object' && p !== null ? p : {}) as { id?: unknown; value?: unknown };
    const canonical = typeof id === 'string' ? canonicalMultiValueId(id) : undefined;
    if (!canonical) throw new GraphHttpError(400, 'BadRequest', `The extended property id '${String(id)}' is not valid.`);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw new GraphHttpError(400, 'RequestBodyRead', `The value of the extended property '${canonical}' must be a collection of strings.`);
    }
    return { id: canonical, value: v as string[] };
  });
}

/**
 * The `extensions` of a request body: open extensions (opentypeextension-post-opentypeextension), each
 * `{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": …, …custom data}`; Graph answers them with
 * the id `Microsoft.OutlookServices.OpenTypeExtension.{extensionName}`.
 */
export function parseOpenExtensions(value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'extensions' must be a collection.");
  return value.map((e) => {
    const ext = (typeof e === 'object' && e !== null && !Array.isArray(e) ? e : {}) as Record<string, unknown>;
    const type = String(ext['@odata.type'] ?? '').replace(/^#/, '');
    if (type !== 'microsoft.graph.openTypeExtension') {
      throw new GraphHttpError(400, 'RequestBodyRead', 'An extension needs "@odata.type": "microsoft.graph.openTypeExtension".');
    }
    if (typeof ext.extensionName !== 'string' || ext.extensionName.trim() === '') throw new GraphHttpError(400, 'RequestBodyRead', 'An open extension needs an extensionName.');
    const { '@odata.type': _type, id: _id, ...data } = ext;
    return { '@odata.type': '#microsoft.graph.openTypeExtension', id: `Microsoft.OutlookServices.OpenTypeExtension.${ext.extensionName}`, ...data };
  });
}
