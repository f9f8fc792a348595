/**
 * The mailbox: folders, messages, attachments, contacts, calendars and events, with a change sequence for
 * changeKeys and delta. Records keep numbers (serials, epoch ms); Graph JSON is materialised on output.
 */
import { createHash } from 'crypto';
import { isoSeconds, isoTicks } from '../clock';
import { IdCodec, IdKind, changeKeyOf } from '../ids';
import { mix32 } from '../random';
import type {
  Attachment, AttachmentInit, Calendar, Contact, ContactFolder, ContactInit, Event, EventInit, MailFolder, MailboxStore,
  Message, MessageInit, SandboxClock, StoreChange,
} from '../types';
import { bulkProps } from './bulk';
import { ExtendedProperty, MultiValueExtendedProperty, parseExtendedProperties, parseMultiValueExtendedProperties, parseOpenExtensions } from './extended';
import { MimePart, contactVcf, eventIcs, messageMime } from '../mime';
import { CONTACT, EVENT, MESSAGE, NAVIGATION_KEY } from './schema';

export type Props = Record<string, unknown>;

export interface FolderRec { serial: number; parent: number | null; displayName: string; wellKnown?: string; isHidden: boolean }
export interface ContactFolderRec { serial: number; parent: number | null; displayName: string; wellKnown?: string }
export interface CalendarRec { serial: number; name: string; color: string; hexColor: string; isDefault: boolean; seq: number }

export interface MessageRec {
  serial: number;
  folder: number;
  /** Sequence number of the last change (changeKey, delta order). */
  seq: number;
  /** Sequence number when the item entered its current folder (delta `created`). */
  arrivalSeq: number;
  created: number;
  modified: number;
  received: number;
  sent: number;
  /** Epoch ms from which lists and delta see the item (visibility lag); 0 = always. */
  visibleAt: number;
  /** Stored properties; absent for a compact bulk message (see `bulk`). */
  props?: Props;
  bulk?: number;
  attachments?: number[];
  /** Sequence number of the last change beyond the flag-like properties (absent: the arrival). */
  majorSeq?: number;
  /** Flag-like property → sequence number of its last change (for partial delta items). */
  minorSeqs?: Record<string, number>;
  /** Single-value extended properties: canonical id → value (store/extended.ts). */
  extended?: Record<string, string>;
  /** Multi-value extended properties: canonical id → values. */
  multiExtended?: Record<string, string[]>;
  /** Open extensions: id → the extension as Graph returns it. */
  openExtensions?: Record<string, Record<string, unknown>>;
}

/**
 * Properties whose change alone makes later message-delta rounds answer a partial item (microsoft-graph-docs#7776,
 * graphBehaviour.partialDeltaItems).
 */
export const FLAG_LIKE = new Set(['isRead', 'flag', 'categories', 'inferenceClassification']);

export interface ContactRec { serial: number; folder: number; seq: number; arrivalSeq: number; created: number; modified: number; props: Props }
export interface EventRec { serial: number; calendar: number; seq: number; arrivalSeq: number; created: number; modified: number; props: Props }
export interface AttachmentRec {
  serial: number; message: number; name: string; contentType: string; content: Buffer; isInline: boolean;
  contentId?: string; modified: number;
  /** Absent: a file attachment. */
  kind?: 'item' | 'reference';
  /** An item attachment's item (Graph JSON with `@odata.type`). */
  item?: Props;
  sourceUrl?: string;
}
export interface Tombstone { id: string; seq: number }

export interface StoreUser { mail: string; displayName: string; userPrincipalName: string }

export interface StoreOptions {
  seed: number;
  clock: SandboxClock;
  user: StoreUser;
  /** Visibility lag for new messages, drawn per message (faults). */
  visibilityLag?: () => number;
  /** Whether an `isRead`-only change bumps lastModifiedDateTime (graphBehaviour.readChangesLastModified; default true). */
  readChangesLastModified?: () => boolean;
}

const WELL_KNOWN_FOLDERS: Array<[string, string, boolean?]> = [
  ['archive', 'Archive'], ['conversationhistory', 'Conversation History'], ['deleteditems', 'Deleted Items'],
  ['drafts', 'Drafts'], ['inbox', 'Inbox'], ['junkemail', 'Junk Email'], ['outbox', 'Outbox'], ['sentitems', 'Sent Items'],
  ['scheduled', 'Scheduled', true], ['searchfolders', 'Finder', true], ['recoverableitemsdeletions', 'Deletions', true],
];

type Kind = StoreChange['kind'];

export class Store implements MailboxStore {
  readonly codec: IdCodec;
  readonly clock: SandboxClock;
  readonly user: StoreUser;
  readonly salt: string;
  /** The global change sequence; every change takes the next number. */
  seq = 0;
  readonly folderRecs = new Map<number, FolderRec>();
  readonly messageRecs = new Map<number, MessageRec>();
  readonly byFolder = new Map<number, Set<number>>();
  readonly attachmentRecs = new Map<number, AttachmentRec>();
  readonly contactFolderRecs = new Map<number, ContactFolderRec>();
  readonly contactRecs = new Map<number, ContactRec>();
  readonly calendarRecs = new Map<number, CalendarRec>();
  readonly eventRecs = new Map<number, EventRec>();
  private readonly tombstoneLog = new Map<string, Tombstone[]>();
  private readonly customIds = new Map<IdKind, { byId: Map<string, number>; bySerial: Map<number, string> }>();
  private readonly serials = new Map<IdKind, number>();
  private readonly hidden = new Set<MessageRec>();
  private visibilityEpoch = 0;
  private readonly sent: Message[] = [];
  /** mailboxSettings (resources/mailboxsettings), as GET /mailboxSettings answers it. */
  readonly mailboxSettings: Props = defaultMailboxSettings();
  /** The master category list (outlookuser-list-mastercategories): Outlook's six colour categories to start with. */
  readonly masterCategories: Array<{ id: string; displayName: string; color: string }> = [
    ['Red category', 'preset0'], ['Orange category', 'preset1'], ['Yellow category', 'preset3'], ['Green category', 'preset4'],
    ['Blue category', 'preset7'], ['Purple category', 'preset8'],
  ].map(([displayName, color], i) => ({ id: `${createHash('sha256').update(`category:${i}`).digest('hex').slice(0, 8)}-0000-4000-8000-${String(i).padStart(12, '0')}`, displayName, color }));
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private generation = 0;
  private expiredBelowAll = 0;
  private readonly expiredBelow = new Map<string, number>();
  private readonly highest = new Map<string, number>();
  private readonly visibilityLag: () => number;
  private readonly readChangesLastModified: () => boolean;
  readonly rootFolder: number;
  readonly topFolder: number;
  readonly defaultContactFolder: number;
  readonly defaultCalendar: number;

  constructor(options: StoreOptions) {
    this.codec = new IdCodec(options.seed);
    this.clock = options.clock;
    this.user = options.user;
    this.salt = createHash('sha256').update(`changekeys:${options.seed}`).digest('hex');
    this.visibilityLag = options.visibilityLag ?? (() => 0);
    this.readChangesLastModified = options.readChangesLastModified ?? (() => true);
    this.rootFolder = this.newFolder(null, 'Root', true).serial;
    this.topFolder = this.newFolder(this.rootFolder, 'Top of Information Store', false, 'msgfolderroot').serial;
    for (const [wellKnown, name, hiddenFolder] of WELL_KNOWN_FOLDERS) this.newFolder(this.topFolder, name, hiddenFolder ?? false, wellKnown);
    this.defaultContactFolder = this.newContactFolder(null, 'Contacts', 'contacts').serial;
    const calendar = this.nextSerial('calendar');
    this.calendarRecs.set(calendar, { serial: calendar, name: 'Calendar', color: 'auto', hexColor: '', isDefault: true, seq: this.touch() });
    this.defaultCalendar = calendar;
  }

  // ---- ids, sequence, change feed --------------------------------------------------------------------------------

  touch(): number {
    this.seq += 1;
    return this.seq;
  }

  nextSerial(kind: IdKind): number {
    const next = (this.serials.get(kind) ?? 0) + 1;
    this.serials.set(kind, next);
    return next;
  }

  idOf(kind: IdKind, serial: number): string {
    const custom = this.customIds.get(kind)?.bySerial.get(serial);
    if (custom !== undefined) return custom;
    if (kind === 'message' || kind === 'attachment' || kind === 'contact' || kind === 'event') return this.codec.encode(kind, serial);
    // Containers are few and their ids are on every item: keep them.
    const key = `${kind}:${serial}`;
    let id = this.containerIds.get(key);
    if (id === undefined) { id = this.codec.encode(kind, serial); this.containerIds.set(key, id); }
    return id;
  }

  private readonly containerIds = new Map<string, string>();

  serialOf(kind: IdKind, id: string): number | undefined {
    return this.customIds.get(kind)?.byId.get(id) ?? this.codec.decode(kind, id);
  }

  private setCustomId(kind: IdKind, serial: number, id: string): void {
    let entry = this.customIds.get(kind);
    if (!entry) { entry = { byId: new Map(), bySerial: new Map() }; this.customIds.set(kind, entry); }
    if (entry.byId.has(id) || this.codec.decode(kind, id) !== undefined) throw new Error(`Id already in use: ${id}`);
    entry.byId.set(id, serial);
    entry.bySerial.set(serial, id);
  }

  private dropCustomId(kind: IdKind, serial: number): void {
    const entry = this.customIds.get(kind);
    const id = entry?.bySerial.get(serial);
    if (entry && id !== undefined) { entry.bySerial.delete(serial); entry.byId.delete(id); }
  }

  changeKey(seq: number): string {
    return changeKeyOf(this.salt, seq);
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  private emit(kind: Kind, changeType: StoreChange['changeType'], id: string, containerId: string): void {
    for (const listener of this.listeners) listener({ kind, changeType, id, containerId });
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000) * 1000;
  }

  // ---- tombstones and delta generations ------------------------------------------------------------------------

  static containerKey(kind: Kind, serial: number): string {
    return `${kind[0]}${serial}`;
  }

  private bury(kind: Kind, container: number, id: string, seq: number): void {
    const key = Store.containerKey(kind, container);
    let list = this.tombstoneLog.get(key);
    if (!list) { list = []; this.tombstoneLog.set(key, list); }
    list.push({ id, seq });
  }

  tombstones(key: string): readonly Tombstone[] {
    return this.tombstoneLog.get(key) ?? [];
  }

  nextGeneration(key: string): number {
    this.generation += 1;
    this.highest.set(key, this.generation);
    return this.generation;
  }

  /** `undefined` when the generation is still known, else the highest generation of that container (for the 410 text). */
  expiredGeneration(key: string, generation: number): number | undefined {
    const floor = Math.max(this.expiredBelowAll, this.expiredBelow.get(key) ?? 0);
    return generation <= floor ? (this.highest.get(key) ?? this.generation) : undefined;
  }

  expireDeltaTokens(folderOrContactFolder?: string): void {
    if (folderOrContactFolder === undefined) {
      this.expiredBelowAll = this.generation;
      return;
    }
    const folder = this.tryFolder(folderOrContactFolder);
    const key = folder !== undefined ? Store.containerKey('message', folder)
      : Store.containerKey('contact', this.requireContactFolder(folderOrContactFolder));
    this.expiredBelow.set(key, this.generation);
  }

  // ---- visibility ------------------------------------------------------------------------------------------------

  isVisible(rec: MessageRec, now = this.clock.now()): boolean {
    return rec.visibleAt <= now;
  }

  /** Prunes items that became visible; the epoch changes whenever the visible set did (cache key for queries). */
  visibility(): { epoch: number; firstHiddenSeq: number } {
    const now = this.clock.now();
    let firstHiddenSeq = Infinity;
    for (const rec of this.hidden) {
      if (rec.visibleAt <= now || !this.messageRecs.has(rec.serial)) {
        this.hidden.delete(rec);
        this.visibilityEpoch += 1;
      } else if (rec.seq < firstHiddenSeq) {
        firstHiddenSeq = rec.seq;
      }
    }
    return { epoch: this.visibilityEpoch, firstHiddenSeq };
  }

  private hideFor(rec: MessageRec, lagMs: number): void {
    if (lagMs > 0) {
      rec.visibleAt = rec.modified + lagMs;
      this.hidden.add(rec);
      this.visibilityEpoch += 1;
    }
  }

  // ---- mail folders --------------------------------------------------------------------------------------------

  private newFolder(parent: number | null, displayName: string, isHidden: boolean, wellKnown?: string): FolderRec {
    const rec: FolderRec = { serial: this.nextSerial('folder'), parent, displayName, isHidden, wellKnown };
    this.folderRecs.set(rec.serial, rec);
    this.byFolder.set(rec.serial, new Set());
    return rec;
  }

  /** A folder by id or well-known name (Graph's rules: ids are case-sensitive, well-known names are not). */
  tryFolder(idOrWellKnown: string): number | undefined {
    const serial = this.serialOf('folder', idOrWellKnown);
    if (serial !== undefined && this.folderRecs.has(serial)) return serial;
    const lower = idOrWellKnown.toLowerCase();
    for (const rec of this.folderRecs.values()) if (rec.wellKnown === lower) return rec.serial;
    return undefined;
  }

  /** Also accepts a display-name path from the top of the mailbox, e.g. `Inbox/Projects/2025` (store API only). */
  requireFolder(nameOrId: string): number {
    const direct = this.tryFolder(nameOrId);
    if (direct !== undefined) return direct;
    let current = this.topFolder;
    for (const name of nameOrId.split('/')) {
      const child = this.childFolders(current).find((f) => f.displayName.toLowerCase() === name.toLowerCase());
      if (!child) throw new Error(`No mail folder "${nameOrId}"`);
      current = child.serial;
    }
    return current;
  }

  childFolders(parent: number): FolderRec[] {
    return [...this.folderRecs.values()].filter((f) => f.parent === parent)
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }));
  }

  folderId(nameOrWellKnown: string): string {
    return this.idOf('folder', this.requireFolder(nameOrWellKnown));
  }

  createFolder(parentId: string | null, displayName: string, options: { isHidden?: boolean } = {}): MailFolder {
    const parent = parentId === null ? this.topFolder : this.requireFolder(parentId);
    if (this.childFolders(parent).some((f) => f.displayName.toLowerCase() === displayName.toLowerCase())) {
      throw new Error(`A folder named "${displayName}" already exists there`);
    }
    return this.folderJson(this.newFolder(parent, displayName, options.isHidden ?? false));
  }

  /** Whether `serial` is `ancestor` or lies below it. */
  isWithin(serial: number, ancestor: number): boolean {
    for (let at: number | null = serial; at !== null; at = this.folderRecs.get(at)?.parent ?? null) if (at === ancestor) return true;
    return false;
  }

  renameFolder(serial: number, displayName: string): void {
    const rec = this.folderRecs.get(serial) as FolderRec;
    rec.displayName = displayName;
    this.touch();
  }

  reparentFolder(serial: number, parent: number): void {
    (this.folderRecs.get(serial) as FolderRec).parent = parent;
    this.touch();
  }

  /** Removes a folder with its subfolders and their messages (each message leaves a delta tombstone). */
  removeFolder(serial: number): void {
    for (const child of this.childFolders(serial)) this.removeFolder(child.serial);
    for (const m of [...(this.byFolder.get(serial) ?? [])]) this.removeMessage(this.messageRecs.get(m) as MessageRec);
    this.folderRecs.delete(serial);
    this.byFolder.delete(serial);
    this.touch();
  }

  folders(): MailFolder[] {
    return [...this.folderRecs.values()].filter((f) => f.serial !== this.rootFolder).map((f) => this.folderJson(f));
  }

  folder(id: string): MailFolder | undefined {
    const serial = this.tryFolder(id);
    return serial === undefined ? undefined : this.folderJson(this.folderRecs.get(serial) as FolderRec);
  }

  /** Body size of the bulk messages (insertBulk). */
  private bulkBodyBytes?: number;

  private countCache?: { key: string; counts: Map<number, { total: number; unread: number }> };

  folderCounts(serial: number): { total: number; unread: number } {
    const key = `${this.seq}/${this.visibility().epoch}`;
    if (this.countCache?.key !== key) {
      const counts = new Map<number, { total: number; unread: number }>();
      for (const rec of this.messageRecs.values()) {
        let c = counts.get(rec.folder);
        if (!c) { c = { total: 0, unread: 0 }; counts.set(rec.folder, c); }
        c.total += 1;
        if (!this.messageIsRead(rec)) c.unread += 1;
      }
      this.countCache = { key, counts };
    }
    return this.countCache.counts.get(serial) ?? { total: 0, unread: 0 };
  }

  folderJson(f: FolderRec): MailFolder {
    const counts = this.folderCounts(f.serial);
    // No sizeInBytes: v1.0's mailFolder has no such property (dev/graph-schema/v1.0.json).
    const json: MailFolder = {
      id: this.idOf('folder', f.serial),
      displayName: f.displayName,
      parentFolderId: this.idOf('folder', f.parent ?? f.serial),
      childFolderCount: this.childFolders(f.serial).length,
      unreadItemCount: counts.unread,
      totalItemCount: counts.total,
      isHidden: f.isHidden,
    };
    return json;
  }

  // ---- messages --------------------------------------------------------------------------------------------------

  findMessage(id: string): MessageRec | undefined {
    const serial = this.serialOf('message', id);
    return serial === undefined ? undefined : this.messageRecs.get(serial);
  }

  requireMessage(id: string): MessageRec {
    const rec = this.findMessage(id);
    if (!rec) throw new Error(`No message with id ${id}`);
    return rec;
  }

  messageId(rec: MessageRec): string {
    return this.idOf('message', rec.serial);
  }

  messageProps(rec: MessageRec): Props {
    return rec.props ?? bulkProps(rec.bulk ?? 0, this.user, this.bulkBodyBytes);
  }

  messageIsRead(rec: MessageRec): boolean {
    return rec.props ? rec.props.isRead === true : false;
  }

  /** Creates a message record; times in `init` are honoured (truncated to the second), else the clock's second. */
  insertMessage(folder: number, init: MessageInit = {}): MessageRec {
    const now = this.nowSeconds();
    const created = parseSeconds(init.createdDateTime) ?? parseSeconds(init.receivedDateTime) ?? now;
    const received = parseSeconds(init.receivedDateTime) ?? created;
    const sent = parseSeconds(init.sentDateTime) ?? received;
    const modified = parseSeconds(init.lastModifiedDateTime) ?? Math.max(created, received);
    const seq = this.touch();
    const rec: MessageRec = {
      serial: this.nextSerial('message'), folder, seq, arrivalSeq: seq, created, modified, received, sent, visibleAt: 0,
      props: this.initialMessageProps(init),
    };
    if (typeof init.id === 'string' && init.id !== '') this.setCustomId('message', rec.serial, init.id);
    this.messageRecs.set(rec.serial, rec);
    (this.byFolder.get(folder) as Set<number>).add(rec.serial);
    for (const a of init.attachments ?? []) this.insertAttachment(rec, a, false);
    if (init.singleValueExtendedProperties) this.setExtended(rec, init.singleValueExtendedProperties);
    this.setNavigation(rec, init);
    this.hideFor(rec, init.visibleAfterMs ?? this.visibilityLag());
    this.emit('message', 'created', this.messageId(rec), this.idOf('folder', folder));
    return rec;
  }

  /** Appends compact messages (no stored properties) in one go; times step back from now, ~7 per second. */
  insertBulk(folder: number, count: number, bodyBytes?: number): void {
    this.bulkBodyBytes = bodyBytes;
    const set = this.byFolder.get(folder) as Set<number>;
    const now = this.nowSeconds();
    for (let i = 0; i < count; i += 1) {
      const at = now - Math.floor((count - i) / 7) * 1000;
      const seq = this.touch();
      const serial = this.nextSerial('message');
      this.messageRecs.set(serial, {
        serial, folder, seq, arrivalSeq: seq, created: at, modified: at, received: at, sent: at - 2000, visibleAt: 0, bulk: i,
      });
      set.add(serial);
    }
  }

  private initialMessageProps(init: MessageInit): Props {
    const props: Props = {
      categories: [], internetMessageId: `<${createHash('sha1').update(`${this.seq}:${this.salt}`).digest('hex').slice(0, 24)}@sandbox.example>`,
      subject: '', importance: 'normal', isDeliveryReceiptRequested: null, isReadReceiptRequested: false, isRead: false,
      isDraft: false, inferenceClassification: 'focused', body: { contentType: 'html', content: '' },
      sender: null, from: null, toRecipients: [], ccRecipients: [], bccRecipients: [], replyTo: [], flag: { flagStatus: 'notFlagged' },
    };
    for (const [key, value] of Object.entries(init)) {
      if (MESSAGE.writable.has(key) && value !== undefined) props[key] = clone(value);
    }
    if (props.sender === null && props.from) props.sender = clone(props.from);
    if (typeof props.conversationId !== 'string') {
      props.conversationId = `AAQkAD${createHash('sha256').update(`conv:${String(props.subject).replace(/^(re|fw|fwd):\s*/i, '')}:${this.salt}`).digest('base64').slice(0, 40).replace(/\+/g, '-').replace(/\//g, '_')}=`;
    }
    return props;
  }

  /** Applies a patch of writable properties; bumps lastModifiedDateTime (to the clock's second) and changeKey. */
  patchMessage(rec: MessageRec, patch: Props): void {
    const props = this.messageProps(rec);
    rec.props = props;
    delete rec.bulk;
    const keys = Object.keys(patch).filter((key) => MESSAGE.writable.has(key) && patch[key] !== undefined);
    for (const key of keys) props[key] = clone(patch[key]);
    if (Array.isArray(patch.singleValueExtendedProperties)) this.setExtended(rec, patch.singleValueExtendedProperties);
    this.setNavigation(rec, patch);
    // Reports disagree on whether marking read moves lastModifiedDateTime (alcionai/corso#1866): a knob decides.
    const readOnly = keys.length > 0 && keys.every((k) => k === 'isRead');
    this.bump(rec, { keepModified: readOnly && !this.readChangesLastModified(), minor: keys.length && keys.every((k) => FLAG_LIKE.has(k)) ? keys : undefined });
    this.emit('message', 'updated', this.messageId(rec), this.idOf('folder', rec.folder));
  }

  /** Adds or replaces single-value extended properties (ids checked and made canonical here too, for store callers). */
  setExtended(rec: MessageRec, list: readonly unknown[]): void {
    rec.extended = { ...rec.extended };
    for (const p of parseExtendedProperties(list)) rec.extended[p.id] = p.value;
  }

  /** Multi-value extended properties and open extensions given on create or PATCH (added or replaced by id). */
  setNavigation(rec: MessageRec, body: Props): void {
    if (Array.isArray(body.multiValueExtendedProperties)) {
      rec.multiExtended = { ...rec.multiExtended };
      for (const p of parseMultiValueExtendedProperties(body.multiValueExtendedProperties)) rec.multiExtended[p.id] = p.value;
    }
    if (Array.isArray(body.extensions)) {
      rec.openExtensions = { ...rec.openExtensions };
      for (const e of parseOpenExtensions(body.extensions)) rec.openExtensions[e.id as string] = e;
    }
  }

  multiExtendedOf(rec: MessageRec): MultiValueExtendedProperty[] {
    return Object.entries(rec.multiExtended ?? {}).map(([id, value]) => ({ id, value: [...value] }));
  }

  openExtensionsOf(rec: MessageRec): Array<Record<string, unknown>> {
    return Object.values(rec.openExtensions ?? {}).map((e) => clone(e));
  }

  extendedOf(rec: MessageRec): ExtendedProperty[] {
    return Object.entries(rec.extended ?? {}).map(([id, value]) => ({ id, value }));
  }

  /** The single-value extended properties stored on a message (canonical ids). */
  extendedProperties(messageId: string): ExtendedProperty[] {
    return this.extendedOf(this.requireMessage(messageId));
  }

  /** A new changeKey; `minor` names the flag-like properties when the change touched nothing else. */
  private bump(rec: MessageRec, options: { keepModified?: boolean; minor?: string[] } = {}): void {
    rec.seq = this.touch();
    if (!options.keepModified) rec.modified = Math.max(this.nowSeconds(), rec.modified);
    if (!options.minor) {
      rec.majorSeq = rec.seq;
      return;
    }
    rec.minorSeqs ??= {};
    for (const key of options.minor) rec.minorSeqs[key] = rec.seq;
  }

  removeMessage(rec: MessageRec): void {
    const id = this.messageId(rec);
    this.messageRecs.delete(rec.serial);
    this.byFolder.get(rec.folder)?.delete(rec.serial);
    for (const a of rec.attachments ?? []) this.attachmentRecs.delete(a);
    this.dropCustomId('message', rec.serial);
    this.bury('message', rec.folder, id, this.touch());
    this.emit('message', 'deleted', id, this.idOf('folder', rec.folder));
  }

  relocateMessage(rec: MessageRec, folder: number, newId: boolean): MessageRec {
    const oldId = this.messageId(rec);
    const from = rec.folder;
    this.byFolder.get(from)?.delete(rec.serial);
    this.bury('message', from, oldId, this.touch());
    if (newId) {
      this.messageRecs.delete(rec.serial);
      this.dropCustomId('message', rec.serial);
      rec.serial = this.nextSerial('message');
      this.messageRecs.set(rec.serial, rec);
      for (const a of rec.attachments ?? []) {
        const att = this.attachmentRecs.get(a);
        if (att) att.message = rec.serial;
      }
    }
    rec.folder = folder;
    (this.byFolder.get(folder) as Set<number>).add(rec.serial);
    this.bump(rec);
    rec.arrivalSeq = rec.seq;
    this.emit('message', 'deleted', oldId, this.idOf('folder', from));
    this.emit('message', 'created', this.messageId(rec), this.idOf('folder', folder));
    return rec;
  }

  duplicateMessage(rec: MessageRec, folder: number): MessageRec {
    const props = clone(this.messageProps(rec));
    const copy = this.insertMessage(folder, { ...props, receivedDateTime: isoSeconds(rec.received), sentDateTime: isoSeconds(rec.sent) });
    copy.created = this.nowSeconds();
    copy.modified = copy.created;
    if (rec.extended) copy.extended = { ...rec.extended };
    if (rec.multiExtended) copy.multiExtended = { ...rec.multiExtended };
    if (rec.openExtensions) copy.openExtensions = clone(rec.openExtensions);
    for (const a of rec.attachments ?? []) {
      const att = this.attachmentRecs.get(a);
      if (att) {
        this.insertAttachment(copy, {
          name: att.name, contentType: att.contentType, content: att.content, isInline: att.isInline, contentId: att.contentId,
          kind: att.kind, item: att.item, sourceUrl: att.sourceUrl,
        }, false);
      }
    }
    return copy;
  }

  /**
   * A sent draft becomes its copy in Sent Items: the same item, moved and no longer a draft. Its id stays the same
   * when the request asked for immutable ids (learn.microsoft.com/graph/outlook-immutable-id, "Immutable ID with
   * sending mail"), like any move.
   */
  submitDraft(rec: MessageRec, folder: number, patch: Props, newId: boolean): MessageRec {
    rec.sent = this.nowSeconds();
    rec.received = rec.sent;
    this.patchMessage(rec, { ...patch, isDraft: false });
    return this.relocateMessage(rec, folder, newId);
  }

  /** Records a sent message (the outside world's copy). */
  recordSent(message: Message): void {
    this.sent.push(message);
  }

  messageJson(rec: MessageRec): Props {
    // Bulk properties are built fresh for each call; stored ones are copied so callers cannot alter the store.
    const props = rec.props ? clone(rec.props) : this.messageProps(rec);
    const id = this.messageId(rec);
    const changeKey = this.changeKey(rec.seq);
    const body = props.body as { contentType?: string; content?: string } | null;
    const out: Props = {
      '@odata.etag': `W/"${changeKey}"`,
      id,
      createdDateTime: isoSeconds(rec.created),
      lastModifiedDateTime: isoSeconds(rec.modified),
      changeKey,
      categories: props.categories,
      receivedDateTime: isoSeconds(rec.received),
      sentDateTime: isoSeconds(rec.sent),
      hasAttachments: (rec.attachments ?? []).some((a) => this.attachmentRecs.get(a)?.isInline === false),
      internetMessageId: props.internetMessageId,
      subject: props.subject,
      bodyPreview: preview(body),
      importance: props.importance,
      parentFolderId: this.idOf('folder', rec.folder),
      conversationId: props.conversationId,
      conversationIndex: conversationIndex(rec.serial, rec.created),
      isDeliveryReceiptRequested: props.isDeliveryReceiptRequested,
      isReadReceiptRequested: props.isReadReceiptRequested,
      isRead: props.isRead,
      isDraft: props.isDraft,
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
      inferenceClassification: props.inferenceClassification,
      body,
      sender: props.sender,
      from: props.from,
      toRecipients: props.toRecipients,
      ccRecipients: props.ccRecipients,
      bccRecipients: props.bccRecipients,
      replyTo: props.replyTo,
      flag: props.flag,
      uniqueBody: body ? { ...body } : body,
      internetMessageHeaders: props.internetMessageHeaders ?? [],
    };
    return out;
  }

  /** Graph JSON of the default property set (no uniqueBody or headers). */
  private messagePublic(rec: MessageRec): Message {
    const json = this.messageJson(rec);
    delete json.uniqueBody;
    delete json.internetMessageHeaders;
    return json;
  }

  addMessage(folder: string, init?: MessageInit): Message {
    return this.messagePublic(this.insertMessage(this.requireFolder(folder), init));
  }

  updateMessage(id: string, patch: Partial<Message>): Message {
    const rec = this.requireMessage(id);
    this.patchMessage(rec, patch);
    return this.messagePublic(rec);
  }

  deleteMessage(id: string): void {
    this.removeMessage(this.requireMessage(id));
  }

  moveMessage(id: string, destinationFolder: string, options: { newId?: boolean } = {}): Message {
    return this.messagePublic(this.relocateMessage(this.requireMessage(id), this.requireFolder(destinationFolder), options.newId ?? false));
  }

  copyMessage(id: string, destinationFolder: string): Message {
    return this.messagePublic(this.duplicateMessage(this.requireMessage(id), this.requireFolder(destinationFolder)));
  }

  /** Records in a folder (or all), ordered by lastModifiedDateTime then insertion; hidden ones included. */
  messageRecsIn(folder?: number): MessageRec[] {
    const recs = folder === undefined ? [...this.messageRecs.values()]
      : [...(this.byFolder.get(folder) ?? [])].map((s) => this.messageRecs.get(s) as MessageRec);
    return recs.sort((a, b) => a.modified - b.modified || a.serial - b.serial);
  }

  messages(folder?: string): Message[] {
    return this.messageRecsIn(folder === undefined ? undefined : this.requireFolder(folder)).map((r) => this.messagePublic(r));
  }

  message(id: string): Message | undefined {
    const rec = this.findMessage(id);
    return rec ? this.messagePublic(rec) : undefined;
  }

  messageCount(folder?: string): number {
    return folder === undefined ? this.messageRecs.size : (this.byFolder.get(this.requireFolder(folder))?.size ?? 0);
  }

  sentMail(): Message[] {
    return clone(this.sent);
  }

  // ---- attachments ---------------------------------------------------------------------------------------------

  insertAttachment(rec: MessageRec, a: AttachmentInit, bump = true): AttachmentRec {
    const att: AttachmentRec = {
      serial: this.nextSerial('attachment'), message: rec.serial, name: a.name, contentType: a.contentType,
      content: Buffer.from(a.content ?? Buffer.alloc(0)), isInline: a.isInline ?? false, contentId: a.contentId, modified: this.nowSeconds(),
      ...(a.kind === 'item' || a.kind === 'reference' ? { kind: a.kind } : {}),
      ...(a.item ? { item: clone(a.item) } : {}), ...(a.sourceUrl ? { sourceUrl: a.sourceUrl } : {}),
    };
    this.attachmentRecs.set(att.serial, att);
    rec.attachments = [...(rec.attachments ?? []), att.serial];
    if (bump) {
      rec.props = this.messageProps(rec);
      delete rec.bulk;
      this.bump(rec);
      this.emit('message', 'updated', this.messageId(rec), this.idOf('folder', rec.folder));
    }
    return att;
  }

  /** The attachments of a message as MIME parts. */
  mimeParts(rec: MessageRec): MimePart[] {
    return (rec.attachments ?? []).map((a) => this.attachmentRecs.get(a) as AttachmentRec).filter((att) => att.kind !== 'reference').map((att) => {
      if (att.kind !== 'item') return { name: att.name, contentType: att.contentType, content: att.content, inline: att.isInline, contentId: att.contentId };
      const raw = this.attachmentValue(att);
      return itemType(att) === 'message' ? { name: att.name, contentType: 'message/rfc822', content: raw, embedded: raw.toString('utf8') }
        : { name: att.name, contentType: itemType(att) === 'event' ? 'text/calendar' : 'text/vcard', content: raw };
    });
  }

  /**
   * `$value` of an attachment (attachment-get): a file's bytes; an item's MIME (message), iCalendar (event) or
   * vCard (contact). A reference attachment has none (the route answers 405).
   */
  attachmentValue(att: AttachmentRec): Buffer {
    if (att.kind !== 'item') return att.content;
    const item = att.item ?? {};
    switch (itemType(att)) {
      case 'event': return eventIcs(item);
      case 'contact': return contactVcf(item);
      default: return messageMime({ ...item, id: item.id ?? `item-${att.serial}` }, []);
    }
  }

  findAttachment(rec: MessageRec, id: string): AttachmentRec | undefined {
    const serial = this.serialOf('attachment', id);
    const att = serial === undefined ? undefined : this.attachmentRecs.get(serial);
    return att && att.message === rec.serial ? att : undefined;
  }

  removeAttachment(rec: MessageRec, att: AttachmentRec): void {
    this.attachmentRecs.delete(att.serial);
    rec.attachments = (rec.attachments ?? []).filter((a) => a !== att.serial);
    this.bump(rec);
    this.emit('message', 'updated', this.messageId(rec), this.idOf('folder', rec.folder));
  }

  attachmentJson(att: AttachmentRec, withContent = true): Props {
    const base: Props = {
      id: this.idOf('attachment', att.serial),
      lastModifiedDateTime: isoSeconds(att.modified),
      name: att.name,
    };
    if (att.kind === 'item') {
      // An item attachment has no content type of its own (attachment-get example 2: "contentType": null).
      return { '@odata.type': '#microsoft.graph.itemAttachment', ...base, contentType: null, size: Buffer.byteLength(JSON.stringify(att.item ?? {})) + 200, isInline: false };
    }
    if (att.kind === 'reference') {
      // `size` is the size of the link's metadata, not of the file (resources/referenceattachment).
      return { '@odata.type': '#microsoft.graph.referenceAttachment', ...base, contentType: att.contentType || null, size: 600 + Buffer.byteLength(att.name), isInline: att.isInline };
    }
    const out: Props = {
      '@odata.type': '#microsoft.graph.fileAttachment',
      '@odata.mediaContentType': att.contentType,
      ...base,
      contentType: att.contentType,
      // Like Exchange, `size` counts the item's own overhead, not just the file (microsoft-graph-docs#9796).
      size: att.content.length + 200 + Buffer.byteLength(att.name),
      isInline: att.isInline,
    };
    // contentBytes, contentId and contentLocation are fileAttachment's own properties.
    out.contentId = att.contentId ?? null;
    out.contentLocation = null;
    if (withContent) out.contentBytes = att.content.toString('base64');
    return out;
  }

  addAttachment(messageId: string, a: AttachmentInit): Attachment {
    return this.attachmentJson(this.insertAttachment(this.requireMessage(messageId), a));
  }

  attachments(messageId: string): Attachment[] {
    const rec = this.requireMessage(messageId);
    return (rec.attachments ?? []).map((s) => this.attachmentJson(this.attachmentRecs.get(s) as AttachmentRec) as Attachment);
  }

  // ---- contacts ------------------------------------------------------------------------------------------------

  newContactFolder(parent: number | null, displayName: string, wellKnown?: string): ContactFolderRec {
    const rec: ContactFolderRec = { serial: this.nextSerial('contactFolder'), parent, displayName, wellKnown };
    this.contactFolderRecs.set(rec.serial, rec);
    return rec;
  }

  tryContactFolder(idOrName: string): number | undefined {
    const serial = this.serialOf('contactFolder', idOrName);
    if (serial !== undefined && this.contactFolderRecs.has(serial)) return serial;
    const lower = idOrName.toLowerCase();
    for (const rec of this.contactFolderRecs.values()) if (rec.wellKnown === lower) return rec.serial;
    return undefined;
  }

  requireContactFolder(nameOrId: string): number {
    const direct = this.tryContactFolder(nameOrId);
    if (direct !== undefined) return direct;
    for (const rec of this.contactFolderRecs.values()) if (rec.displayName.toLowerCase() === nameOrId.toLowerCase()) return rec.serial;
    throw new Error(`No contact folder "${nameOrId}"`);
  }

  contactFolderJson(f: ContactFolderRec): ContactFolder {
    return {
      id: this.idOf('contactFolder', f.serial),
      displayName: f.displayName,
      parentFolderId: this.idOf('contactFolder', f.parent ?? f.serial),
    };
  }

  contactFolders(): ContactFolder[] {
    return [...this.contactFolderRecs.values()].map((f) => this.contactFolderJson(f));
  }

  contactFolderId(nameOrId: string): string {
    return this.idOf('contactFolder', this.requireContactFolder(nameOrId));
  }

  createContactFolder(parentId: string | null, displayName: string): ContactFolder {
    const parent = parentId === null ? this.defaultContactFolder : this.requireContactFolder(parentId);
    return this.contactFolderJson(this.newContactFolder(parent, displayName));
  }

  findContact(id: string): ContactRec | undefined {
    const serial = this.serialOf('contact', id);
    return serial === undefined ? undefined : this.contactRecs.get(serial);
  }

  private requireContact(id: string): ContactRec {
    const rec = this.findContact(id);
    if (!rec) throw new Error(`No contact with id ${id}`);
    return rec;
  }

  insertContact(folder: number, init: ContactInit = {}): ContactRec {
    const now = this.nowSeconds();
    const created = parseSeconds(init.createdDateTime) ?? now;
    const modified = parseSeconds(init.lastModifiedDateTime) ?? created;
    const seq = this.touch();
    const props: Props = { categories: [], emailAddresses: [], businessPhones: [], homePhones: [], imAddresses: [], children: [] };
    for (const [key, value] of Object.entries(init)) if ((CONTACT.writable.has(key) || key === NAVIGATION_KEY) && value !== undefined) props[key] = clone(value);
    if (typeof props.displayName !== 'string') props.displayName = [props.givenName, props.surname].filter((s) => typeof s === 'string' && s).join(' ');
    const rec: ContactRec = { serial: this.nextSerial('contact'), folder, seq, arrivalSeq: seq, created, modified, props };
    if (typeof init.id === 'string' && init.id !== '') this.setCustomId('contact', rec.serial, init.id);
    this.contactRecs.set(rec.serial, rec);
    this.emit('contact', 'created', this.idOf('contact', rec.serial), this.idOf('contactFolder', folder));
    return rec;
  }

  patchContact(rec: ContactRec, patch: Props): void {
    for (const [key, value] of Object.entries(patch)) if ((CONTACT.writable.has(key) || key === NAVIGATION_KEY) && value !== undefined) rec.props[key] = clone(value);
    rec.seq = this.touch();
    rec.modified = Math.max(this.nowSeconds(), rec.modified);
    this.emit('contact', 'updated', this.idOf('contact', rec.serial), this.idOf('contactFolder', rec.folder));
  }

  removeContact(rec: ContactRec): void {
    const id = this.idOf('contact', rec.serial);
    this.contactRecs.delete(rec.serial);
    this.dropCustomId('contact', rec.serial);
    this.bury('contact', rec.folder, id, this.touch());
    this.emit('contact', 'deleted', id, this.idOf('contactFolder', rec.folder));
  }

  /** Deletes a contact folder, its subfolders and every contact in them (contactfolder-delete). */
  removeContactFolder(serial: number): void {
    for (const child of [...this.contactFolderRecs.values()].filter((f) => f.parent === serial)) this.removeContactFolder(child.serial);
    for (const rec of [...this.contactRecs.values()].filter((c) => c.folder === serial)) this.removeContact(rec);
    this.contactFolderRecs.delete(serial);
    this.touch();
  }

  contactJson(rec: ContactRec): Props {
    const changeKey = this.changeKey(rec.seq);
    const out: Props = { '@odata.etag': `W/"${changeKey}"` };
    for (const name of CONTACT.properties) {
      switch (name) {
        case 'id': out.id = this.idOf('contact', rec.serial); break;
        case 'createdDateTime': out.createdDateTime = isoSeconds(rec.created); break;
        case 'lastModifiedDateTime': out.lastModifiedDateTime = isoSeconds(rec.modified); break;
        case 'changeKey': out.changeKey = changeKey; break;
        case 'parentFolderId': out.parentFolderId = this.idOf('contactFolder', rec.folder); break;
        default: out[name] = clone(rec.props[name] ?? (name.endsWith('Address') ? {} : null));
      }
    }
    return out;
  }

  contactRecsIn(folder?: number): ContactRec[] {
    return [...this.contactRecs.values()].filter((c) => folder === undefined || c.folder === folder)
      .sort((a, b) => a.modified - b.modified || a.serial - b.serial);
  }

  addContact(init?: ContactInit, folder?: string): Contact {
    const f = folder === undefined ? this.defaultContactFolder : this.requireContactFolder(folder);
    return this.contactJson(this.insertContact(f, init));
  }

  updateContact(id: string, patch: Partial<Contact>): Contact {
    const rec = this.requireContact(id);
    this.patchContact(rec, patch);
    return this.contactJson(rec);
  }

  deleteContact(id: string): void {
    this.removeContact(this.requireContact(id));
  }

  contacts(folder?: string): Contact[] {
    return this.contactRecsIn(folder === undefined ? undefined : this.requireContactFolder(folder)).map((r) => this.contactJson(r) as Contact);
  }

  contact(id: string): Contact | undefined {
    const rec = this.findContact(id);
    return rec ? this.contactJson(rec) : undefined;
  }

  // ---- calendars and events --------------------------------------------------------------------------------------

  createCalendar(name: string, color = 'auto'): Calendar {
    const serial = this.nextSerial('calendar');
    const rec: CalendarRec = { serial, name, color, hexColor: '', isDefault: false, seq: this.touch() };
    this.calendarRecs.set(serial, rec);
    return this.calendarJson(rec);
  }

  /** Renames or recolours a calendar (a new changeKey). */
  updateCalendar(serial: number, patch: { name?: string; color?: string }): void {
    const rec = this.calendarRecs.get(serial);
    if (!rec) throw new Error(`No calendar ${serial}`);
    if (patch.name !== undefined) rec.name = patch.name;
    if (patch.color !== undefined) rec.color = patch.color;
    rec.seq = this.touch();
  }

  /** Deletes a calendar (never the default one) with its events. */
  removeCalendar(serial: number): void {
    if (serial === this.defaultCalendar) throw new Error('The default calendar cannot be deleted');
    for (const rec of [...this.eventRecs.values()]) if (rec.calendar === serial) this.removeEvent(rec);
    this.calendarRecs.delete(serial);
  }

  tryCalendar(id: string): number | undefined {
    const serial = this.serialOf('calendar', id);
    return serial !== undefined && this.calendarRecs.has(serial) ? serial : undefined;
  }

  calendarJson(c: CalendarRec): Calendar {
    const changeKey = this.changeKey(c.seq);
    return {
      id: this.idOf('calendar', c.serial), name: c.name, color: c.color as Calendar['color'], hexColor: c.hexColor,
      isDefaultCalendar: c.isDefault, changeKey, canShare: true, canViewPrivateItems: true, canEdit: true,
      allowedOnlineMeetingProviders: ['teamsForBusiness'], defaultOnlineMeetingProvider: 'teamsForBusiness',
      isTallyingResponses: true, isRemovable: !c.isDefault,
      owner: { name: this.user.displayName, address: this.user.mail },
    };
  }

  calendars(): Calendar[] {
    return [...this.calendarRecs.values()].map((c) => this.calendarJson(c));
  }

  /** Event times carry 7 fractional digits; the sub-millisecond ones are derived from the change number. */
  eventStamp(seq: number): string {
    return isoTicks(this.clock.now(), mix32(seq) % 10000);
  }

  findEvent(id: string): EventRec | undefined {
    const serial = this.serialOf('event', id);
    return serial === undefined ? undefined : this.eventRecs.get(serial);
  }

  private requireEvent(id: string): EventRec {
    const rec = this.findEvent(id);
    if (!rec) throw new Error(`No event with id ${id}`);
    return rec;
  }

  insertEvent(init: EventInit): EventRec {
    const calendar = init.calendarId === undefined ? this.defaultCalendar : this.tryCalendar(init.calendarId);
    if (calendar === undefined) throw new Error(`No calendar with id ${init.calendarId}`);
    const seq = this.touch();
    const stamp = this.eventStamp(seq);
    const props: Props = {
      categories: [], reminderMinutesBeforeStart: 15, isReminderOn: true, subject: '', importance: 'normal',
      sensitivity: 'normal', isAllDay: false, isCancelled: false, isOrganizer: true, responseRequested: true,
      seriesMasterId: null, showAs: 'busy', type: 'singleInstance', isOnlineMeeting: false, onlineMeetingProvider: 'unknown',
      onlineMeetingUrl: null, allowNewTimeProposals: true, isDraft: false, hideAttendees: false, transactionId: null,
      originalStartTimeZone: 'UTC', originalEndTimeZone: 'UTC', recurrence: null, onlineMeeting: null,
      responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
      body: { contentType: 'html', content: '' }, location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
      locations: [], attendees: [], organizer: { emailAddress: { name: this.user.displayName, address: this.user.mail } },
    };
    for (const [key, value] of Object.entries(init)) if ((EVENT.writable.has(key) || key === NAVIGATION_KEY) && value !== undefined) props[key] = clone(value);
    const serial = this.nextSerial('event');
    const uid = createHash('sha256').update(`event:${serial}:${this.salt}`).digest('hex').slice(0, 64).toUpperCase();
    props.iCalUId ??= `040000008200E00074C5B7101A82E008${uid.slice(0, 48)}`;
    const rec: EventRec = { serial, calendar, seq, arrivalSeq: seq, created: this.clock.now(), modified: this.clock.now(), props: { ...props, createdDateTime: stamp, lastModifiedDateTime: stamp } };
    if (typeof init.id === 'string' && init.id !== '') this.setCustomId('event', serial, init.id);
    this.eventRecs.set(serial, rec);
    this.emit('event', 'created', this.idOf('event', serial), this.idOf('calendar', calendar));
    return rec;
  }

  patchEvent(rec: EventRec, patch: Props): void {
    for (const [key, value] of Object.entries(patch)) if ((EVENT.writable.has(key) || key === NAVIGATION_KEY) && value !== undefined) rec.props[key] = clone(value);
    rec.seq = this.touch();
    rec.props.lastModifiedDateTime = this.eventStamp(rec.seq);
    rec.modified = this.clock.now();
    this.emit('event', 'updated', this.idOf('event', rec.serial), this.idOf('calendar', rec.calendar));
  }

  removeEvent(rec: EventRec): void {
    const id = this.idOf('event', rec.serial);
    this.eventRecs.delete(rec.serial);
    this.dropCustomId('event', rec.serial);
    this.bury('event', rec.calendar, id, this.touch());
    this.emit('event', 'deleted', id, this.idOf('calendar', rec.calendar));
  }

  eventJson(rec: EventRec): Props {
    const changeKey = this.changeKey(rec.seq);
    const id = this.idOf('event', rec.serial);
    const out: Props = { '@odata.etag': `W/"${changeKey}"` };
    for (const name of EVENT.properties) {
      switch (name) {
        case 'id': out.id = id; break;
        case 'changeKey': out.changeKey = changeKey; break;
        // File attachments of an event are kept beside its properties (calendar/attachments.ts).
        case 'hasAttachments': out.hasAttachments = ((rec.props['@sandbox.attachments'] as unknown[] | undefined)?.length ?? 0) > 0; break;
        case 'bodyPreview': out.bodyPreview = preview(rec.props.body as { content?: string } | null); break;
        case 'webLink': out.webLink = `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`; break;
        default: out[name] = clone(rec.props[name] ?? null);
      }
    }
    return out;
  }

  addEvent(init: EventInit): Event {
    return this.eventJson(this.insertEvent(init));
  }

  updateEvent(id: string, patch: Partial<Event>): Event {
    const rec = this.requireEvent(id);
    this.patchEvent(rec, patch);
    return this.eventJson(rec);
  }

  deleteEvent(id: string): void {
    this.removeEvent(this.requireEvent(id));
  }

  /** A new version (lastModifiedDateTime, changeKey) of every event, or of one calendar's, without any edit. */
  touchEvents(calendarId?: string): void {
    const calendar = calendarId === undefined ? undefined : this.tryCalendar(calendarId);
    for (const rec of [...this.eventRecs.values()]) if (calendar === undefined || rec.calendar === calendar) this.patchEvent(rec, {});
  }

  events(calendarId?: string): Event[] {
    const calendar = calendarId === undefined ? undefined : this.tryCalendar(calendarId);
    if (calendarId !== undefined && calendar === undefined) throw new Error(`No calendar with id ${calendarId}`);
    return [...this.eventRecs.values()].filter((e) => calendar === undefined || e.calendar === calendar)
      .map((e) => this.eventJson(e) as Event);
  }

  event(id: string): Event | undefined {
    const rec = this.findEvent(id);
    return rec ? this.eventJson(rec) : undefined;
  }
}

/** Deep copy of JSON-like data (much faster than structuredClone for the small objects of a message). */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clone(v) as unknown) as T;
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = clone(v);
  return out as T;
}

function parseSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000) * 1000;
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/tr>|<\/h\d>/gi, '\r\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/(\r\n\s*){3,}/g, '\r\n\r\n')
    .trim();
}

function preview(body: { contentType?: string; content?: string } | null | undefined): string {
  const content = body?.content ?? '';
  const text = body?.contentType?.toLowerCase() === 'text' ? content : htmlToText(content);
  return text.slice(0, 255);
}

function defaultMailboxSettings(): Props {
  const day = { dateTime: '2026-01-01T00:00:00.0000000', timeZone: 'UTC' };
  return {
    archiveFolder: null,
    timeZone: 'UTC',
    automaticRepliesSetting: {
      status: 'disabled', externalAudience: 'all', internalReplyMessage: '', externalReplyMessage: '',
      scheduledStartDateTime: day, scheduledEndDateTime: { ...day, dateTime: '2026-01-02T00:00:00.0000000' },
    },
    language: { locale: 'en-US', displayName: 'English (United States)' },
    workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'UTC' } },
    dateFormat: 'M/d/yyyy', timeFormat: 'h:mm tt', delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly', userPurpose: 'user',
  };
}

function itemType(att: AttachmentRec): 'message' | 'event' | 'contact' {
  const type = String(att.item?.['@odata.type'] ?? '').toLowerCase();
  return type.endsWith('.event') ? 'event' : type.endsWith('.contact') ? 'contact' : 'message';
}

function conversationIndex(serial: number, created: number): string {
  const buf = Buffer.alloc(22);
  buf[0] = 1;
  buf.writeUIntBE(Math.floor(created / 1000) & 0xffffffffff, 1, 5);
  for (let i = 6; i < 22; i += 4) buf.writeUInt32BE(mix32(serial * 31 + i), i);
  return buf.toString('base64');
}
