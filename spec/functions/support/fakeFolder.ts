/**
 * A one-folder Graph mailbox served through nock: whole-second lastModifiedDateTime, a new changeKey per change,
 * `$filter` on lastModifiedDateTime (ge/gt) and isRead, then the trigger's filters (sender, subject, attachments,
 * importance, flag, categories), `$orderby` asc, `$top` and `$skip` nextLinks as Graph pages messages. Small enough
 * to read, so scenarios can run both our trigger and the classic cursor against it.
 */
import nock from 'nock';

export const GRAPH = 'https://graph.microsoft.com';

export interface FakeMessage {
  id: string;
  changeKey: string;
  lastModifiedDateTime: string;
  isRead: boolean;
  subject: string;
  hasAttachments: boolean;
  /** Hidden from queries until the clock reaches this time (visibility lag). */
  visibleFrom: number;
  from: { emailAddress: { address: string } };
  importance: 'low' | 'normal' | 'high';
  flag: { flagStatus: string };
  categories: string[];
}

/** What a message is given when added: the defaults, or, in a filtered folder, values every filter accepts. */
export interface Traits { from: string; importance: 'low' | 'normal' | 'high'; hasAttachments: boolean; flagStatus: string; categories: string[] }

const DECOY_TRAITS: Array<Partial<Traits>> = [
  { from: 'spam@fabrikam.example' }, { importance: 'low' }, { hasAttachments: false }, { flagStatus: 'complete' }, { categories: ['Personal'] },
];

const PLAIN: Traits = { from: 'someone@contoso.example', importance: 'normal', hasAttachments: false, flagStatus: 'notFlagged', categories: [] };

export interface Query {
  op: 'ge' | 'gt';
  since: number;
  unreadOnly: boolean;
  top: number;
  skip: number;
  /** The clauses after the cursor's (` and …`); default: the folder's `filters`. */
  rest?: string;
}

type Clause = (m: FakeMessage) => boolean;

/** One clause the trigger puts after the cursor's condition, or undefined when the fake does not know it. */
function clause(text: string): Clause | undefined {
  const unquote = (v: string): string => v.replace(/''/g, "'");
  let m = /^from\/emailAddress\/address eq '((?:[^']|'')*)'$/.exec(text);
  if (m) { const v = unquote(m[1]).toLowerCase(); return (x) => x.from.emailAddress.address.toLowerCase() === v; }
  m = /^contains\(subject,'((?:[^']|'')*)'\)$/.exec(text);
  if (m) { const v = unquote(m[1]).toLowerCase(); return (x) => x.subject.toLowerCase().includes(v); }
  m = /^hasAttachments eq (true|false)$/.exec(text);
  if (m) { const v = m[1] === 'true'; return (x) => x.hasAttachments === v; }
  m = /^importance eq '(low|normal|high)'$/.exec(text);
  if (m) { const v = m[1]; return (x) => x.importance === v; }
  m = /^flag\/flagStatus (eq|ne) 'flagged'$/.exec(text);
  if (m) { const eq = m[1] === 'eq'; return (x) => (x.flag.flagStatus === 'flagged') === eq; }
  const any = /^\(?(categories\/any\(c:c eq '(?:[^']|'')*'\)(?: or categories\/any\(c:c eq '(?:[^']|'')*'\))*)\)?$/.exec(text);
  if (any) {
    const names = [...any[1].matchAll(/eq '((?:[^']|'')*)'/g)].map((n) => unquote(n[1]).toLowerCase());
    return (x) => x.categories.some((c) => names.includes(c.toLowerCase()));
  }
  return undefined;
}

/** The clauses of ` and a and b` (categories' or-group stays whole in its parentheses); undefined if one is unknown. */
export function clauses(rest: string): Clause[] | undefined {
  const parts = rest === '' ? [] : rest.replace(/^ and /, '').split(/ and (?![^(]*\))/);
  const parsed = parts.map(clause);
  return parsed.every((c): c is Clause => c !== undefined) ? parsed : undefined;
}

let counter = 0;

export class FakeFolder {
  readonly messages: FakeMessage[] = [];
  readonly queries: string[] = [];
  /** Graph may answer with fewer items than `$top`; this caps every page. */
  pageCap = 1000;
  /** Runs after each answered request (its 1-based number), to change the mailbox between two pages. */
  afterRequest?: (n: number) => void;
  /** Every message added gets a same-second twin that these filters refuse (it must never be emitted). */
  decoys = false;
  /** The clauses the trigger is expected to send after the cursor's (` and …`); what run() applies by default. */
  filters = '';
  traits: Traits = PLAIN;
  private seq = 0;

  constructor(public now: number, readonly folder = 'inbox') {}

  private stamp(): string {
    return new Date(Math.floor(this.now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  add(subject: string, options: { isRead?: boolean; lagMs?: number } = {}): FakeMessage {
    const message = this.insert(subject, options, this.traits);
    // A decoy differs in one trait only, a different one each time, so each filter has something to keep out.
    if (this.decoys) this.insert(`${subject}-decoy`, options, { ...this.traits, ...DECOY_TRAITS[this.seq % DECOY_TRAITS.length] });
    return message;
  }

  private insert(subject: string, options: { isRead?: boolean; lagMs?: number }, t: Traits): FakeMessage {
    counter += 1;
    const message: FakeMessage = {
      id: `AAMkAGI2TG93AAA=-${subject}-${counter}/x+y==`, changeKey: `CQAAABYAAAD${++this.seq}`, lastModifiedDateTime: this.stamp(),
      isRead: options.isRead ?? false, subject, hasAttachments: t.hasAttachments, visibleFrom: this.now + (options.lagMs ?? 0),
      from: { emailAddress: { address: t.from } }, importance: t.importance, flag: { flagStatus: t.flagStatus }, categories: [...t.categories],
    };
    this.messages.push(message);
    return message;
  }

  /** A change moves the message to the end: its lastModifiedDateTime is now the newest. */
  update(message: FakeMessage, patch: Partial<Pick<FakeMessage, 'isRead' | 'subject'>> = {}): void {
    Object.assign(message, patch, { changeKey: `CQAAABYAAAD${++this.seq}`, lastModifiedDateTime: this.stamp() });
    this.messages.splice(this.messages.indexOf(message), 1);
    this.messages.push(message);
  }

  advance(ms: number): void { this.now += ms; }

  run(query: Query): { items: FakeMessage[]; more: boolean } {
    const extra = clauses(query.rest ?? this.filters) ?? [];
    const matching = this.messages.filter((m) => {
      const t = Date.parse(m.lastModifiedDateTime);
      return m.visibleFrom <= this.now && (query.op === 'ge' ? t >= query.since : t > query.since) && (!query.unreadOnly || !m.isRead)
        && extra.every((c) => c(m));
    }).sort((a, b) => Date.parse(a.lastModifiedDateTime) - Date.parse(b.lastModifiedDateTime));
    const size = Math.min(query.top, this.pageCap);
    return { items: matching.slice(query.skip, query.skip + size), more: matching.length > query.skip + size };
  }

  /** Serves the folder until nock.cleanAll(). */
  serve(): nock.Scope {
    let n = 0;
    return nock(GRAPH).persist().get(`/v1.0/me/mailFolders/${this.folder}/messages`).query(true).reply((uri) => {
      const url = new URL(uri, GRAPH);
      this.queries.push(decodeURIComponent(url.search));
      const filter = url.searchParams.get('$filter') ?? '';
      const match = /^lastModifiedDateTime (ge|gt) (\S+)( and isRead eq false)?((?: and .+)?)$/.exec(filter);
      if (!match || url.searchParams.get('$orderby') !== 'lastModifiedDateTime asc' || clauses(match[4]) === undefined) {
        return [400, { error: { code: 'InefficientFilter', message: 'The restriction or sort order is too complex for this operation.' } }];
      }
      const query: Query = {
        op: match[1] as 'ge' | 'gt', since: Date.parse(match[2]), unreadOnly: match[3] !== undefined,
        top: Number(url.searchParams.get('$top') ?? 10), skip: Number(url.searchParams.get('$skip') ?? 0), rest: match[4],
      };
      const { items, more } = this.run(query);
      const body: Record<string, unknown> = { value: items.map(({ visibleFrom: _hidden, ...m }) => ({ '@odata.etag': `W/"${m.changeKey}"`, ...m })) };
      if (more) {
        url.searchParams.set('$skip', String(query.skip + items.length));
        body['@odata.nextLink'] = url.toString();
      }
      n += 1;
      this.afterRequest?.(n);
      return [200, body];
    });
  }
}

/**
 * The existing elastic.io component's cursor: `gt X` with X set to the last item's second + .999, one page of
 * `top` and no nextLink. Run against the same folder to show what it loses.
 */
export class ClassicCursor {
  cursor = '1970-01-01T00:00:00.000Z';
  readonly emitted: string[] = [];

  constructor(private readonly folder: FakeFolder, private readonly top = 1000, private readonly unreadOnly = false) {}

  poll(): void {
    const { items } = this.folder.run({ op: 'gt', since: Date.parse(this.cursor), unreadOnly: this.unreadOnly, top: this.top, skip: 0 });
    for (const m of items) this.emitted.push(version(m));
    if (items.length > 0) {
      const last = new Date(items[items.length - 1].lastModifiedDateTime);
      last.setMilliseconds(999);
      this.cursor = last.toISOString();
    }
  }
}

export function version(m: { subject?: unknown; changeKey?: unknown }): string {
  return `${String(m.subject)}#${String(m.changeKey)}`;
}
