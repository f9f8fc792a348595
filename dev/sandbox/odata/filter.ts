/**
 * A small OData `$filter` parser and evaluator: comparisons, and/or/not, parentheses, `in`, startswith/endswith/
 * contains, `any` lambdas, property paths and typed literals. DateTimeOffset literals are unquoted and compared at
 * the precision they are written with; comparing a date property with a string (or a string with a date) is a
 * type error, as in Graph. Anything else is refused with 400 rather than silently ignored.
 */
import { GraphHttpError } from '../http/errors';
import type { EntitySchema } from '../store/schema';

export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface DateValue { sec: number; frac: number; digits: number }

export type Literal =
  | { t: 'lit'; kind: 'string'; value: string }
  | { t: 'lit'; kind: 'bool'; value: boolean }
  | { t: 'lit'; kind: 'null'; value: null }
  | { t: 'lit'; kind: 'number'; value: number }
  | { t: 'lit'; kind: 'guid'; value: string }
  | { t: 'lit'; kind: 'datetime'; value: DateValue; text: string };

export interface PropRef { t: 'prop'; path: string[]; lambda?: string }
export type Operand = Literal | PropRef;

export type FilterNode =
  | { t: 'and' | 'or'; l: FilterNode; r: FilterNode }
  | { t: 'not'; e: FilterNode }
  | { t: 'cmp'; op: CmpOp; l: Operand; r: Operand }
  | { t: 'in'; l: PropRef; list: Literal[] }
  | { t: 'fn'; name: 'startswith' | 'endswith' | 'contains'; prop: PropRef; arg: { t: 'lit'; kind: 'string'; value: string } }
  | { t: 'any'; prop: PropRef; v?: string; e?: FilterNode }
  | { t: 'truthy'; prop: PropRef };

export interface ParsedFilter {
  root: FilterNode;
  /** Property paths (joined by `/`) in order of first appearance, for the InefficientFilter rule. */
  properties: string[];
}

type Token =
  | { k: 'punct'; v: '(' | ')' | ',' | ':' ; pos: number }
  | { k: 'string'; v: string; pos: number }
  | { k: 'word'; v: string; pos: number }
  | { k: 'datetime'; v: DateValue; text: string; pos: number }
  | { k: 'guid'; v: string; pos: number }
  | { k: 'number'; v: number; pos: number };

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const UNSUPPORTED_OPS = new Set(['has', 'add', 'sub', 'mul', 'div', 'mod']);

function syntax(text: string, pos: number, what: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', `Invalid filter clause: ${what} at position ${pos} in '${text}'.`);
}

export function parseDate(m: RegExpExecArray, text: string, pos: number): DateValue {
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const hasTime = h !== undefined;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hasTime ? Number(h) : 0, hasTime ? Number(mi) : 0, s ? Number(s) : 0);
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || (hasTime && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59))) {
    throw syntax(text, pos, `the DateTimeOffset '${m[0]}' is out of range`);
  }
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const digits = frac ? frac.length : 0;
  return { sec: Math.floor(ms / 1000), frac: frac ? Number(frac.padEnd(7, '0')) : 0, digits };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i += 1; continue; }
    if ('(),:'.includes(c)) { tokens.push({ k: 'punct', v: c as '(' | ')' | ',' | ':', pos: i }); i += 1; continue; }
    if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw syntax(text, i, 'unterminated string literal');
        if (text[j] === "'") {
          if (text[j + 1] === "'") { value += "'"; j += 2; continue; }
          break;
        }
        value += text[j];
        j += 1;
      }
      tokens.push({ k: 'string', v: value, pos: i });
      i = j + 1;
      continue;
    }
    if (c === '"') throw syntax(text, i, 'string literals take single quotes');
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid) { tokens.push({ k: 'guid', v: guid[0].toLowerCase(), pos: i }); i += guid[0].length; continue; }
    const dt = DATETIME.exec(rest);
    if (dt) { tokens.push({ k: 'datetime', v: parseDate(dt, text, i), text: dt[0], pos: i }); i += dt[0].length; continue; }
    const num = /^-?\d+(\.\d+)?(?![\w.])/.exec(rest);
    if (num) { tokens.push({ k: 'number', v: Number(num[0]), pos: i }); i += num[0].length; continue; }
    const word = /^[A-Za-z_@$][\w@.$]*(\/[A-Za-z_@$][\w@.$]*)*/.exec(rest);
    if (word) {
      // `prop/any(` : split the lambda off the path.
      tokens.push({ k: 'word', v: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw syntax(text, i, `unexpected character '${c}'`);
  }
  return tokens;
}

export function parseFilter(text: string, schema: EntitySchema): ParsedFilter {
  const tokens = tokenize(text);
  const properties: string[] = [];
  let p = 0;
  const lambdas: string[] = [];
  const peek = (): Token | undefined => tokens[p];
  const isWord = (t: Token | undefined, w: string): boolean => t?.k === 'word' && t.v.toLowerCase() === w;
  const expect = (v: string): void => {
    const t = tokens[p];
    if (!t || t.k !== 'punct' || t.v !== v) throw syntax(text, t?.pos ?? text.length, `'${v}' expected`);
    p += 1;
  };

  const propRef = (raw: string, pos: number): PropRef => {
    const parts = raw.split('/');
    const head = parts[0];
    if (lambdas.includes(head)) return { t: 'prop', path: parts.slice(1), lambda: head };
    const canonical = schema.canonical.get(head.toLowerCase());
    if (!canonical) {
      throw new GraphHttpError(400, 'BadRequest', `Could not find a property named '${head}' on type 'microsoft.graph.${schema.type}'.`);
    }
    const path = [canonical, ...parts.slice(1)];
    const key = path.join('/');
    if (!properties.includes(key)) properties.push(key);
    void pos;
    return { t: 'prop', path };
  };

  const literal = (): Literal | undefined => {
    const t = peek();
    if (!t) return undefined;
    if (t.k === 'string') { p += 1; return { t: 'lit', kind: 'string', value: t.v }; }
    if (t.k === 'number') { p += 1; return { t: 'lit', kind: 'number', value: t.v }; }
    if (t.k === 'guid') { p += 1; return { t: 'lit', kind: 'guid', value: t.v }; }
    if (t.k === 'datetime') { p += 1; return { t: 'lit', kind: 'datetime', value: t.v, text: t.text }; }
    if (isWord(t, 'true') || isWord(t, 'false')) { p += 1; return { t: 'lit', kind: 'bool', value: t.k === 'word' && t.v.toLowerCase() === 'true' }; }
    if (isWord(t, 'null')) { p += 1; return { t: 'lit', kind: 'null', value: null }; }
    return undefined;
  };

  const operand = (): Operand => {
    const lit = literal();
    if (lit) return lit;
    const t = peek();
    if (t?.k === 'word') {
      if (tokens[p + 1]?.k === 'punct' && (tokens[p + 1] as { v: string }).v === '(') {
        throw new GraphHttpError(400, 'BadRequest', `The function '${t.v}' is not supported in this position of $filter.`);
      }
      p += 1;
      return propRef(t.v, t.pos);
    }
    throw syntax(text, t?.pos ?? text.length, 'an operand was expected');
  };

  const primary = (): FilterNode => {
    const t = peek();
    if (t?.k === 'punct' && t.v === '(') {
      p += 1;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (t?.k === 'word') {
      const lower = t.v.toLowerCase();
      const next = tokens[p + 1];
      const callsFunction = next?.k === 'punct' && next.v === '(';
      if (callsFunction && (lower === 'startswith' || lower === 'endswith' || lower === 'contains')) {
        p += 2;
        const prop = operand();
        expect(',');
        const arg = literal();
        expect(')');
        if (prop.t !== 'prop' || !arg || arg.kind !== 'string') throw syntax(text, t.pos, `${lower}(property, 'text') expected`);
        return { t: 'fn', name: lower, prop, arg: { t: 'lit', kind: 'string', value: arg.value } };
      }
      const anyMatch = /^(.*)\/(any|all)$/i.exec(t.v);
      if (callsFunction && anyMatch) {
        if (anyMatch[2].toLowerCase() === 'all') throw new GraphHttpError(400, 'BadRequest', "The 'all' lambda operator is not supported; use 'any'.");
        p += 2;
        const prop = propRef(anyMatch[1], t.pos);
        if (peek()?.k === 'punct' && (peek() as { v: string }).v === ')') { p += 1; return { t: 'any', prop }; }
        const v = peek();
        if (v?.k !== 'word') throw syntax(text, v?.pos ?? text.length, 'a lambda variable was expected');
        p += 1;
        expect(':');
        lambdas.push(v.v);
        const e = orExpr();
        lambdas.pop();
        expect(')');
        return { t: 'any', prop, v: v.v, e };
      }
      if (callsFunction) throw new GraphHttpError(400, 'BadRequest', `The function '${t.v}' is not supported in $filter.`);
    }
    const left = operand();
    const opTok = peek();
    if (opTok?.k === 'word') {
      const op = opTok.v.toLowerCase();
      if (OPS.has(op)) {
        p += 1;
        const right = operand();
        return { t: 'cmp', op: op as CmpOp, l: left, r: right };
      }
      if (op === 'in') {
        p += 1;
        expect('(');
        const list: Literal[] = [];
        for (;;) {
          const lit = literal();
          if (!lit) throw syntax(text, peek()?.pos ?? text.length, 'a literal was expected in the in-list');
          list.push(lit);
          const sep = peek();
          if (sep?.k === 'punct' && sep.v === ',') { p += 1; continue; }
          break;
        }
        expect(')');
        if (left.t !== 'prop') throw syntax(text, opTok.pos, "the left side of 'in' must be a property");
        return { t: 'in', l: left, list };
      }
      if (UNSUPPORTED_OPS.has(op)) throw new GraphHttpError(400, 'BadRequest', `The operator '${op}' is not supported in $filter.`);
    }
    if (left.t === 'prop') return { t: 'truthy', prop: left };
    throw syntax(text, opTok?.pos ?? text.length, 'a comparison operator was expected');
  };

  const notExpr = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      p += 1;
      return { t: 'not', e: notExpr() };
    }
    return primary();
  };
  const andExpr = (): FilterNode => {
    let node = notExpr();
    while (isWord(peek(), 'and')) { p += 1; node = { t: 'and', l: node, r: notExpr() }; }
    return node;
  };
  const orExpr = (): FilterNode => {
    let node = andExpr();
    while (isWord(peek(), 'or')) { p += 1; node = { t: 'or', l: node, r: andExpr() }; }
    return node;
  };

  if (!tokens.length) throw syntax(text, 0, 'the filter is empty');
  const root = orExpr();
  if (p < tokens.length) throw syntax(text, tokens[p].pos, `unexpected '${tokenText(tokens[p])}'`);
  typeCheck(root, schema);
  return { root, properties };
}

function tokenText(t: Token): string {
  return t.k === 'datetime' ? t.text : String(t.v);
}

function isDateProp(ref: PropRef, schema: EntitySchema): boolean {
  return !ref.lambda && ref.path.length === 1 && schema.dates.has(ref.path[0]);
}

function edmType(o: Operand, schema: EntitySchema): string | undefined {
  if (o.t === 'prop') return isDateProp(o, schema) ? 'Edm.DateTimeOffset' : undefined;
  switch (o.kind) {
    case 'string': return 'Edm.String';
    case 'datetime': return 'Edm.DateTimeOffset';
    case 'bool': return 'Edm.Boolean';
    case 'number': return 'Edm.Int32';
    case 'guid': return 'Edm.Guid';
    default: return undefined;
  }
}

const OP_KIND: Record<CmpOp, string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual',
};

/** Date properties compare only with DateTimeOffset literals (or null), and DateTimeOffset literals only with dates. */
function typeCheck(node: FilterNode, schema: EntitySchema): void {
  switch (node.t) {
    case 'and': case 'or': typeCheck(node.l, schema); typeCheck(node.r, schema); return;
    case 'not': typeCheck(node.e, schema); return;
    case 'any': if (node.e) typeCheck(node.e, schema); return;
    case 'cmp': {
      const [l, r] = [node.l, node.r];
      const lt = edmType(l, schema);
      const rt = edmType(r, schema);
      const dateVsOther = (a: Operand, at: string | undefined, bt: string | undefined, b: Operand) =>
        (a.t === 'prop' && at === 'Edm.DateTimeOffset' && b.t === 'lit' && b.kind !== 'null' && bt !== 'Edm.DateTimeOffset')
        || (a.t === 'lit' && a.kind === 'datetime' && b.t === 'prop' && bt !== 'Edm.DateTimeOffset');
      if (dateVsOther(l, lt, rt, r) || dateVsOther(r, rt, lt, l)) {
        throw new GraphHttpError(400, 'BadRequest', `A binary operator with incompatible types was detected. Found operand types '${lt ?? 'Edm.String'}' and '${rt ?? 'Edm.String'}' for operator kind '${OP_KIND[node.op]}'.`);
      }
      return;
    }
    default: return;
  }
}

export type Accessor = (path: string[]) => unknown;

export function evaluate(node: FilterNode, get: Accessor, scope: Record<string, unknown> = {}): boolean {
  switch (node.t) {
    case 'and': return evaluate(node.l, get, scope) && evaluate(node.r, get, scope);
    case 'or': return evaluate(node.l, get, scope) || evaluate(node.r, get, scope);
    case 'not': return !evaluate(node.e, get, scope);
    case 'truthy': return resolve(node.prop, get, scope) === true;
    case 'cmp': return compare(node.op, operandValue(node.l, get, scope), operandValue(node.r, get, scope));
    case 'in': {
      const value = resolve(node.l, get, scope);
      return node.list.some((lit) => compare('eq', { v: value, prop: true }, { v: lit, prop: false }));
    }
    case 'fn': {
      const value = resolve(node.prop, get, scope);
      if (typeof value !== 'string') return false;
      const hay = value.toLowerCase();
      const needle = node.arg.value.toLowerCase();
      return node.name === 'startswith' ? hay.startsWith(needle) : node.name === 'endswith' ? hay.endsWith(needle) : hay.includes(needle);
    }
    case 'any': {
      const items = resolve(node.prop, get, scope);
      if (!Array.isArray(items)) return false;
      if (!node.e || !node.v) return items.length > 0;
      const { e, v } = node;
      return items.some((item) => evaluate(e, get, { ...scope, [v]: item }));
    }
    default: return false;
  }
}

function resolve(ref: PropRef, get: Accessor, scope: Record<string, unknown>): unknown {
  if (ref.lambda) return walk(scope[ref.lambda], ref.path);
  return get(ref.path);
}

export function walk(value: unknown, path: string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const record = current as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : record[key];
  }
  return current;
}

/**
 * A property value compared through `key` rather than case-insensitively as a whole: an extended property's id,
 * whose name part Graph compares case-sensitively (singlevaluelegacyextendedproperty-get). Only eq and ne apply.
 */
export class Keyed {
  constructor(readonly text: string, readonly key: (text: string) => string) {}
}

interface Valued { v: unknown; prop: boolean }

function operandValue(o: Operand, get: Accessor, scope: Record<string, unknown>): Valued {
  return o.t === 'prop' ? { v: resolve(o, get, scope), prop: true } : { v: o, prop: false };
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function asDate(value: unknown): DateValue | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TEXT.exec(value);
  return m ? parseDate(m, value, 0) : undefined;
}

/** Compares at the literal's precision: a literal without fraction compares whole seconds. */
function compareDates(value: DateValue, literal: DateValue): number {
  const scale = 10 ** (7 - literal.digits);
  const frac = Math.floor(value.frac / scale) * scale;
  return value.sec - literal.sec || frac - literal.frac;
}

function compare(op: CmpOp, a: Valued, b: Valued): boolean {
  // Normalise so that a literal, when there is one, is on the right.
  if (!a.prop && b.prop) return compare(flip(op), b, a);
  const left = a.v;
  const right = b.v;
  let order: number | undefined;
  if (isLiteral(right)) {
    switch (right.kind) {
      case 'null': order = left === null || left === undefined ? 0 : undefined; break;
      case 'datetime': {
        const d = asDate(left);
        order = d ? compareDates(d, right.value) : undefined;
        break;
      }
      case 'bool': order = typeof left === 'boolean' ? Number(left) - Number(right.value) : undefined; break;
      case 'number': order = typeof left === 'number' ? left - right.value : undefined; break;
      case 'string': case 'guid':
        if (left instanceof Keyed) order = left.key(left.text) === left.key(right.value) ? 0 : 1;
        else order = typeof left === 'string' ? collate(left, right.value) : undefined;
        break;
      default: order = undefined;
    }
  } else {
    // property against property
    order = left === right ? 0 : typeof left === 'string' && typeof right === 'string' ? collate(left, right)
      : typeof left === 'number' && typeof right === 'number' ? left - right : undefined;
  }
  if (order === undefined) return op === 'ne';
  switch (op) {
    case 'eq': return order === 0;
    case 'ne': return order !== 0;
    case 'gt': return order > 0;
    case 'ge': return order >= 0;
    case 'lt': return order < 0;
    case 'le': return order <= 0;
    default: return false;
  }
}

function isLiteral(value: unknown): value is Literal {
  return typeof value === 'object' && value !== null && (value as { t?: unknown }).t === 'lit';
}

function flip(op: CmpOp): CmpOp {
  return ({ eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' } as const)[op];
}

/** Exchange compares strings case-insensitively. */
export function collate(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
