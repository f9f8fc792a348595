/**
 * Checks requests and responses against Graph's published v1.0 schema (the extract in v1.0.json, see extract.ts):
 * a path, method, query option, property or enum value that the schema does not declare, or a value of the wrong type
 * or format, is a violation. The sandbox reports every exchange it serves (Sandbox.observe), so a spec can hold both
 * the component's requests and the sandbox's answers to the schema.
 */
import schemaJson from './v1.0.json';
import { PRIMITIVE_TYPES, type GraphSchema, type Operation, type TypeDef } from './extract';

export const SCHEMA = schemaJson as unknown as GraphSchema;

/**
 * Paths Graph documents that the schema does not model; each names its documentation. Their bodies are not checked
 * against a type (the documentation gives no schema type for them).
 */
export const DOCUMENTED_EXTRAS: Array<{ pattern: string; methods: string[]; doc: string; response?: string }> = [
  { pattern: '/$batch', methods: ['post'], doc: 'https://learn.microsoft.com/graph/json-batching' },
  // "Get the raw contents of a file or item attachment" (attachment-get, "Get raw contents of an attachment").
  { pattern: '/users/{id}/messages/{id}/attachments/{id}/$value', methods: ['get'], doc: 'https://learn.microsoft.com/graph/api/attachment-get' },
  { pattern: '/users/{id}/mailFolders/{id}/messages/{id}/attachments/{id}/$value', methods: ['get'], doc: 'https://learn.microsoft.com/graph/api/attachment-get' },
  { pattern: '/users/{id}/events/{id}/attachments/{id}/$value', methods: ['get'], doc: 'https://learn.microsoft.com/graph/api/attachment-get' },
  // "To get specific settings - only the automatic replies settings, …" (user-get-mailboxsettings).
  {
    pattern: '/users/{id}/mailboxSettings/automaticRepliesSetting', methods: ['get'], response: 'automaticRepliesSetting',
    doc: 'https://learn.microsoft.com/graph/api/user-get-mailboxsettings',
  },
];

/** Query options Graph writes into the nextLink and deltaLink it returns; a client only follows them. */
const LINK_TOKENS = new Set(['$skiptoken', '$deltatoken']);

const FORMATS: Record<string, RegExp> = {
  dateTimeOffset: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  timeOfDay: /^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/,
  duration: /^-?P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  binary: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

const FILTER_WORDS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'true', 'false', 'null', 'any', 'all',
  'contains', 'startswith', 'endswith', 'has', 'in', 'tolower', 'toupper', 'length', 'indexof', 'substring', 'trim', 'concat',
  'year', 'month', 'day', 'hour', 'minute', 'second', 'date', 'time', 'now', 'cast', 'isof']);

export interface Property { name: string; type: string; navigation: boolean }

interface Resolved { pattern: string; op?: Operation; documented?: boolean }

const elementOf = (type: string): string => type.replace(/^Collection\((.*)\)$/, '$1');
const isCollection = (type: string): boolean => type.startsWith('Collection(');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class GraphConformance {
  private readonly patterns: Array<{ pattern: string; segments: string[] }>;

  constructor(readonly schema: GraphSchema = SCHEMA) {
    this.patterns = [...Object.keys(schema.paths), ...DOCUMENTED_EXTRAS.map((e) => e.pattern)]
      .map((pattern) => ({ pattern, segments: pattern.split('/').slice(1) }));
  }

  type(name: string): TypeDef | undefined {
    return this.schema.types[name];
  }

  /** A type's properties, its bases' included, by lower-case name. */
  properties(typeName: string): Map<string, Property> {
    const out = new Map<string, Property>();
    for (let name: string | undefined = typeName; name; name = this.type(name)?.base) {
      const type = this.type(name);
      if (!type) break;
      for (const [p, t] of Object.entries(type.properties)) if (!out.has(p.toLowerCase())) out.set(p.toLowerCase(), { name: p, type: t, navigation: false });
      for (const [p, t] of Object.entries(type.navigation)) if (!out.has(p.toLowerCase())) out.set(p.toLowerCase(), { name: p, type: t, navigation: true });
    }
    return out;
  }

  isA(typeName: string, ancestor: string): boolean {
    for (let name: string | undefined = typeName; name; name = this.type(name)?.base) if (name === ancestor) return true;
    return false;
  }

  /** The schema path of a request path's segments (decoded, without "v1.0"; "me" stands for users/{id}). */
  resolve(segments: readonly string[]): Resolved | undefined {
    const parts = segments[0] === 'v1.0' ? segments.slice(1) : [...segments];
    if (parts[0]?.toLowerCase() === 'me') parts.splice(0, 1, 'users', '{me}');
    let best: { pattern: string; score: number } | undefined;
    for (const { pattern, segments: wanted } of this.patterns) {
      if (wanted.length !== parts.length) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < wanted.length && ok; i += 1) {
        const literal = literalMatch(wanted[i], parts[i]);
        if (literal) score += 1;
        else if (wanted[i] !== '{id}' || isKnownLiteral(parts[i])) ok = false;
      }
      if (ok && (!best || score > best.score)) best = { pattern, score };
    }
    if (!best) return undefined;
    const documented = DOCUMENTED_EXTRAS.find((e) => e.pattern === best.pattern);
    return { pattern: best.pattern, documented: Boolean(documented) };
  }

  operation(method: string, segments: readonly string[]): { resolved?: Resolved; problem?: string } {
    const resolved = this.resolve(segments);
    const where = `/${segments.join('/')}`;
    if (!resolved) return { problem: `${method} ${where}: no such path in Graph v1.0` };
    const m = method.toLowerCase();
    if (resolved.documented) {
      const extra = DOCUMENTED_EXTRAS.find((e) => e.pattern === resolved.pattern);
      if (!extra?.methods.includes(m)) return { problem: `${method} ${where}: ${resolved.pattern} takes no ${method}` };
      return { resolved: extra.response ? { ...resolved, op: { query: [], response: extra.response } } : resolved };
    }
    const op = this.schema.paths[resolved.pattern][m];
    if (!op) return { problem: `${method} ${where}: ${resolved.pattern} takes no ${method} (only ${Object.keys(this.schema.paths[resolved.pattern]).join(', ')})` };
    return { resolved: { ...resolved, op } };
  }

  /** The type of the items a response lists (its `value`), or the response type itself. */
  itemType(op: Operation): string | undefined {
    if (!op.response) return undefined;
    const value = this.properties(op.response).get('value');
    return value && isCollection(value.type) ? elementOf(value.type) : op.response;
  }

  checkRequest(method: string, segments: readonly string[], query: Record<string, string>, body: unknown): string[] {
    const { resolved, problem } = this.operation(method, segments);
    if (problem) return [problem];
    const op = resolved?.op;
    if (!op) return [];
    const where = `${method} ${resolved.pattern}`;
    const out: string[] = [];
    const item = this.itemType(op);
    for (const [rawName, value] of Object.entries(query)) {
      const name = rawName.toLowerCase();
      if (LINK_TOKENS.has(name)) continue;
      if (!op.query.some((q) => q.toLowerCase() === name)) { out.push(`${where}: query option ${rawName} is not offered`); continue; }
      if (!item) continue;
      if (name === '$select') for (const p of splitTop(value)) out.push(...this.checkPath(item, p, `${where} $select`));
      if (name === '$orderby') for (const p of splitTop(value)) out.push(...this.checkPath(item, p.trim().split(/\s+/)[0], `${where} $orderby`));
      if (name === '$expand') {
        for (const p of splitTop(value)) {
          const nav = p.split('(')[0].trim();
          const prop = this.properties(item).get(nav.toLowerCase());
          if (!prop?.navigation) out.push(`${where} $expand: ${nav} is not a navigation property of ${item}`);
        }
      }
      if (name === '$filter') out.push(...this.checkFilter(item, value, `${where} $filter`));
    }
    if (op.body !== undefined && body !== undefined) out.push(...this.checkValue(op.body, body, `${where} body`, 'request'));
    return out;
  }

  checkResponse(method: string, segments: readonly string[], status: number, json: unknown): string[] {
    if (status < 200 || status >= 300 || json === undefined) return [];
    const { resolved } = this.operation(method, segments);
    if (!resolved?.op?.response) return [];
    return this.checkValue(resolved.op.response, json, `${method} ${resolved.pattern} response`, 'response');
  }

  /** A value against a schema type: property names, enum members, primitive types and formats, nested. */
  checkValue(type: string, value: unknown, at: string, mode: 'request' | 'response'): string[] {
    if (value === null || value === undefined) return [];
    if (isCollection(type)) {
      if (!Array.isArray(value)) return [`${at}: expected a collection (${type}), got ${typeof value}`];
      return value.flatMap((v, i) => this.checkValue(elementOf(type), v, `${at}[${i}]`, mode));
    }
    if (type.startsWith('enum:')) {
      const members = this.schema.enums[type.slice(5)] ?? [];
      const text = typeof value === 'string' ? value : undefined;
      // Flag enums are written as a comma-separated list of members.
      const parts = text?.split(',').map((s) => s.trim()) ?? [];
      if (text === undefined || parts.some((p) => !members.includes(p))) return [`${at}: ${JSON.stringify(value)} is not a member of ${type.slice(5)} (${members.join(', ')})`];
      return [];
    }
    if (PRIMITIVE_TYPES.has(type)) return checkPrimitive(type, value, at);
    if (!isRecord(value)) return [`${at}: expected a ${type} object, got ${JSON.stringify(value).slice(0, 60)}`];
    let actual = type;
    const discriminator = value['@odata.type'];
    if (typeof discriminator === 'string') {
      const named = discriminator.replace(/^#?microsoft\.graph\./, '');
      if (!this.type(named)) return [`${at}: @odata.type ${discriminator} is not a type of the schema extract`];
      if (!this.isA(named, type)) return [`${at}: @odata.type ${discriminator} is not a ${type}`];
      actual = named;
    }
    if (!this.type(actual)) return [`${at}: type ${actual} is not in the extract`];
    const open = this.isA(actual, 'openTypeExtension');
    const props = this.properties(actual);
    const out: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (key.startsWith('@odata.') || key === '@removed' || (mode === 'request' && key.startsWith('@'))) continue;
      const prop = props.get(key.toLowerCase());
      if (!prop) {
        if (!open) out.push(`${at}: ${actual} has no property ${key}`);
        continue;
      }
      if (mode === 'response' && prop.name !== key) out.push(`${at}: ${key} is spelled ${prop.name} in the schema`);
      out.push(...this.checkValue(prop.type, v, `${at}.${prop.name}`, mode));
    }
    return out;
  }

  /** A property path (a/b/c) of a type: each step a property, through complex types and collections. */
  checkPath(typeName: string, path: string, at: string): string[] {
    let type = typeName;
    for (const step of path.split('/')) {
      if (step === '') return [`${at}: empty property name`];
      const prop = this.properties(elementOf(type)).get(step.toLowerCase());
      if (!prop) return [`${at}: ${elementOf(type)} has no property ${step}`];
      type = prop.type;
    }
    return [];
  }

  /** The property paths a $filter names (outside string literals; lambda variables resolved to their collection). */
  checkFilter(typeName: string, filter: string, at: string): string[] {
    const text = filter.replace(/'(?:[^']|'')*'/g, "''");
    const lambdas = new Map<string, string>();
    for (const m of text.matchAll(/([A-Za-z][\w/]*)\/(?:any|all)\(\s*(\w+)\s*:/g)) lambdas.set(m[2], m[1]);
    const out: string[] = [];
    // A path starts after a non-word character other than . - / (so `any(a:a/address` reads `a/address`, a lambda path).
    for (const m of text.matchAll(/(?<![\w'./-])([A-Za-z_][\w]*(?:\/[A-Za-z_]\w*)*)(?![\w(:]|\s*\()/g)) {
      const path = m[1];
      const [head, ...rest] = path.split('/');
      if (FILTER_WORDS.has(head.toLowerCase()) || /^\d/.test(head) || /^(any|all)$/.test(rest[rest.length - 1] ?? '')) continue;
      if (lambdas.has(head)) {
        const collection = lambdas.get(head) as string;
        if (rest.length) out.push(...this.checkPath(typeName, `${collection}/${rest.join('/')}`, at));
        continue;
      }
      const clean = path.replace(/\/(any|all)$/, '');
      out.push(...this.checkPath(typeName, clean, at));
    }
    return out;
  }
}

function checkPrimitive(type: string, value: unknown, at: string): string[] {
  switch (type) {
    case 'string': return typeof value === 'string' ? [] : [`${at}: expected a string, got ${JSON.stringify(value)}`];
    case 'boolean': return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
    case 'number': return typeof value === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    default: {
      const format = FORMATS[type];
      if (typeof value !== 'string' || !format.test(value)) return [`${at}: expected ${type}, got ${JSON.stringify(value)}`];
      return [];
    }
  }
}

/** A comma-separated list, ignoring commas inside parentheses ($expand=a($select=b,c),d). */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) { out.push(current.trim()); current = ''; } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** A schema segment against a request segment: equal ignoring case, `delta()` as `delta`, a function by its name. */
function literalMatch(wanted: string, actual: string): boolean {
  if (wanted.startsWith('{')) return false;
  const w = wanted.toLowerCase();
  const a = actual.toLowerCase();
  if (w === a) return true;
  if (w.endsWith('()')) return a === w.slice(0, -2) || a === w;
  const paren = w.indexOf('(');
  return paren > 0 && a.startsWith(`${w.slice(0, paren)}(`);
}

/** A request segment that is a path keyword, never an id. */
function isKnownLiteral(segment: string): boolean {
  return segment.startsWith('$') || /^[a-z]+\(.*\)$/i.test(segment);
}
