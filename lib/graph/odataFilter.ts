/**
 * A `$filter` written by a user, parsed and written out again: only comparisons, `and`/`or`/`not`, parentheses,
 * `contains`/`startswith`/`endswith` on a property, `any` lambdas over a collection, and literals. Every literal is
 * re-quoted by odata.ts, every property is checked against the caller's list, so the text that reaches Graph is one
 * well-formed filter and nothing else (no extra query option, no string closed early, no unknown syntax).
 */
import { InvalidPathError } from './errors';
import { dateTimeLiteral, literal } from './odata';

export interface FilterSpec {
  /** What the errors name, e.g. `OData Filter (filter)`. */
  what: string;
  /** Property paths the filter may use (`subject`, `from/emailAddress/address`), case-insensitive. */
  properties: readonly string[];
  /** Collections an `any` lambda may range over, with what the lambda may compare (`''` = the element itself). */
  collections: Readonly<Record<string, readonly string[]>>;
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 12;
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;

type Token = { k: 'word' | 'string' | 'number' | 'date' | 'punct'; v: string; at: number };

/** A filter that cannot be sent; `problem` says why, without the field's name. */
export class FilterSyntaxError extends InvalidPathError {
  constructor(what: string, readonly problem: string) {
    super(what, problem);
    this.name = 'FilterSyntaxError';
  }
}

function fail(spec: FilterSpec, problem: string): FilterSyntaxError {
  return new FilterSyntaxError(spec.what, problem);
}

function tokenize(text: string, spec: FilterSpec): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) { i += space[0].length; continue; }
    if (text[i] === "'") { const end = stringEnd(text, i, spec); out.push({ k: 'string', v: text.slice(i + 1, end).replace(/''/g, "'"), at: i }); i = end + 1; continue; }
    const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))|^(-?\d+(?:\.\d+)?)(?![\w-])|^([A-Za-z_][\w]*(?:\/[A-Za-z_][\w]*)*)|^([(),:])/.exec(rest);
    if (!m) throw fail(spec, `unexpected "${text[i]}" at position ${i + 1}; only properties, quoted texts, numbers, dates, and/or/not, comparisons and parentheses are allowed`);
    if (m[1]) out.push({ k: 'date', v: m[1], at: i });
    else if (m[2]) out.push({ k: 'number', v: m[2], at: i });
    else if (m[3]) out.push({ k: 'word', v: m[3], at: i });
    else out.push({ k: 'punct', v: m[4], at: i });
    i += m[0].length;
  }
  return out;
}

/** Index of the quote that closes the string starting at `start` (`''` is an escaped quote). */
function stringEnd(text: string, start: number, spec: FilterSpec): number {
  for (let j = start + 1; j < text.length; j += 1) {
    if (text[j] !== "'") continue;
    if (text[j + 1] === "'") { j += 1; continue; }
    return j;
  }
  throw fail(spec, `the text starting at position ${start + 1} has no closing quote`);
}

class Parser {
  private p = 0;
  private depth = 0;
  /** Lambda variables in scope, with the relative paths each may use. */
  private readonly vars: Array<{ name: string; allowed: readonly string[] }> = [];
  private readonly known: Map<string, string>;

  constructor(private readonly tokens: Token[], private readonly spec: FilterSpec) {
    this.known = new Map(spec.properties.map((p) => [p.toLowerCase(), p]));
  }

  parse(): string {
    if (this.tokens.length === 0) throw fail(this.spec, 'is empty');
    const out = this.or();
    const extra = this.tokens[this.p];
    if (extra) throw fail(this.spec, `unexpected "${extra.v}" at position ${extra.at + 1}`);
    return out;
  }

  private peek(): Token | undefined { return this.tokens[this.p]; }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.k === 'word' && t.v.toLowerCase() === word;
  }

  private expect(v: string): void {
    const t = this.tokens[this.p];
    if (t?.k !== 'punct' || t.v !== v) throw fail(this.spec, `"${v}" expected at ${t ? `position ${t.at + 1}` : 'the end'}`);
    this.p += 1;
  }

  private or(): string {
    const parts = [this.and()];
    while (this.isWord('or')) { this.p += 1; parts.push(this.and()); }
    return parts.join(' or ');
  }

  private and(): string {
    const parts = [this.unary()];
    while (this.isWord('and')) { this.p += 1; parts.push(this.unary()); }
    return parts.join(' and ');
  }

  private unary(): string {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw fail(this.spec, `nests deeper than ${MAX_DEPTH} levels`);
    try {
      if (this.isWord('not')) { this.p += 1; return `not ${this.unary()}`; }
      const t = this.peek();
      if (t?.k === 'punct' && t.v === '(') { this.p += 1; const inner = this.or(); this.expect(')'); return `(${inner})`; }
      return this.primary();
    } finally {
      this.depth -= 1;
    }
  }

  private primary(): string {
    const t = this.peek();
    if (t?.k === 'word' && FUNCTIONS.has(t.v.toLowerCase()) && this.tokens[this.p + 1]?.v === '(') return this.call();
    if (t?.k === 'word' && /\/any$/i.test(t.v) && this.tokens[this.p + 1]?.v === '(') return this.lambda();
    const left = this.operand();
    const op = this.peek();
    if (op?.k !== 'word' || !COMPARISONS.has(op.v.toLowerCase())) {
      throw fail(this.spec, `a comparison (eq, ne, gt, ge, lt, le) expected ${op ? `at position ${op.at + 1}` : 'at the end'}`);
    }
    this.p += 1;
    return `${left} ${op.v.toLowerCase()} ${this.operand()}`;
  }

  private call(): string {
    const name = (this.tokens[this.p].v).toLowerCase();
    // Graph answers ErrorInvalidUrlQueryFilter to functions inside a lambda (categories/any(c: startswith(c, 'x'))).
    if (this.vars.length > 0) throw fail(this.spec, `${name}() cannot be used inside any(); compare with eq or ne`);
    this.p += 2;
    const prop = this.property(this.tokens[this.p]);
    this.p += 1;
    this.expect(',');
    const arg = this.tokens[this.p];
    if (arg?.k !== 'string') throw fail(this.spec, `${name}() takes a property and a quoted text`);
    this.p += 1;
    this.expect(')');
    return `${name}(${prop},${literal(arg.v)})`;
  }

  private lambda(): string {
    const head = this.tokens[this.p].v.replace(/\/any$/i, '');
    const collection = Object.keys(this.spec.collections).find((c) => c.toLowerCase() === head.toLowerCase());
    if (!collection) throw fail(this.spec, `any() is allowed only on ${Object.keys(this.spec.collections).join(', ') || 'no property'}`);
    this.p += 2;
    const variable = this.tokens[this.p];
    if (variable?.k !== 'word' || variable.v.includes('/') || this.known.has(variable.v.toLowerCase())) throw fail(this.spec, 'any() needs a variable name, as in categories/any(c: c eq \'Red\')');
    this.p += 1;
    this.expect(':');
    this.vars.push({ name: variable.v, allowed: this.spec.collections[collection] });
    const body = this.or();
    this.vars.pop();
    this.expect(')');
    return `${collection}/any(${variable.v}:${body})`;
  }

  private operand(): string {
    const t = this.peek();
    if (!t) throw fail(this.spec, 'ends where a value was expected');
    this.p += 1;
    switch (t.k) {
      case 'string': return literal(t.v);
      case 'number': return String(Number(t.v));
      case 'date':
        return this.date(t.v);
      case 'word': {
        const lower = t.v.toLowerCase();
        if (lower === 'true' || lower === 'false' || lower === 'null') return lower;
        return this.property(t);
      }
      default: throw fail(this.spec, `unexpected "${t.v}" at position ${t.at + 1}`);
    }
  }

  private date(text: string): string {
    try {
      if (DATE.test(text)) return dateTimeLiteral(text, this.spec.what);
    } catch {
      // an impossible date: refused below with the same words
    }
    throw fail(this.spec, `"${text}" is not an ISO 8601 date-time with a time zone`);
  }

  /** A known property, a lambda variable, or a lambda variable's allowed sub-path. */
  private property(t: Token | undefined): string {
    if (t?.k !== 'word') throw fail(this.spec, `a property expected ${t ? `at position ${t.at + 1}` : 'at the end'}`);
    const [head, ...rest] = t.v.split('/');
    const scope = this.vars.find((v) => v.name === head);
    if (scope) {
      const relative = rest.join('/');
      const allowed = scope.allowed.find((a) => a.toLowerCase() === relative.toLowerCase());
      if (allowed === undefined) throw fail(this.spec, `"${t.v}" is not something any() can compare here`);
      return allowed === '' ? head : `${head}/${allowed}`;
    }
    const canonical = this.known.get(t.v.toLowerCase());
    if (!canonical) throw fail(this.spec, `"${t.v}" is not a property that can be filtered on here`);
    return canonical;
  }
}

/** The filter as Graph will get it, or a FilterSyntaxError naming `spec.what` and what is wrong. */
export function canonicalFilter(text: string, spec: FilterSpec): string {
  if (text.length > MAX_LENGTH) throw fail(spec, `is longer than ${MAX_LENGTH} characters`);
  return new Parser(tokenize(text, spec), spec).parse();
}
