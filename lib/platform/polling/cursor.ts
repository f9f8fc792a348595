/**
 * The precision-safe lastModifiedDateTime cursor shared by every polling trigger.
 *
 * Graph stamps messages and contacts in whole seconds, so "gt the last value" loses whatever changes later in
 * that second. The cursor filters `ge` and remembers which versions (id + changeKey) it already emitted at the
 * newest time W, plus those of a short look-back window before W, so a re-read never emits a version twice and
 * an item that becomes visible late (but within the window) is still emitted.
 */
import * as crypto from 'crypto';

export interface Versioned {
  id?: unknown;
  changeKey?: unknown;
  lastModifiedDateTime?: unknown;
  '@odata.etag'?: unknown;
}

/** The serialisable part of a cursor, as stored in the snapshot. */
export interface CursorState {
  /** W: the newest lastModifiedDateTime emitted (as Graph wrote it), or the configured start. */
  since: string;
  /** Versions emitted at exactly W. */
  seen: string[];
  /** Versions emitted in the look-back window, keyed by how many milliseconds before W they were modified. */
  earlier?: Record<string, string[]>;
  /** Memory is complete from this time up to W; older items are not emitted again. Absent: equals `since`. */
  from?: string;
}

export type Verdict = 'new' | 'known' | 'old';

/**
 * The same digest either way (snapshots hold its prefix): crypto.hash, from Node 20.12, costs a third of a Hash
 * object for an input this small, and the cursor hashes every item of every page at least once.
 */
const sha256Hex: (text: string) => string = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Versions at W the snapshot can hold; beyond this a re-read may repeat some of them (never lose them). */
export const SEEN_LIMIT = 100;

export function versionHash(item: Versioned): string | undefined {
  if (typeof item.id !== 'string' || item.id === '') return undefined;
  const version = typeof item.changeKey === 'string' ? item.changeKey
    : typeof item['@odata.etag'] === 'string' ? item['@odata.etag'] : String(item.lastModifiedDateTime ?? '');
  return sha256Hex(`${item.id}|${version}`).slice(0, 16);
}

/** Milliseconds since the epoch; Graph's 7-digit fractions are cut to milliseconds (ties are then told apart by hash). */
export function timeOf(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** A DateTimeOffset literal in whole seconds: the filter is right whatever precision the service compares at. */
export function secondLiteral(ms: number): string {
  return new Date(floorSecond(ms)).toISOString().replace('.000Z', 'Z');
}

export class VersionCursor {
  private sinceMs: number;
  private sinceText: string;
  private fromMs: number;
  private seen: Set<string>;
  private earlier: Map<number, Set<string>>;

  constructor(state: CursorState, readonly lookbackMs: number) {
    const since = timeOf(state.since);
    if (since === undefined) throw new Error(`cursor time "${state.since}" is not a date-time`);
    this.sinceMs = since;
    this.sinceText = state.since;
    this.fromMs = Math.min(timeOf(state.from) ?? since, since);
    this.seen = new Set(state.seen);
    this.earlier = new Map();
    for (const [offset, hashes] of Object.entries(state.earlier ?? {})) {
      const ms = Number(offset);
      if (Number.isInteger(ms) && ms > 0 && since - ms >= this.fromMs) this.earlier.set(ms, new Set(hashes));
    }
  }

  static startingAt(since: string, lookbackMs: number): VersionCursor {
    return new VersionCursor({ since, seen: [] }, lookbackMs);
  }

  clone(): VersionCursor {
    const copy = VersionCursor.startingAt(this.sinceText, this.lookbackMs);
    copy.sinceMs = this.sinceMs;
    copy.fromMs = this.fromMs;
    copy.seen = new Set(this.seen);
    copy.earlier = new Map([...this.earlier].map(([offset, group]) => [offset, new Set(group)]));
    return copy;
  }

  get since(): string { return this.sinceText; }

  /** Where the next query starts: the look-back horizon, in whole seconds. */
  lowerBound(): string { return secondLiteral(this.fromMs); }

  /** Versions remembered at W within one execution (not capped; the snapshot is). */
  get seenCount(): number { return this.seen.size; }

  /** True when the snapshot can hold everything remembered at W, so stopping here repeats nothing. */
  exact(): boolean { return this.seen.size <= SEEN_LIMIT; }

  verdict(ms: number, hash: string): Verdict {
    if (ms > this.sinceMs) return 'new';
    if (ms === this.sinceMs) return this.seen.has(hash) ? 'known' : 'new';
    if (ms < this.fromMs) return 'old';
    return this.earlier.get(this.sinceMs - ms)?.has(hash) ? 'known' : 'new';
  }

  /** Notes that this version was emitted. */
  record(ms: number, text: string, hash: string): void {
    if (ms > this.sinceMs) this.advance(ms, text);
    if (ms === this.sinceMs) {
      this.seen.add(hash);
    } else if (ms >= this.fromMs) {
      const offset = this.sinceMs - ms;
      const group = this.earlier.get(offset) ?? new Set<string>();
      group.add(hash);
      this.earlier.set(offset, group);
    }
  }

  private advance(ms: number, text: string): void {
    const delta = ms - this.sinceMs;
    const moved = new Map<number, Set<string>>();
    for (const [offset, group] of this.earlier) {
      if (offset + delta <= this.lookbackMs) moved.set(offset + delta, group);
    }
    if (this.seen.size > 0 && delta <= this.lookbackMs) moved.set(delta, this.seen);
    this.earlier = moved;
    this.seen = new Set();
    this.sinceMs = ms;
    this.sinceText = text;
    this.fromMs = Math.max(this.fromMs, ms - this.lookbackMs);
  }

  /**
   * Closes an over-full second W (more versions than the snapshot holds) after a drain that started once W was
   * over, so no more changes can be stamped with it: W moves to the next second instead of leaving the next
   * execution to emit the forgotten versions again. `skewMs` allows for our clock being ahead of Exchange's.
   * The price: such a second gets no look-back protection against late-visible items.
   */
  seal(drainStartMs: number, skewMs: number): boolean {
    if (this.exact()) return false;
    const next = floorSecond(this.sinceMs) + 1000;
    if (drainStartMs < next + skewMs) return false;
    this.sinceMs = next;
    this.sinceText = secondLiteral(next);
    this.fromMs = next;
    this.seen = new Set();
    this.earlier = new Map();
    return true;
  }

  /**
   * The bounded state: at most SEEN_LIMIT versions at W (the most recent ones) and whole look-back groups,
   * newest first, while `maxHashes` allows. A group that does not fit raises `from` above it: the window
   * shrinks rather than forget part of a second, so a dropped group causes neither loss nor repetition of
   * anything already emitted; a truncated `seen` can only cause repetition.
   */
  toState(maxHashes: number): { state: CursorState; truncated: number } {
    const seenAll = [...this.seen];
    const keep = Math.max(0, Math.min(SEEN_LIMIT, maxHashes, seenAll.length));
    const seen = seenAll.slice(seenAll.length - keep);
    const truncated = seenAll.length - seen.length;
    let fromMs = this.fromMs;
    const earlier: Record<string, string[]> = {};
    if (truncated > 0) {
      fromMs = this.sinceMs;
    } else {
      let room = maxHashes - seen.length;
      for (const offset of [...this.earlier.keys()].sort((a, b) => a - b)) {
        const group = this.earlier.get(offset) as Set<string>;
        if (group.size > room) {
          fromMs = Math.max(fromMs, this.sinceMs - offset + 1);
          break;
        }
        earlier[String(offset)] = [...group];
        room -= group.size;
      }
    }
    const state: CursorState = { since: this.sinceText, seen };
    if (Object.keys(earlier).length > 0) state.earlier = earlier;
    if (fromMs < this.sinceMs) state.from = new Date(fromMs).toISOString();
    return { state, truncated };
  }
}
