/** The sandbox's public, typed API (see CONTRACT.md). */
import type { ExchangeObserver } from './http/pipeline';
import type {
  Attachment, Calendar, Contact, ContactFolder, Event, MailFolder, Message, Subscription,
} from '@microsoft/microsoft-graph-types';

export type { Attachment, Calendar, Contact, ContactFolder, Event, MailFolder, Message, Subscription };

export interface SandboxClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export interface SandboxOptions {
  port?: number;
  seed?: number;
  demo?: boolean;
  /** Compact generated messages; `bodyBytes` pads each text body to about that many bytes (default: one short line). */
  bulk?: { folder: string; count: number; bodyBytes?: number };
  clock?: SandboxClock;
  tokenTtlSeconds?: number;
  tokenMaxRequests?: number;
  /** Called once per HTTP request when it has been answered (or reset). */
  onRequest?: (request: RecordedRequest) => void;
  /** Initial Graph behaviour knobs (also what `graphBehaviour.reset()` returns to). */
  graphBehaviour?: Partial<GraphBehaviourSettings>;
}

/** Graph behaviours that vary (CONTRACT.md, "Graph behaviours and their sources"). */
export interface GraphBehaviourSettings {
  /** A collection response (list or delta page) whose JSON body is larger answers 504; unset = no limit. */
  maxResponseBytes?: number;
  /** Whether a change of `isRead` alone bumps `lastModifiedDateTime` (it always changes the changeKey). */
  readChangesLastModified: boolean;
  /** Later message-delta rounds return only the changed flag-like properties of items changed only in those. */
  partialDeltaItems: boolean;
  /** Gzip response bodies when the request's Accept-Encoding allows it. */
  gzip: boolean;
  /** `personal` models an Outlook.com / personal Microsoft account. */
  account: 'work' | 'personal';
  /** Once a UTC day, every event gets a new lastModifiedDateTime and changeKey without any edit (calendar/noEditChanges.ts). */
  eventsDailyNoEditChange: boolean;
}

export interface GraphBehaviour {
  configure(partial: Partial<GraphBehaviourSettings>): void;
  /** Back to the values given to `startSandbox({ graphBehaviour })` (the defaults when none were given). */
  reset(): void;
  current(): GraphBehaviourSettings;
}

export interface IssueTokenOptions {
  /** Space-separated delegated scopes to grant instead of the default set (`offline_access` is never echoed back). */
  scope?: string;
}

/** A type alias (not an interface) so it is assignable to index-signature types such as the component's OAuthToken. */
export type OAuthTokenResponse = {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token: string;
  id_token: string;
};

export interface SandboxUser {
  id: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  segments: string[];
  query: Record<string, string>;
  headers: Record<string, string>;
  hadAuthorization: boolean;
  body?: unknown;
  status: number;
  route: string;
}

export interface FaultSpec {
  seed?: number;
  routes?: string[];
  rate429?: number;
  rate429NoRetryAfter?: number;
  retryAfter?: string;
  rate503?: number;
  rate504?: number;
  rateReset?: number;
  rateResetAfterProcessing?: number;
  rateTimeoutAfterProcessing?: number;
  latencyMs?: number | [number, number];
  /** Messages created from now on (store or Graph) stay invisible to lists and delta for this long. */
  visibilityLagMs?: number | [number, number];
  /** More concurrent Graph requests than this answer 429 ApplicationThrottled (Outlook allows 4 per mailbox). */
  maxConcurrency?: number;
}

export interface OneShotFault {
  route: string;
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: string;
  reset?: 'before' | 'after';
  /** Process the request, then never answer (the client times out). */
  hang?: boolean;
  delayMs?: number;
  times?: number;
}

export interface Faults {
  configure(spec: FaultSpec): void;
  clear(): void;
  next(rule: OneShotFault): void;
  stats(): { injected: Record<string, number> };
}

export interface StoredObject {
  contentType: string;
  content: Buffer;
}

export interface ObjectStorage {
  get(id: string): StoredObject | undefined;
  put(content: Buffer, contentType?: string): string;
  count(): number;
  /** Drops every object (benchmarks storing 100 MB files many times). */
  clear(): void;
}

export interface AttachmentInit {
  name: string;
  contentType: string;
  /** The file's bytes (empty for item and reference attachments). */
  content: Buffer;
  isInline?: boolean;
  contentId?: string;
  /** Default `file`. `item`: an attached Outlook item (`item` is its Graph JSON, with `@odata.type` #microsoft.graph.message, event or contact); `reference`: a link to a cloud file. */
  kind?: 'file' | 'item' | 'reference';
  item?: Record<string, unknown>;
  /** A reference attachment's link (Graph v1.0 does not return it). */
  sourceUrl?: string;
}

export type MessageInit = Omit<Message, 'attachments'> & {
  attachments?: AttachmentInit[];
  /** Hidden from list and delta queries until the clock passes lastModifiedDateTime + visibleAfterMs. */
  visibleAfterMs?: number;
};

export type ContactInit = Contact;

export type EventInit = Event & { calendarId?: string };

/** A change to the mailbox, for modules (subscriptions) that need to react to changes. */
export interface StoreChange {
  kind: 'message' | 'contact' | 'event';
  changeType: 'created' | 'updated' | 'deleted';
  id: string;
  /** Folder (or contact folder, or calendar) id the item is in, or was in before deletion or a move. */
  containerId: string;
}

export interface MailboxStore {
  folders(): MailFolder[];
  folder(id: string): MailFolder | undefined;
  folderId(nameOrWellKnown: string): string;
  createFolder(parentId: string | null, displayName: string, options?: { isHidden?: boolean }): MailFolder;
  addMessage(folder: string, init?: MessageInit): Message;
  /** The single-value extended properties stored on a message, with canonical ids (type, GUID and tag as documented). */
  extendedProperties(messageId: string): Array<{ id: string; value: string }>;
  updateMessage(id: string, patch: Partial<Message>): Message;
  deleteMessage(id: string): void;
  /** Keeps the id (immutable ids); `{ newId: true }` re-keys it as Graph does without `Prefer: IdType="ImmutableId"`. */
  moveMessage(id: string, destinationFolder: string, options?: { newId?: boolean }): Message;
  copyMessage(id: string, destinationFolder: string): Message;
  messages(folder?: string): Message[];
  message(id: string): Message | undefined;
  messageCount(folder?: string): number;
  addAttachment(messageId: string, a: AttachmentInit): Attachment;
  attachments(messageId: string): Attachment[];
  contactFolders(): ContactFolder[];
  contactFolderId(nameOrId: string): string;
  createContactFolder(parentId: string | null, displayName: string): ContactFolder;
  addContact(init?: ContactInit, folder?: string): Contact;
  updateContact(id: string, patch: Partial<Contact>): Contact;
  deleteContact(id: string): void;
  contacts(folder?: string): Contact[];
  contact(id: string): Contact | undefined;
  calendars(): Calendar[];
  createCalendar(name: string, color?: string): Calendar;
  addEvent(init: EventInit): Event;
  updateEvent(id: string, patch: Partial<Event>): Event;
  deleteEvent(id: string): void;
  events(calendarId?: string): Event[];
  event(id: string): Event | undefined;
  /** A new version (lastModifiedDateTime, changeKey) of every event, or of one calendar's, without any edit. */
  touchEvents(calendarId?: string): void;
  sentMail(): Message[];
  /** Makes every delta token issued so far answer 410 SyncStateNotFound (optionally for one folder only). */
  expireDeltaTokens(folderOrContactFolder?: string): void;
  onChange(listener: (change: StoreChange) => void): () => void;
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** One outgoing webhook POST (with its retries): a validation handshake, change notifications or a lifecycle event. */
export interface NotificationDelivery {
  kind: 'validation' | 'notification' | 'lifecycle';
  url: string;
  subscriptionIds: string[];
  /** The JSON body sent, or the validation token. */
  body: unknown;
  attempts: Array<{ at: number; status?: number; error?: string }>;
  outcome: 'pending' | 'delivered' | 'failed';
}

export interface NotificationOptions {
  validationTimeoutMs?: number;
  deliveryTimeoutMs?: number;
  /** Changes within this many ms to the same URL go out in one POST. */
  batchDelayMs?: number;
  /** Waits before each retry of a delivery answered with 5xx, timed out or refused; one retry per entry. */
  retryDelaysMs?: number[];
  /**
   * Share (0 to 1) of change notifications never sent, as when Graph drops them after 4 hours of failed deliveries or
   * throttles a slow endpoint (learn.microsoft.com/graph/change-notifications-delivery-webhooks, "Throttling").
   */
  dropRate?: number;
  /** Share (0 to 1) of change notifications sent twice, the second copy in a later POST (after other changes' ones). */
  duplicateRate?: number;
  /**
   * The longest lifetime a subscription may ask for: 10,080 minutes today; tenants have answered 4,230
   * (`ExtensionError` "Subscription expiration can only be 4230 minutes in the future.", microsoft-graph-docs#2988).
   */
  maxLifetimeMinutes?: number;
}

export interface SandboxSubscriptions {
  list(): Subscription[];
  deliveries(): NotificationDelivery[];
  /** Forgets the subscription without telling anyone (no lifecycle event): renewals and GETs then answer 404. */
  drop(subscriptionId: string): void;
  /** Change notifications left out by `dropRate` and sent twice by `duplicateRate` so far. */
  faults(): { dropped: number; duplicated: number };
  lifecycle(subscriptionId: string, event: LifecycleEvent): Promise<NotificationDelivery>;
  /** Sends queued notifications now and waits until every delivery (retries included) has settled. */
  flush(): Promise<void>;
  configure(options: NotificationOptions): void;
}

export interface Sandbox {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  user: SandboxUser;
  objectStorageToken: string;
  issueToken(options?: IssueTokenOptions): OAuthTokenResponse;
  revokeRefreshToken(refreshToken: string): void;
  /** Registers a certificate (PEM) on the app for client assertions; returns its x5t thumbprint. */
  registerClientCertificate(pem: string): string;
  /** An authorization code for the authorization_code grant, as the authorize endpoint would redirect with. */
  issueAuthorizationCode(redirectUri?: string): string;
  expireDeltaTokens(folder?: string): void;
  store: MailboxStore;
  clock: SandboxClock;
  faults: Faults;
  requests: RecordedRequest[];
  counters(): Record<string, number>;
  /** Calls `observer` with every request served and its response ($batch items included); returns an unsubscribe. */
  observe(observer: ExchangeObserver): () => void;
  objects: ObjectStorage;
  /** Change-notification subscriptions and webhook deliveries (CONTRACT.md). */
  subscriptions(): SandboxSubscriptions;
  /** A modelled mailbox by user id, UPN or mail (the signed-in user's or the shared one); throws for any other user. */
  mailbox(userIdOrUpn: string): { user: SandboxUser; store: MailboxStore };
  /** The shared mailbox the signed-in user has full access to ("Contoso Support"). */
  sharedMailbox: SandboxUser;
  /** Runtime knobs for Graph behaviours that vary. */
  graphBehaviour: GraphBehaviour;
  stop(): Promise<void>;
}
