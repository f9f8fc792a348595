/** Message construction for the platform: a fresh id per emit (the sailor de-duplicates in-flight ids). */
import { randomUUID } from 'crypto';

export interface OutMessage {
  id: string;
  body: unknown;
  headers: Record<string, unknown>;
  attachments: Record<string, unknown>;
}

/**
 * The shape elasticio-node's newMessageWithBody builds, with the id from crypto.randomUUID: the uuid package's v4
 * cost about 8 µs a message in `npm run bench`, a tenth of a drain's time.
 */
export function newMessage(body: unknown): OutMessage & { metadata: Record<string, unknown> } {
  return { id: randomUUID(), attachments: {}, body, headers: {}, metadata: {} };
}

/**
 * The sailor refuses an outgoing message above 10 MiB after encryption and base64 (4/3), so a body must stay
 * under about 7.5 MB of JSON; this limit leaves room for the envelope.
 */
export const MESSAGE_BODY_LIMIT = 7_000_000;
const LONG_TEXT = 64 * 1024;

export interface Fitted {
  body: unknown;
  /** Paths of the values that were emptied (long texts), or `*` when only the top-level scalars were kept. */
  truncated: string[];
}

/**
 * Makes an item fit in one platform message instead of failing it for good: long texts (a mail's HTML body) are
 * emptied first, and only if that is not enough are nested values dropped. The caller flags what was cut.
 */
export function fitBody(body: unknown, limit = MESSAGE_BODY_LIMIT): Fitted {
  if (Buffer.byteLength(JSON.stringify(body)) <= limit) return { body, truncated: [] };
  const truncated: string[] = [];
  const emptied = emptyLongTexts(body, '', truncated);
  if (Buffer.byteLength(JSON.stringify(emptied)) <= limit) return { body: emptied, truncated };
  const scalars = typeof body === 'object' && body !== null && !Array.isArray(body)
    ? Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v !== 'object' && !(typeof v === 'string' && v.length > LONG_TEXT)))
    : {};
  return { body: scalars, truncated: ['*'] };
}

function emptyLongTexts(value: unknown, at: string, out: string[]): unknown {
  if (typeof value === 'string') {
    if (value.length <= LONG_TEXT) return value;
    out.push(at || '.');
    return '';
  }
  if (Array.isArray(value)) return value.map((v, i) => emptyLongTexts(v, `${at}[${i}]`, out));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, emptyLongTexts(v, at ? `${at}.${k}` : k, out)]));
  }
  return value;
}

export type EmitBehavior = 'emitIndividually' | 'emitAll';

export interface OutputOptions {
  behavior: EmitBehavior;
  /** emitAll: the body of one batch, e.g. `{results}` or `{messages, count}`. */
  batch?: (items: unknown[]) => unknown;
  /** emitAll: emit a batch even when it holds nothing (an action's "nothing found"); a trigger emits nothing then. */
  emitEmpty?: boolean;
  /**
   * emitAll: every item in one message, never split; more than one message can carry fails with this error instead
   * (an action whose output promises "all results at once").
   */
  whole?: (count: number) => Error;
  /**
   * emitIndividually: how many data messages may be on their way to the queue at once (default 1: each awaited in
   * turn). More lets the sailor's publishes overlap their broker confirms; `flush()` waits for all of them, so a caller
   * that records progress (a snapshot) after `flush()` records only what the platform has taken.
   */
  inFlight?: number;
}

interface Logged { logger: { warn(message: string): void } }
interface Emitting extends Logged { emit(event: string, data?: unknown): Promise<unknown> | unknown }

/**
 * Where a function's results go: one data message per item (emitIndividually), or batches of items (emitAll)
 * that each stay under the platform's message size limit. An item too large for any message is emitted with its
 * long texts emptied and flagged `truncated`, never skipped. The same rules for every trigger and action.
 */
export class Output {
  /** Data messages emitted so far. */
  messages = 0;
  /** Items handed over so far (emitted or waiting in the batch). */
  items = 0;
  private batch: unknown[] = [];
  private bytes = 0;
  private pending: Array<Promise<unknown>> = [];
  private failure: Error | undefined;
  private readonly errorsBefore: number;

  constructor(private readonly ctx: Emitting, private readonly options: OutputOptions = { behavior: 'emitIndividually' }) {
    this.errorsBefore = sailorErrors(ctx);
  }

  /**
   * One item: emitted now, or added to the batch (which is emitted first if the item would not fit). `atMostBytes`
   * bounds the item's JSON when the caller knows it (a page's size bounds each of its items), which spares measuring it.
   */
  async item(item: unknown, atMostBytes?: number): Promise<void> {
    const body = atMostBytes !== undefined && atMostBytes <= MESSAGE_BODY_LIMIT && this.options.behavior === 'emitIndividually' ? item : this.fit(item);
    this.items += 1;
    if (this.options.behavior === 'emitIndividually') {
      await this.send(body);
      return;
    }
    const size = Buffer.byteLength(JSON.stringify(body));
    if (this.batch.length > 0 && this.bytes + size > BATCH_LIMIT) {
      if (this.options.whole) throw this.options.whole(this.batch.length + 1);
      await this.flush();
    }
    this.batch.push(body);
    this.bytes += size;
  }

  /**
   * Waits until every data message handed over is with the platform, and sends a pending emitAll batch. After a
   * message could not be published it fails, now and at every later call: nothing after it may be recorded as sent.
   */
  async flush(): Promise<void> {
    await this.settle();
    if (this.options.behavior !== 'emitAll') return;
    if (this.batch.length === 0 && !(this.options.emitEmpty && this.messages === 0)) return;
    await this.send((this.options.batch ?? defaultBatch)(this.batch));
    await this.settle();
    this.batch = [];
    this.bytes = 0;
  }

  private async send(body: unknown): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending.push(Promise.resolve(this.ctx.emit('data', newMessage(body))));
    this.messages += 1;
    if (this.pending.length >= Math.max(1, this.options.inFlight ?? 1)) await this.settle();
  }

  private async settle(): Promise<void> {
    const waiting = this.pending;
    this.pending = [];
    const outcomes = await Promise.allSettled(waiting);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    // The sailor resolves an emit whose publish failed: it reports the failure itself and counts it on the context.
    const lost = sailorErrors(this.ctx) - this.errorsBefore;
    if (!this.failure && rejected) this.failure = rejected.reason instanceof Error ? rejected.reason : new Error(String(rejected.reason));
    if (!this.failure && lost > 0) {
      this.failure = new Error(`${lost} message(s) could not be handed to the platform's queue; nothing after the last one confirmed is recorded as emitted`);
    }
    if (this.failure) throw this.failure;
  }

  private fit(item: unknown): unknown {
    const { body, truncated } = fitBody(item);
    if (truncated.length === 0) return body;
    const record = typeof item === 'object' && item !== null ? item as Record<string, unknown> : {};
    const id = typeof record.id === 'string' ? record.id : '?';
    this.ctx.logger.warn(`Item ${id} is larger than a platform message allows; emitted without ${truncated.join(', ')} (flagged "truncated")`);
    return { ...(typeof body === 'object' && body !== null ? body : {}), truncated };
  }
}

/**
 * Errors the sailor has counted on this execution's context (elasticio-sailor-nodejs TaskExec.errorCount, raised by
 * every `error` event, including a data message it failed to publish); 0 outside the sailor.
 */
function sailorErrors(ctx: object): number {
  const count = (ctx as { errorCount?: unknown }).errorCount;
  return typeof count === 'number' ? count : 0;
}

/** Room left in a batch message for its envelope (`{results: …}`, count). */
const BATCH_LIMIT = MESSAGE_BODY_LIMIT - 64 * 1024;

function defaultBatch(items: unknown[]): unknown {
  return { results: items };
}
