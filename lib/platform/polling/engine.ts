/**
 * The drain loop shared by the polling triggers: page by page, data first and the snapshot after every page, so
 * an execution killed at any point loses nothing and repeats at most the page it was in.
 */
import { setImmediate as nextTurn } from 'timers/promises';
import type { Clock, GraphClient, GraphRequest } from '../../graph/GraphClient';
import { systemClock } from '../../graph/GraphClient';
import { SyncStateLostError, ThrottledError } from '../../graph/errors';
import { Page, pages } from '../../graph/paginate';
import { floorSecond, secondLiteral, SEEN_LIMIT, timeOf, Verdict, VersionCursor, Versioned, versionHash } from './cursor';
import type { ComponentContext } from '../context';
import { EmitBehavior, Output } from '../emit';
import { REMOVED, ShownMemory } from './memory';
import { isGatewayTimeout, PageSize } from './pageSize';
import { settings } from '../settings';
import { buildSnapshot, loadSnapshot, PollingMode, PollingSnapshot } from './snapshot';

/** The sailor's `this`; specs add a fake clock. */
export interface PollingContext extends ComponentContext {
  clock?: Clock;
}

export interface PollingConfig {
  mailbox?: string;
  startTime: string;
  emitBehavior: EmitBehavior;
  /** Items emitted per execution at most (see drainModified for when it may be exceeded). */
  max?: number;
  lookbackMs: number;
  mode: PollingMode;
}

/** The polling fields every polling trigger has, as their parameters give them. */
export interface PollingValues {
  mailbox?: string;
  startTime: string;
  emitBehavior: EmitBehavior;
  lookbackSeconds: number;
  pollingMode?: 'lastModifiedDateTime' | 'delta';
}

export function pollingConfig(values: PollingValues, max: number | undefined): PollingConfig {
  return {
    mailbox: values.mailbox, startTime: values.startTime, emitBehavior: values.emitBehavior, max,
    lookbackMs: values.lookbackSeconds * 1000, mode: values.pollingMode === 'delta' ? 'delta' : 'modified',
  };
}

export interface PollSource<T extends Versioned> {
  /** For log lines, e.g. `"Poll for New Mail" trigger`. */
  title: string;
  /** Plural noun for log lines. */
  noun: string;
  pageSize: number;
  /**
   * Items modified at or after `since` (a whole-second literal), oldest first. A delta-mode source without it
   * (calendarView delta) starts each round with a full listing that emits only what changed since the cursor.
   */
  modifiedSince?(since: string, top: number): GraphRequest;
  /** Headers to send again with a nextLink of modifiedSince (Graph does not keep them in the link). */
  linkHeaders?(): Record<string, string>;
  /** The first request of a delta round (delta mode only). */
  deltaStart?(pageSize: number): GraphRequest;
  deltaHeaders?(pageSize: number): Record<string, string>;
  /** Client-side filter, for what the delta query cannot filter on. */
  accepts?(item: T): boolean;
  /**
   * Delta mode: the item with every selected property (re-read when the delta gave only some), or undefined when
   * it no longer exists (its removal comes with a later round).
   */
  complete?(item: T): Promise<T | undefined>;
  toBody(item: T): Promise<unknown>;
  /**
   * A fingerprint of what the user sees of an item. When given, a version whose fingerprint equals the one last
   * emitted for its id (kept in a bounded memory in the snapshot) is recorded but not emitted.
   */
  fingerprint?(item: T): string;
  /** Delta mode: the body to emit for an `@removed` change; without it removals are counted and left out. */
  removal?(change: { id: string; '@removed': unknown }): unknown;
  /** Delta mode: what a round started now would cover; a stored link of another scope is finished, then replaced. */
  deltaScope?: string;
  /** When given, replaces toBody: each item becomes any number of output messages (none included). */
  toBodies?(item: T): Promise<unknown[]>;
  /**
   * How the cursor sees an item, applied to every item of every page: e.g. a trigger that emits each message once
   * takes createdDateTime as its time and the id as its version (its query orders by createdDateTime).
   */
  view?(item: T): T;
}

/** How far our clock may be ahead of Exchange's when deciding that a second can no longer receive changes. */
const CLOCK_SKEW_MS = 2000;
/**
 * Data messages on their way to the queue at once, within a page (the snapshot after the page waits for all): enough
 * for the sailor's publishes to overlap their broker confirms at 1,000 a second, few enough to keep memory flat.
 */
const MAX_IN_FLIGHT = 100;
/** What a source's `toBody` may add to an item (readMail: references to its stored attachments). */
const BODY_GROWTH = 1_000_000;
const DEBUG_PAGE = 10;

type Ending = 'drained' | 'limit' | 'throttled';

class Run<T extends Versioned> {
  pages = 0;
  emitted = 0;
  skipped = 0;
  removed = 0;
  /** Delta mode: changed items that no longer existed when re-read to complete them. */
  gone = 0;
  link?: string;
  /** Delta mode, during a round: the cursor when the round started. */
  base?: VersionCursor;
  /** Delta mode: the round lists the whole folder. */
  sync = false;
  /** Delta mode: what the stored link covers. */
  scope?: string;
  /** Versions recognised as unchanged to the user (same fingerprint as last emitted). */
  unchanged = 0;
  readonly memory?: ShownMemory;
  private saved?: string;
  private warnedTruncation = false;

  constructor(
    readonly ctx: PollingContext,
    readonly client: GraphClient,
    readonly source: PollSource<T>,
    readonly config: PollingConfig,
    public cursor: VersionCursor,
    readonly emitter: Output,
    readonly size: PageSize,
    shown?: string,
  ) {
    if (source.fingerprint) this.memory = new ShownMemory(shown);
  }

  limitReached(): boolean {
    return this.config.max !== undefined && this.emitted >= this.config.max;
  }

  /** Whether emitting up to `count` more items could reach the maximum (then the page after is not fetched early). */
  mayReachLimit(count: number): boolean {
    return this.config.max !== undefined && this.emitted + count >= this.config.max;
  }

  /**
   * One page of `build(size)`. A gateway timeout (504, or no answer) asks again for half as many items: the same
   * page would time out again. `restart` builds the request used after such a timeout when `build` cannot be
   * resized (a nextLink carries its page size).
   */
  async fetch(build: (top: number) => GraphRequest, restart = build): Promise<Page<T>> {
    let request = { ...build(this.size.value), raiseGatewayTimeouts: true };
    for (;;) {
      try {
        const page = await this.fetchOnce(request);
        this.size.succeeded();
        return page;
      } catch (err) {
        if (!isGatewayTimeout(err)) throw err;
        const smaller = this.size.shrink();
        if (smaller === undefined) throw err;
        this.ctx.logger.info(`${this.source.title}: a page timed out at Graph's gateway (${(err as Error).message}); asking for ${smaller} ${this.source.noun} per page`);
        request = { ...restart(smaller), raiseGatewayTimeouts: true };
      }
    }
  }

  private async fetchOnce(request: GraphRequest): Promise<Page<T>> {
    const iterator = pages<T>(this.client, request);
    try {
      const first = await iterator.next();
      this.pages += 1;
      const raw = first.value as Page<T>;
      const view = this.source.view?.bind(this.source);
      const page = view ? { ...raw, items: raw.items.map((item) => view(item)) } : raw;
      this.ctx.logger.debug(`${this.source.title}: page ${this.pages} has ${page.items.length} ${this.source.noun}`);
      return page;
    } finally {
      await iterator.return(undefined);
    }
  }

  /**
   * Emits the item when `accept` says so and notes it in the cursor; returns whether it was emitted. `page` is the
   * page the item came from: its size bounds the item's, plus what `toBody` adds (under BODY_GROWTH bytes).
   */
  async offer(item: T, accept: (verdict: Verdict) => boolean, page?: Page<T>): Promise<boolean> {
    const ms = timeOf(item.lastModifiedDateTime);
    const hash = versionHash(item);
    if (ms === undefined || hash === undefined) {
      this.ctx.logger.warn(`${this.source.title}: an item without id or lastModifiedDateTime was left out`);
      return false;
    }
    if (!accept(this.cursor.verdict(ms, hash))) {
      this.skipped += 1;
      return false;
    }
    const shown = this.memory && this.source.fingerprint?.(item);
    if (shown && this.memory?.unchanged(item.id as string, shown)) {
      this.memory.remember(item.id as string, shown);
      this.cursor.record(ms, item.lastModifiedDateTime as string, hash);
      this.unchanged += 1;
      return false;
    }
    // Bodies made from the item alone (toBody) are bounded by its page; bodies made of more (toBodies) are measured.
    const bound = page?.bytes === undefined || this.source.toBodies ? undefined : page.bytes + BODY_GROWTH;
    const bodies = this.source.toBodies ? await this.source.toBodies(item) : [await this.source.toBody(item)];
    for (const body of bodies) await this.emitter.item(body, bound);
    this.cursor.record(ms, item.lastModifiedDateTime as string, hash);
    if (shown) this.memory?.remember(item.id as string, shown);
    this.emitted += 1;
    return true;
  }

  /** Delta mode: a removal, emitted unless the last state emitted for that id was already its removal. */
  async offerRemoval(change: { id?: unknown; '@removed'?: unknown }): Promise<void> {
    const { removal } = this.source;
    if (!removal || typeof change.id !== 'string') { this.removed += 1; return; }
    if (this.memory?.unchanged(change.id, REMOVED)) { this.unchanged += 1; return; }
    await this.emitter.item(removal({ id: change.id, '@removed': change['@removed'] }));
    this.memory?.remember(change.id, REMOVED);
    this.emitted += 1;
  }

  /** Data first, then the snapshot; an unchanged snapshot is not sent again. */
  async checkpoint(): Promise<void> {
    await this.emitter.flush();
    const built = buildSnapshot({
      mode: this.config.mode, cursor: this.cursor, link: this.link, base: this.base, sync: this.sync, top: this.size.reduced, scope: this.scope, memory: this.memory,
    });
    if (built.truncated > 0 && !this.warnedTruncation) {
      this.warnedTruncation = true;
      this.ctx.logger.warn(`${this.source.title}: ${this.cursor.seenCount} versions share lastModifiedDateTime ${this.cursor.since}; `
        + `the snapshot remembers ${this.cursor.seenCount - built.truncated}, so if this execution stops inside that second the next one may emit up to ${built.truncated} of them again`);
    }
    const text = JSON.stringify(built.snapshot);
    if (text === this.saved) return;
    await this.ctx.emit('snapshot', built.snapshot);
    this.saved = text;
    this.ctx.logger.debug(`${this.source.title}: snapshot saved (${built.bytes} bytes)`);
  }

  markSaved(snapshot: PollingSnapshot): void {
    this.saved = JSON.stringify(snapshot);
  }
}

/**
 * lastModifiedDateTime mode. Each query is a keyset query `ge` the newest second reached, so an item that
 * changes while we page moves ahead of the cursor instead of shifting Graph's `$skip` offsets under us. The
 * nextLink is followed (verbatim) only while a whole page shares one second, the one case a keyset query
 * cannot get past; items of the next second found on such a page are left to a fresh keyset query.
 */
async function drainModified<T extends Versioned>(run: Run<T>): Promise<Ending> {
  const { cursor, source } = run;
  const { modifiedSince } = source;
  if (!modifiedSince) throw new Error(`${source.title} cannot list by lastModifiedDateTime`);
  let lower = timeOf(cursor.lowerBound()) as number;
  const keyset = (top: number): GraphRequest => modifiedSince(secondLiteral(lower), top);
  let build = keyset;
  let chain: number | undefined;
  // A nextLink cannot be resized: after a gateway timeout the chain restarts from its second with a keyset query.
  const restart = (top: number): GraphRequest => { chain = undefined; return keyset(top); };
  /** After a page that continues: the next request, a nextLink within one second (a chain) or a keyset query. */
  const advance = (page: Page<T>): void => {
    const last = page.items.length > 0 ? timeOf(page.items[page.items.length - 1].lastModifiedDateTime) : undefined;
    if (chain !== undefined || last === undefined || floorSecond(last) <= lower) {
      if (last !== undefined) chain = lower;
      const link = page.nextLink as string;
      const headers = source.linkHeaders?.();
      build = () => (headers ? { url: link, headers } : { url: link });
    } else {
      lower = floorSecond(last);
      build = keyset;
    }
  };
  let next: Ahead<Page<T>> | undefined;
  for (;;) {
    const page = next ? await next.result() : await run.fetch(build, restart);
    next = undefined;
    const pageChain = chain;
    // Outside a chain the next request depends only on this page's last item: it is fetched while this page is emitted.
    if (pageChain === undefined && page.nextLink && !run.mayReachLimit(page.items.length)) {
      advance(page);
      next = await ahead(run.fetch(build, restart));
    }
    let left = false;
    for (const item of page.items) {
      const ms = timeOf(item.lastModifiedDateTime);
      if (pageChain !== undefined && ms !== undefined && floorSecond(ms) > pageChain) { left = true; break; }
      // Stopping is only allowed where the snapshot can say exactly what was emitted.
      if (run.limitReached() && cursor.exact()) { await run.checkpoint(); return 'limit'; }
      await run.offer(item, (verdict) => verdict === 'new' && (!source.accepts || source.accepts(item)), page);
    }
    await run.checkpoint();
    if (next) continue;
    if (!left && !page.nextLink) return 'drained';
    if (run.limitReached() && cursor.exact()) return 'limit';
    if (left) {
      lower = (chain as number) + 1000;
      chain = undefined;
      build = keyset;
      continue;
    }
    if (!page.nextLink) return 'drained';
    advance(page);
  }
}

/** A request started ahead of its use; its failure surfaces where it is awaited, never as an unhandled rejection. */
interface Ahead<V> { result(): Promise<V> }

/**
 * Resolves once the request is on its way. Node writes a request to its socket from a process.nextTick, which runs
 * only when no promise job is left; emitting a page to a context that answers at once (emitAll, which only batches,
 * or the first messages in flight) is one long run of promise jobs, so the request for the next page left only after
 * the page was done. One turn of the event loop here sends it first.
 */
async function ahead<V>(promise: Promise<V>): Promise<Ahead<V>> {
  const settled = promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  await nextTurn();
  return {
    async result() {
      const outcome = await settled;
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
  };
}

/**
 * Delta mode alternates two phases, both resumable from the snapshot. Without a link it catches up by
 * lastModifiedDateTime (drainModified: ordered, exact, honours the maximum), which emits the backlog on the first
 * sync and after a lost token. Then come delta rounds: the first one lists the whole folder and emits only what
 * changed since the catch-up; each later one starts from the stored deltaLink. A round lists in Graph's order, so
 * it keeps `base`, the cursor when it started: a lost token (410) goes back to `base` and catches up from there,
 * which repeats at most what the interrupted round emitted and cannot skip a change it had not reached yet.
 */
async function drainDelta<T extends Versioned>(run: Run<T>, snapshot: PollingSnapshot): Promise<Ending> {
  run.link = snapshot.link;
  run.base = snapshot.base && new VersionCursor(snapshot.base, run.cursor.lookbackMs);
  run.sync = snapshot.sync === true;
  run.scope = snapshot.scope;
  let restarted = false;
  for (;;) {
    if (!run.link && !run.base) {
      if (run.limitReached()) return 'limit';
      if (run.source.modifiedSince) {
        const ending = await drainModified(run);
        if (ending !== 'drained') return ending;
        if (run.limitReached()) return 'limit';
      }
      run.base = run.cursor.clone();
      run.sync = true;
    }
    try {
      const ending = await rescope(run);
      if (ending !== 'drained') return ending;
      return await deltaRound(run);
    } catch (err) {
      if (!(err instanceof SyncStateLostError)) throw err;
      await abandonRound(run, err);
      // A token lost twice in one execution is left to the next one, from the state just saved.
      if (restarted) throw err;
      restarted = true;
    }
  }
}

/**
 * A stored link of another scope than the source's (a calendarView window that has rolled on) is followed to the end
 * of its round first, so no change it still holds is lost; then a sync round of the new scope starts from the cursor.
 */
async function rescope<T extends Versioned>(run: Run<T>): Promise<Ending> {
  const wanted = run.source.deltaScope;
  if (wanted === undefined || !run.link || run.scope === wanted) return 'drained';
  run.ctx.logger.info(`${run.source.title}: the delta round covers ${run.scope ?? 'an earlier scope'}; finishing it, then starting one over ${wanted}`);
  const ending = await deltaRound(run);
  if (ending !== 'drained') return ending;
  if (run.limitReached()) return 'limit';
  run.link = undefined;
  run.base = run.cursor.clone();
  run.sync = true;
  return 'drained';
}

/** One delta round, from its stored link or from the start; the link and `base` are saved after every page. */
async function deltaRound<T extends Versioned>(run: Run<T>): Promise<Ending> {
  const { source } = run;
  const start = source.deltaStart;
  if (!start) throw new Error(`${source.title} has no delta mode`);
  run.base = run.base ?? run.cursor.clone();
  if (!run.link) run.scope = source.deltaScope;
  // Delta links carry every query option but the page size, which travels in a Prefer header and so can shrink.
  const request = (link: string | undefined) => (top: number): GraphRequest => (link ? { url: link, headers: source.deltaHeaders?.(top) } : start(top));
  let next: Ahead<Page<T>> | undefined;
  for (;;) {
    const page = next ? await next.result() : await run.fetch(request(run.link));
    next = undefined;
    // The next page is fetched while this one is emitted, unless this one may end the execution at the maximum.
    if (!page.deltaLink && page.nextLink && !run.mayReachLimit(page.items.length)) next = await ahead(run.fetch(request(page.nextLink)));
    run.ctx.logger.debug(`${source.title}: delta page ${run.pages} has ${page.items.length} changes`);
    for (const item of page.items) await offerChange(run, item as T & { '@removed'?: unknown }, page);
    run.link = page.deltaLink ?? page.nextLink;
    if (page.deltaLink) {
      run.base = undefined;
      run.sync = false;
    }
    await run.checkpoint();
    if (page.deltaLink || !page.nextLink) return 'drained';
    if (run.limitReached()) return 'limit';
  }
}

/**
 * A change is emitted unless the live cursor knows it (emitted by this round or before) or `base` does. The live
 * cursor alone would not do: the round moves it out of order, so it may call a change old that is not. What `base`
 * calls old was emitted by the catch-up in a sync round; in a later round it is a change that became visible
 * late (or a replay of one), emitted rather than risk losing it.
 */
async function offerChange<T extends Versioned>(run: Run<T>, change: T & { '@removed'?: unknown }, page: Page<T>): Promise<void> {
  if (change['@removed'] !== undefined) { await run.offerRemoval(change); return; }
  const item = run.source.complete ? await run.source.complete(change) : change;
  if (item === undefined) { run.gone += 1; return; }
  if (run.source.accepts && !run.source.accepts(item)) { run.skipped += 1; return; }
  const toBase = verdictOf(run.base as VersionCursor, item);
  const newToBase = toBase === 'new' || (toBase === 'old' && !run.sync);
  // An item read again (completed) did not come from the page, so the page's size does not bound it.
  await run.offer(item, (verdict) => verdict !== 'known' && newToBase, item === change ? page : undefined);
}

function verdictOf(memory: VersionCursor, item: Versioned): Verdict {
  const ms = timeOf(item.lastModifiedDateTime);
  const hash = versionHash(item);
  // offer() leaves such an item out with a warning.
  return ms === undefined || hash === undefined ? 'new' : memory.verdict(ms, hash);
}

/** The lost round's nextLink or deltaLink is useless: back to the cursor of its start, to catch up from there. */
async function abandonRound<T extends Versioned>(run: Run<T>, err: SyncStateLostError): Promise<void> {
  const restored = run.base ?? run.cursor;
  run.ctx.logger.warn(`${run.source.title}: the delta token expired (${err.code}); catching up by lastModifiedDateTime from ${restored.since}, `
    + 'the cursor when the lost round started (what that round emitted may be emitted again)');
  run.cursor = restored;
  run.link = undefined;
  run.base = undefined;
  run.sync = false;
  await run.checkpoint();
}

/** "Retrieve sample": one small page, no snapshot, an error when there is nothing to show. */
async function sample<T extends Versioned>(run: Run<T>): Promise<void> {
  const { modifiedSince, deltaStart } = run.source;
  const page = await run.fetch((top) => (modifiedSince
    ? modifiedSince(run.cursor.lowerBound(), Math.min(top, DEBUG_PAGE))
    : (deltaStart as (size: number) => GraphRequest)(Math.min(top, DEBUG_PAGE))));
  for (const item of page.items) {
    if ((item as { '@removed'?: unknown })['@removed'] === undefined && (!run.source.accepts || run.source.accepts(item))) await run.offer(item, (verdict) => verdict === 'new');
  }
  await run.emitter.flush();
  if (run.emitted === 0) throw new Error('No object found');
}

export interface PollOptions<T extends Versioned> {
  ctx: PollingContext;
  client: GraphClient;
  config: PollingConfig;
  source: PollSource<T>;
  snapshot: unknown;
  /** A description of what is polled, for the first log line (ids only, never content). */
  target: string;
}

export async function poll<T extends Versioned>(options: PollOptions<T>): Promise<void> {
  const { ctx, config, source } = options;
  const clock = ctx.clock ?? systemClock;
  const started = clock.now();
  const loaded = loadSnapshot(options.snapshot, config.mode, config.startTime);
  if (loaded.note) ctx.logger.info(`${source.title}: ${loaded.note}`);
  const cursor = new VersionCursor(loaded.snapshot, config.lookbackMs);
  const debug = settings().flowType === 'debug';
  const size = new PageSize(Math.min(source.pageSize, config.max ?? source.pageSize), loaded.snapshot.top);
  const run = new Run(ctx, options.client, source, config, cursor, new Output(ctx, { behavior: config.emitBehavior, inFlight: Math.min(source.pageSize, MAX_IN_FLIGHT) }), size, loaded.snapshot.shown);
  if (!loaded.note) run.markSaved(loaded.snapshot);
  const before = cursor.since;
  const modeName = config.mode === 'delta' ? 'delta' : 'lastModifiedDateTime';
  ctx.logger.info(`${source.title} started: ${options.target}, mode ${modeName}, cursor ${before}${debug ? ', sample run' : ''}`);
  if (debug) {
    await sample(run);
    ctx.logger.info(`${source.title} sample: ${run.emitted} ${source.noun} emitted`);
    return;
  }
  const ending = await drain(run, loaded.snapshot);
  await closeOverfullSecond(run, ending, started);
  const removed = (run.removed > 0 ? `, ${run.removed} deletions ignored` : '') + (run.gone > 0 ? `, ${run.gone} changed items gone since` : '')
    + (run.unchanged > 0 ? `, ${run.unchanged} versions without visible changes` : '');
  ctx.logger.info(`${source.title} finished (${ending}): ${run.pages} pages, ${run.emitted} ${source.noun} emitted, `
    + `${run.skipped} skipped${removed}, cursor ${before} → ${run.cursor.since}, ${clock.now() - started} ms`);
}

async function drain<T extends Versioned>(run: Run<T>, snapshot: PollingSnapshot): Promise<Ending> {
  const title = run.source.title;
  try {
    return run.config.mode === 'delta' ? await drainDelta(run, snapshot) : await drainModified(run);
  } catch (err) {
    // Whatever was emitted stays recorded (a pending emitAll batch is sent first); if that fails too, the last
    // page's snapshot stands and the next execution repeats at most that page.
    await run.checkpoint().catch((e: unknown) => run.ctx.logger.warn(`${title}: snapshot after the failure not saved: ${e instanceof Error ? e.message : String(e)}`));
    if (!(err instanceof ThrottledError)) throw err;
    run.ctx.logger.warn(`${title}: Microsoft Graph keeps throttling (${err.code}); stopping here, the next execution continues from the snapshot`);
    return 'throttled';
  }
}

async function closeOverfullSecond<T extends Versioned>(run: Run<T>, ending: Ending, started: number): Promise<void> {
  const { cursor, source } = run;
  if (run.config.mode !== 'modified' || cursor.exact()) return;
  if (ending === 'drained' && cursor.seal(started, CLOCK_SKEW_MS)) {
    run.ctx.logger.info(`${source.title}: closed an over-full second; the cursor moves on to ${cursor.since}`);
    await run.checkpoint();
    return;
  }
  run.ctx.logger.warn(`${source.title}: ${cursor.seenCount} versions share lastModifiedDateTime ${cursor.since}, more than the snapshot holds, `
    + `and that second could not be closed yet; the next execution may emit up to ${cursor.seenCount - SEEN_LIMIT} of them again`);
}
