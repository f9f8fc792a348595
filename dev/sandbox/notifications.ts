/**
 * Change notifications: the subscriptions of a sandbox, the validation handshake, webhook delivery of store changes
 * (batched per URL, retried on 5xx, timeouts and refused connections) and lifecycle events. Webhooks are plain HTTP(S)
 * POSTs on real timers; expiry follows the sandbox clock.
 */
import * as http from 'http';
import * as https from 'https';
import { isoTicks } from './clock';
import type { DirectoryUser, ModelledMailbox, SandboxCore } from './core';
import { GraphHttpError } from './http/errors';
import { Prng } from './random';
import type {
  LifecycleEvent, NotificationDelivery, NotificationOptions, SandboxSubscriptions, StoreChange, Subscription,
} from './types';

/** What a subscription watches: a kind of item in one mailbox, in one container (folder, calendar, contact folder) or anywhere. */
export interface Target { kind: StoreChange['kind']; mailbox: DirectoryUser; container?: string }

export interface SubscriptionRec {
  id: string;
  resource: string;
  changeTypes: string[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expiration: number;
  clientState: string | null;
  target: Target;
  /** After `reauthorizationRequired` until reauthorized or renewed: changes are dropped, as Graph does. */
  paused: boolean;
}

interface Reply { status: number; contentType: string; text: string }

const DEFAULTS: Required<NotificationOptions> = {
  validationTimeoutMs: 10_000, deliveryTimeoutMs: 3_000, batchDelayMs: 20, retryDelaysMs: [100, 500, 2_000], dropRate: 0, duplicateRate: 0, maxLifetimeMinutes: 10_080,
};
const ODATA_TYPE: Record<StoreChange['kind'], string> = { message: 'Message', event: 'Event', contact: 'Contact' };

class TimeoutError extends Error {}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

export function notificationUrlAllowed(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  } catch {
    return false;
  }
}

export class NotificationHub {
  private readonly subs = new Map<string, SubscriptionRec>();
  private readonly log: NotificationDelivery[] = [];
  private readonly queues = new Map<string, { items: Array<{ sub: string; payload: Record<string, unknown> }>; timer: NodeJS.Timeout }>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private options: Required<NotificationOptions> = { ...DEFAULTS };
  private readonly prng: Prng;
  private stopped = false;
  private sent = 0;
  private readonly faulted = { dropped: 0, duplicated: 0 };

  constructor(private readonly core: SandboxCore) {
    this.prng = new Prng(core.seed ^ 0x5ab5c41b);
    const unsubscribe = core.mailboxes.map((mailbox) => mailbox.store.onChange((change) => this.onChange(mailbox, change)));
    core.onStop(() => {
      for (const u of unsubscribe) u();
      this.stop();
    });
  }

  readonly api: SandboxSubscriptions = {
    list: () => this.all().map((s) => this.json(s)),
    deliveries: () => structuredClone(this.log),
    faults: () => ({ ...this.faulted }),
    drop: (id) => { this.subs.delete(id); },
    lifecycle: (id, event) => this.lifecycle(id, event),
    flush: () => this.flush(),
    configure: (options) => { this.options = { ...this.options, ...options }; },
  };

  /** The longest lifetime a subscription may ask for, in minutes. */
  get maxLifetimeMinutes(): number {
    return this.options.maxLifetimeMinutes;
  }

  newId(): string {
    return this.prng.uuid();
  }

  add(rec: SubscriptionRec): void {
    this.subs.set(rec.id, rec);
  }

  remove(id: string): void {
    this.subs.delete(id);
  }

  /** The subscription unless it is gone or expired (expired ones are dropped, so GET answers 404). */
  active(id: string): SubscriptionRec | undefined {
    const rec = this.subs.get(id);
    if (rec && rec.expiration <= this.core.clock.now()) this.subs.delete(id);
    return this.subs.get(id);
  }

  all(): SubscriptionRec[] {
    return [...this.subs.keys()].map((id) => this.active(id)).filter((s): s is SubscriptionRec => s !== undefined);
  }

  json(rec: SubscriptionRec): Subscription {
    const { tokens, me } = this.core;
    return {
      id: rec.id, resource: rec.resource, applicationId: tokens.identity.clientId, changeType: rec.changeTypes.join(','),
      clientState: rec.clientState, notificationUrl: rec.notificationUrl, notificationQueryOptions: null,
      lifecycleNotificationUrl: rec.lifecycleNotificationUrl, expirationDateTime: isoTicks(rec.expiration), creatorId: me.id,
      includeResourceData: false, latestSupportedTlsVersion: 'v1_2', encryptionCertificate: null, encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  /** POSTs `?validationToken=` and expects the decoded token back as text/plain within the timeout. */
  async validate(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${this.prng.uuid()}`;
    const record: NotificationDelivery = { kind: 'validation', url, subscriptionIds: [], body: token, attempts: [], outcome: 'pending' };
    this.log.push(record);
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    let reply: Reply;
    try {
      reply = await this.post(target, Buffer.alloc(0), 'text/plain; charset=utf-8', this.options.validationTimeoutMs);
    } catch (err) {
      record.attempts.push({ at: this.core.clock.now(), error: err instanceof Error ? err.message : String(err) });
      record.outcome = 'failed';
      if (err instanceof TimeoutError) throw new GraphHttpError(400, 'InvalidRequest', 'Subscription validation request failed. The request timed out.');
      throw validationError();
    }
    record.attempts.push({ at: this.core.clock.now(), status: reply.status });
    const ok = reply.status === 200 && /^text\/plain/i.test(reply.contentType) && reply.text === token;
    record.outcome = ok ? 'delivered' : 'failed';
    if (!ok) throw validationError();
  }

  private onChange(mailbox: ModelledMailbox, change: StoreChange): void {
    if (this.stopped) return;
    for (const sub of this.all()) {
      if (sub.paused || sub.target.mailbox !== mailbox.user || sub.target.kind !== change.kind || !sub.changeTypes.includes(change.changeType)) continue;
      if (sub.target.container !== undefined && sub.target.container !== change.containerId) continue;
      const payload = this.payload(sub, mailbox, change);
      const { dropRate, duplicateRate } = this.options;
      if (dropRate > 0 && this.prng.next() < dropRate) { this.faulted.dropped += 1; continue; }
      this.enqueue(sub, payload);
      if (duplicateRate > 0 && this.prng.next() < duplicateRate) {
        this.faulted.duplicated += 1;
        // The copy goes out later, in another POST, as a redelivery would.
        const copy = new Promise<void>((resolve) => {
          const timer = setTimeout(() => { this.timers.delete(timer); if (!this.stopped) this.enqueue(sub, payload); resolve(); }, this.options.batchDelayMs * 3);
          this.timers.add(timer);
        });
        const tracked = copy.finally(() => { this.pending.delete(tracked); });
        this.pending.add(tracked);
      }
    }
  }

  private payload(sub: SubscriptionRec, mailbox: ModelledMailbox, change: StoreChange): Record<string, unknown> {
    const { store, tokens } = this.core;
    const type = ODATA_TYPE[change.kind];
    const resource = `Users/${mailbox.user.id}/${type}s/${change.id}`;
    const changeKey = change.changeType === 'deleted' ? undefined : this.changeKey(mailbox.store, change);
    this.sent += 1;
    return {
      id: store.changeKey(this.sent).slice(-16),
      subscriptionId: sub.id, subscriptionExpirationDateTime: isoTicks(sub.expiration), changeType: change.changeType, resource,
      resourceData: { '@odata.type': `#Microsoft.Graph.${type}`, '@odata.id': resource, ...(changeKey ? { '@odata.etag': `W/"${changeKey}"` } : {}), id: change.id },
      clientState: sub.clientState, tenantId: tokens.identity.tenantId,
    };
  }

  private changeKey(store: ModelledMailbox['store'], change: StoreChange): string | undefined {
    const rec = change.kind === 'message' ? store.findMessage(change.id) : change.kind === 'contact' ? store.findContact(change.id) : store.findEvent(change.id);
    return rec ? store.changeKey(rec.seq) : undefined;
  }

  private enqueue(sub: SubscriptionRec, payload: Record<string, unknown>): void {
    const url = sub.notificationUrl;
    let queue = this.queues.get(url);
    if (!queue) {
      const timer = setTimeout(() => this.sendQueue(url), this.options.batchDelayMs);
      queue = { items: [], timer };
      this.queues.set(url, queue);
    }
    queue.items.push({ sub: sub.id, payload });
  }

  private sendQueue(url: string): void {
    const queue = this.queues.get(url);
    if (!queue) return;
    clearTimeout(queue.timer);
    this.queues.delete(url);
    const ids = [...new Set(queue.items.map((i) => i.sub))];
    void this.deliver('notification', url, { value: queue.items.map((i) => i.payload) }, ids);
  }

  private deliver(kind: NotificationDelivery['kind'], url: string, body: unknown, ids: string[]): Promise<NotificationDelivery> {
    const record: NotificationDelivery = { kind, url, subscriptionIds: ids, body, attempts: [], outcome: 'pending' };
    this.log.push(record);
    const done = this.attempt(record, Buffer.from(JSON.stringify(body)), 0);
    const tracked = done.finally(() => { this.pending.delete(tracked); });
    this.pending.add(tracked);
    return done.then(() => structuredClone(record));
  }

  /** 2xx delivers; 5xx, a timeout or a refused connection is retried after the next configured delay; the rest fails. */
  private async attempt(record: NotificationDelivery, payload: Buffer, n: number): Promise<void> {
    if (this.stopped) { record.outcome = 'failed'; return; }
    let retry: boolean;
    try {
      const reply = await this.post(record.url, payload, 'application/json; charset=utf-8', this.options.deliveryTimeoutMs);
      record.attempts.push({ at: this.core.clock.now(), status: reply.status });
      if (reply.status >= 200 && reply.status < 300) { record.outcome = 'delivered'; return; }
      retry = reply.status >= 500;
    } catch (err) {
      record.attempts.push({ at: this.core.clock.now(), error: err instanceof Error ? err.message : String(err) });
      retry = true;
    }
    const delay = this.options.retryDelaysMs[n];
    if (!retry || delay === undefined || this.stopped) { record.outcome = 'failed'; return; }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.timers.delete(timer); resolve(); }, delay);
      this.timers.add(timer);
    });
    return this.attempt(record, payload, n + 1);
  }

  private async lifecycle(id: string, event: LifecycleEvent): Promise<NotificationDelivery> {
    const sub = this.active(id);
    if (!sub) throw new Error(`No active subscription ${id}`);
    if (!sub.lifecycleNotificationUrl) throw new Error(`Subscription ${id} has no lifecycleNotificationUrl`);
    const body = {
      value: [{
        subscriptionId: sub.id, subscriptionExpirationDateTime: isoTicks(sub.expiration), tenantId: this.core.tokens.identity.tenantId,
        clientState: sub.clientState, lifecycleEvent: event,
      }],
    };
    if (event === 'reauthorizationRequired') sub.paused = true;
    if (event === 'subscriptionRemoved') this.subs.delete(id);
    return this.deliver('lifecycle', sub.lifecycleNotificationUrl, body, [id]);
  }

  private async flush(): Promise<void> {
    for (;;) {
      for (const url of [...this.queues.keys()]) this.sendQueue(url);
      if (!this.pending.size) return;
      await Promise.allSettled([...this.pending]);
    }
  }

  private stop(): void {
    this.stopped = true;
    for (const queue of this.queues.values()) clearTimeout(queue.timer);
    this.queues.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const req of this.inFlight) req.destroy();
  }

  private post(url: string, body: Buffer, contentType: string, timeoutMs: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const headers = { 'Content-Type': contentType, 'Content-Length': String(body.length), Connection: 'close' };
      // A local HTTPS receiver has a self-signed certificate; anything else is verified.
      const req = client.request(target, { method: 'POST', headers, agent: false, rejectUnauthorized: !isLoopback(target.hostname) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      const timer = setTimeout(() => req.destroy(new TimeoutError(`No answer within ${timeoutMs} ms`)), timeoutMs);
      this.inFlight.add(req);
      req.on('close', () => { clearTimeout(timer); this.inFlight.delete(req); });
      req.on('error', reject);
      req.end(body);
    });
  }
}

function validationError(): GraphHttpError {
  return new GraphHttpError(400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
}

export function subscriptionHub(core: SandboxCore): NotificationHub {
  return core.state('notifications', () => new NotificationHub(core));
}
