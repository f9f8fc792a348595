/** Helpers shared by the mail and contact routes: id resolution, validation, output shaping. */
import { isoSeconds } from '../clock';
import { GraphHttpError, malformedId, notFound } from '../http/errors';
import type { RouteContext } from '../http/router';
import { Keyed, walk } from '../odata/filter';
import type { FilterNode, ParsedFilter } from '../odata/filter';
import type { Collection } from '../odata/query';
import type { EntitySchema } from '../store/schema';
import { extendedIdKey, parseExtendedProperties, parseMultiValueExtendedProperties, parseOpenExtensions } from '../store/extended';
import { MESSAGE, NAVIGATION_KEY } from '../store/schema';
import { MessageRec, Props, Store, htmlToText } from '../store/Store';

/** Graph tells a malformed id (400) from a well-formed one that is not there (404). */
function missing(store: Store, id: string): GraphHttpError {
  return store.codec.wellFormed(id) ? notFound() : malformedId();
}

export function resolveFolder(ctx: RouteContext, idOrWellKnown: string): number {
  const { store } = ctx.mailbox;
  const serial = store.tryFolder(idOrWellKnown);
  if (serial === undefined || serial === store.rootFolder) throw missing(store, idOrWellKnown);
  return serial;
}

export function resolveMessage(ctx: RouteContext, id: string, folder?: number): MessageRec {
  const { store } = ctx.mailbox;
  const rec = store.findMessage(id);
  if (!rec || (folder !== undefined && rec.folder !== folder)) throw missing(store, id);
  return rec;
}

export function resolveContactFolder(ctx: RouteContext, idOrName: string): number {
  const { store } = ctx.mailbox;
  const serial = store.tryContactFolder(idOrName);
  if (serial === undefined) throw missing(store, idOrName);
  return serial;
}

export function userContext(ctx: RouteContext): string {
  return `${ctx.core.url}/v1.0/$metadata#users('${encodeURIComponent(ctx.mailbox.user.userPrincipalName)}')`;
}

/** `Prefer: outlook.body-content-type="text"|"html"` → converts bodies and echoes the preference. */
export function bodyTransform(ctx: RouteContext): ((item: Props) => Props) | undefined {
  const wanted = ctx.prefer.get('outlook.body-content-type')?.toLowerCase();
  if (wanted !== 'text' && wanted !== 'html') return undefined;
  if (!ctx.applied.some((a) => a.startsWith('outlook.body-content-type'))) ctx.applied.push(`outlook.body-content-type="${wanted}"`);
  if (wanted === 'html') return undefined;
  return (item) => {
    for (const key of ['body', 'uniqueBody']) {
      const body = item[key] as { contentType?: string; content?: string } | undefined;
      if (body && body.contentType === 'html') item[key] = { contentType: 'text', content: htmlToText(body.content ?? '') };
    }
    return item;
  };
}

/** The default property set of a schema (hidden properties such as uniqueBody only with $select). */
export function defaultsOnly(item: Props, schema: EntitySchema): Props {
  const out: Props = {};
  for (const key of Object.keys(item)) if (key.startsWith('@odata') || schema.defaults.includes(key)) out[key] = item[key];
  return out;
}

/** Fast property access for filters and sorting, without materialising the whole message. */
export function messageValue(store: Store, rec: MessageRec, path: string[]): unknown {
  if (path.length === 1) {
    switch (path[0]) {
      case 'id': return store.messageId(rec);
      case 'createdDateTime': return isoSeconds(rec.created);
      case 'lastModifiedDateTime': return isoSeconds(rec.modified);
      case 'receivedDateTime': return isoSeconds(rec.received);
      case 'sentDateTime': return isoSeconds(rec.sent);
      case 'parentFolderId': return store.idOf('folder', rec.folder);
      case 'changeKey': return store.changeKey(rec.seq);
      case 'singleValueExtendedProperties':
        return store.extendedOf(rec).map((p) => ({ id: new Keyed(p.id, extendedIdKey), value: p.value }));
      default: break;
    }
  }
  const props = store.messageProps(rec);
  if (path[0] in props) return walk(props, path);
  return walk(store.messageJson(rec), path);
}

export function messageCollection(ctx: RouteContext, folder: number | undefined): Collection<MessageRec> {
  const { store } = ctx.mailbox;
  const transform = bodyTransform(ctx);
  const folderPart = folder === undefined ? '' : `/mailFolders('${encodeURIComponent(store.idOf('folder', folder))}')`;
  return {
    schema: MESSAGE,
    records: () => {
      const now = ctx.core.clock.now();
      const serials = folder === undefined ? [...store.messageRecs.keys()] : [...(store.byFolder.get(folder) ?? [])];
      const out: MessageRec[] = [];
      for (const s of serials) {
        const rec = store.messageRecs.get(s) as MessageRec;
        if (store.isVisible(rec, now)) out.push(rec);
      }
      return out;
    },
    value: (rec, path) => messageValue(store, rec, path),
    json: (rec) => store.messageJson(rec),
    cache: { owner: store, key: `${folder ?? '*'}|${store.seq}|${store.visibility().epoch}` },
    defaultOrder: (a, b) => b.received - a.received || b.serial - a.serial,
    inefficientFilterRule: true,
    defaultTop: 10,
    maxTop: 1000,
    search: (rec, terms) => {
      const json = store.messageJson(rec);
      return terms.every((t) => kqlMatch(json, t));
    },
    validateFilter: refuseRecipientFilters,
    transform: (item) => (transform ? transform(item) : item),
    context: `${userContext(ctx)}${folderPart}/messages`,
  };
}

const PEOPLE: Record<string, string[]> = {
  from: ['from'], to: ['toRecipients'], cc: ['ccRecipients'], bcc: ['bccRecipients'],
  participants: ['from', 'toRecipients', 'ccRecipients', 'bccRecipients'], recipients: ['toRecipients', 'ccRecipients', 'bccRecipients'],
};

function people(json: Props, keys: string[]): string {
  return keys.flatMap((k) => (Array.isArray(json[k]) ? json[k] as unknown[] : [json[k]]))
    .map((r) => walk(r, ['emailAddress']) as { name?: string; address?: string } | undefined)
    .map((e) => `${e?.name ?? ''} ${e?.address ?? ''}`).join(' ').toLowerCase();
}

/**
 * One KQL term of `$search` (learn.microsoft.com/graph/search-query-parameter): `to:`, `cc:`, `from:`, `bcc:`,
 * `participants:`, `recipients:`, `subject:`, `body:` restrict it to a property; a bare word matches the subject,
 * the preview or the sender.
 */
function kqlMatch(json: Props, term: string): boolean {
  const m = /^(\w+):(.+)$/.exec(term);
  const key = m?.[1];
  const value = (m?.[2] ?? term).replace(/^"|"$/g, '');
  if (key && PEOPLE[key]) return people(json, PEOPLE[key]).includes(value);
  if (key === 'subject') return String(json.subject ?? '').toLowerCase().includes(value);
  if (key === 'body') return String(walk(json, ['body', 'content']) ?? '').toLowerCase().includes(value);
  return `${json.subject ?? ''} ${json.bodyPreview ?? ''} ${people(json, ['from'])}`.toLowerCase().includes(term);
}

/**
 * Graph cannot filter messages on their recipients, nor use a function inside a lambda: both answer
 * 400 ErrorInvalidUrlQueryFilter (microsoftgraph/microsoft-graph-explorer-v4#3957; Microsoft Q&A on categories).
 */
function refuseRecipientFilters(filter: ParsedFilter): void {
  const invalid = (): GraphHttpError => new GraphHttpError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
  const visit = (node: FilterNode | undefined, inLambda: boolean): void => {
    if (!node) return;
    switch (node.t) {
      case 'and': case 'or': visit(node.l, inLambda); visit(node.r, inLambda); return;
      case 'not': visit(node.e, inLambda); return;
      case 'fn': if (inLambda) throw invalid(); return;
      case 'any':
        if (['toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'].includes(node.prop.path[0])) throw invalid();
        visit(node.e, true);
        return;
      default:
    }
  };
  visit(filter.root, false);
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export interface Recipient { emailAddress: { address: string; name?: string } }

/** Validates a recipient list the way Exchange does before submitting. */
export function recipients(value: unknown, field: string): Recipient[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', `The property '${field}' must be a collection of recipients.`);
  return value.map((r) => {
    const address = walk(r, ['emailAddress', 'address']);
    const name = walk(r, ['emailAddress', 'name']);
    if (typeof address !== 'string' || !EMAIL.test(address.trim())) {
      throw new GraphHttpError(400, 'ErrorInvalidRecipients', `At least one recipient isn't valid., Recipient '${typeof address === 'string' ? address : ''}' is not resolved. All recipients must be resolved before a message can be submitted.`);
    }
    return { emailAddress: { address: address.trim(), ...(typeof name === 'string' ? { name } : {}) } };
  });
}

export function itemBody(value: unknown): { contentType: string; content: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'body' must be an itemBody object.");
  const { contentType, content } = value as { contentType?: unknown; content?: unknown };
  const type = contentType === undefined ? 'text' : String(contentType).toLowerCase();
  if (type !== 'text' && type !== 'html') throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(contentType)}' was not found.`);
  if (content !== undefined && content !== null && typeof content !== 'string') {
    throw new GraphHttpError(400, 'RequestBodyRead', "The property 'content' of 'body' must be a string.");
  }
  return { contentType: type, content: typeof content === 'string' ? content : '' };
}

export { NAVIGATION_KEY };

/**
 * Navigation properties a create or update body may name (each resource's "Relationships"). Extended properties and open
 * extensions are validated and kept with the item; the read-only ones (attachments, added through their own route;
 * an event's calendar, instances and exceptionOccurrences; a contact's photo) are ignored rather than refused.
 */
const NAVIGATION: Record<string, { kept: string[]; ignored: string[] }> = {
  message: { kept: ['singleValueExtendedProperties', 'multiValueExtendedProperties', 'extensions'], ignored: ['attachments'] },
  event: { kept: ['singleValueExtendedProperties', 'multiValueExtendedProperties', 'extensions'], ignored: ['attachments', 'calendar', 'instances', 'exceptionOccurrences'] },
  contact: { kept: ['singleValueExtendedProperties', 'multiValueExtendedProperties', 'extensions'], ignored: ['photo'] },
};

/** A navigation property of a body: 'ignored', or its canonical name and checked value to keep; undefined if none. */
export function navigationProperty(type: string, rawKey: string, value: unknown): 'ignored' | { key: string; value: unknown } | undefined {
  const nav = NAVIGATION[type];
  const lower = rawKey.toLowerCase();
  if (!nav) return undefined;
  if (nav.ignored.some((n) => n.toLowerCase() === lower)) return 'ignored';
  const key = nav.kept.find((n) => n.toLowerCase() === lower);
  if (!key) return undefined;
  if (key === 'singleValueExtendedProperties') return { key, value: parseExtendedProperties(value) };
  if (key === 'multiValueExtendedProperties') return { key, value: parseMultiValueExtendedProperties(value) };
  return { key, value: parseOpenExtensions(value) };
}

/** A body property's canonical name; an unknown one is refused with Graph's own 400 (names are case-insensitive). */
export function canonicalProperty(schema: EntitySchema, rawKey: string, type: string): string {
  const key = schema.canonical.get(rawKey.toLowerCase());
  if (!key) {
    throw new GraphHttpError(400, 'RequestBodyRead', `The property '${rawKey}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
  }
  return key;
}

const BOOLEAN_PROPS = new Set(['isRead', 'isDraft', 'isReadReceiptRequested', 'isDeliveryReceiptRequested']);

/** Validates and canonicalises a message patch/create body; unknown properties are a 400 like Graph's. */
export function messagePatch(body: Props, _options: { allowAttachments?: boolean } = {}): Props {
  const out: Props = {};
  for (const [rawKey, value] of Object.entries(body)) {
    if (rawKey.startsWith('@odata')) continue;
    // Navigation properties: extended properties are writable on create and PATCH
    // (singlevaluelegacyextendedproperty-post-singlevalueextendedproperties); attachments of a create are read by the route.
    const nav = navigationProperty('message', rawKey, value);
    if (nav === 'ignored') continue;
    if (nav) { out[nav.key] = nav.value; continue; }
    const key = canonicalProperty(MESSAGE, rawKey, 'message');
    if (!MESSAGE.writable.has(key)) continue;
    if (BOOLEAN_PROPS.has(key) && value !== null && typeof value !== 'boolean') {
      throw new GraphHttpError(400, 'RequestBodyRead', `Cannot convert the literal '${String(value)}' to the expected type 'Edm.Boolean'.`);
    }
    if (key === 'importance' && !['low', 'normal', 'high'].includes(String(value).toLowerCase())) {
      throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(value)}' was not found.`);
    }
    if (key === 'categories' && (!Array.isArray(value) || value.some((c) => typeof c !== 'string'))) {
      throw new GraphHttpError(400, 'RequestBodyRead', "The property 'categories' must be a collection of strings.");
    }
    if (key === 'inferenceClassification' && !['focused', 'other'].includes(String(value).toLowerCase())) {
      throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(value)}' was not found.`);
    }
    if (key === 'flag') { out.flag = followupFlag(value); continue; }
    if (key === 'body') { out.body = itemBody(value); continue; }
    if (['toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'].includes(key)) { out[key] = recipients(value, key); continue; }
    if ((key === 'from' || key === 'sender') && value !== null) { out[key] = recipients([value], key)[0]; continue; }
    if (key === 'internetMessageHeaders') { out[key] = headers(value); continue; }
    out[key] = key === 'importance' || key === 'inferenceClassification' ? String(value).toLowerCase() : value;
  }
  return out;
}

const FLAG_STATUS = ['notFlagged', 'complete', 'flagged'];

function dateTimeTimeZone(value: unknown, name: string): { dateTime: string; timeZone: string } | undefined {
  if (value === undefined || value === null) return undefined;
  const dateTime = walk(value, ['dateTime']);
  const timeZone = walk(value, ['timeZone']);
  if (typeof dateTime !== 'string' || Number.isNaN(Date.parse(`${dateTime.slice(0, 19)}Z`)) || (timeZone !== undefined && typeof timeZone !== 'string')) {
    throw new GraphHttpError(400, 'RequestBodyRead', `The property '${name}' must be a dateTimeTimeZone with a valid dateTime.`);
  }
  return { dateTime, timeZone: typeof timeZone === 'string' ? timeZone : 'UTC' };
}

/**
 * A followupFlag (learn.microsoft.com/graph/api/resources/followupflag): flagStatus notFlagged, complete or flagged; "To set the due date, you
 * must also specify the startDateTime; otherwise, you will get a 400 Bad Request response."
 */
function followupFlag(value: unknown): Props {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'flag' must be a followupFlag object.");
  const status = walk(value, ['flagStatus']);
  const canonical = FLAG_STATUS.find((f) => f.toLowerCase() === String(status).toLowerCase());
  if (status !== undefined && !canonical) throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(status)}' was not found.`);
  const out: Props = { flagStatus: canonical ?? 'notFlagged' };
  for (const name of ['startDateTime', 'dueDateTime', 'completedDateTime']) {
    const parsed = dateTimeTimeZone(walk(value, [name]), name);
    if (parsed) out[name] = parsed;
  }
  // UNCONFIRMED: the error code of this 400 (the page says only "400 Bad Request").
  if (out.dueDateTime && !out.startDateTime) throw new GraphHttpError(400, 'ErrorInvalidArgument', 'The due date of a follow-up flag requires a start date.');
  return out;
}

function headers(value: unknown): Array<{ name: string; value: string }> {
  if (!Array.isArray(value)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'internetMessageHeaders' must be a collection.");
  return value.map((h) => {
    const name = walk(h, ['name']);
    const v = walk(h, ['value']);
    if (typeof name !== 'string' || typeof v !== 'string') throw new GraphHttpError(400, 'RequestBodyRead', 'Each internet message header needs a name and a value.');
    if (!/^x-/i.test(name)) {
      throw new GraphHttpError(400, 'InvalidInternetMessageHeader', `The internet message header name '${name}' should start with 'x-' or 'X-'.`);
    }
    return { name, value: v };
  });
}
