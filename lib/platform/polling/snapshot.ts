/** Versioned, bounded polling snapshots: reading (with migration of the old component's format) and writing. */
import { ConfigurationError } from '../../outlook/errors';
import { CursorState, floorSecond, secondLiteral, timeOf, VersionCursor } from './cursor';
import type { ShownMemory } from './memory';
import { isRecord } from '../../outlook/values/text';

export const SNAPSHOT_VERSION = 2;
/** The platform keeps about 5 KB per step; stay well below. */
export const SNAPSHOT_LIMIT_BYTES = 4096;

export type PollingMode = 'modified' | 'delta';

export interface PollingSnapshot extends CursorState {
  v: 2;
  mode: PollingMode;
  /** Delta mode: the deltaLink of the last round, or the nextLink to resume an unfinished one. */
  link?: string;
  /** Delta mode, while a round is unfinished: the cursor when it started, to go back to if its token expires. */
  base?: CursorState;
  /** Delta mode: the unfinished round lists the whole folder (it follows a catch-up), not only changes. */
  sync?: boolean;
  /** The page size, when gateway timeouts brought it below the maximum (see pageSize.ts). */
  top?: number;
  /** Delta mode: what the stored link covers (e.g. a calendarView window); another one starts a new round. */
  scope?: string;
  /** What was last emitted per item, for sources that skip versions without visible changes (see memory.ts). */
  shown?: string;
}

export interface LoadedSnapshot {
  snapshot: PollingSnapshot;
  /** Set when the stored snapshot was not a v2 one: what was done with it, for the log. */
  note?: string;
}

/**
 * Reads the stored snapshot. `{}` starts at `start`; the old elastic.io Outlook component's
 * `{lastModifiedDateTime}` is taken over with the same meaning it had there (see legacyCursor).
 */
export function loadSnapshot(raw: unknown, mode: PollingMode, start: string): LoadedSnapshot {
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    return { snapshot: { v: 2, mode, since: start, seen: [] } };
  }
  if (raw.v === SNAPSHOT_VERSION) return forMode(validated(raw), mode);
  if (raw.v === undefined && typeof raw.lastModifiedDateTime === 'string') {
    const since = legacyCursor(raw.lastModifiedDateTime);
    return {
      snapshot: { v: 2, mode, since, seen: [] },
      note: `took over the previous component's cursor lastModifiedDateTime > ${raw.lastModifiedDateTime} as ge ${since}`,
    };
  }
  throw new ConfigurationError('snapshot', `unrecognised stored state (version ${String(raw.v)}); refusing to guess, as that could emit old items again or skip new ones`);
}

/**
 * The old trigger asked for `lastModifiedDateTime gt X` with X ending in .999 (or the start time), and Graph's
 * times are whole seconds, so everything up to X's second had been delivered (or was already lost by its
 * same-second gap, which no successor can recover). The first whole second after X is therefore the
 * equivalent `ge` cursor: nothing it emitted is emitted again.
 */
export function legacyCursor(text: string): string {
  const ms = timeOf(text);
  if (ms === undefined) throw new ConfigurationError('snapshot', `stored lastModifiedDateTime "${text}" is not a date-time`);
  return secondLiteral(floorSecond(ms) + 1000);
}

function validated(raw: Record<string, unknown>): PollingSnapshot {
  const mode = raw.mode === 'delta' ? 'delta' : raw.mode === 'modified' ? 'modified' : undefined;
  const cursor = cursorState(raw);
  if (!mode || !cursor) throw new ConfigurationError('snapshot', 'stored state v2 is malformed');
  const snapshot: PollingSnapshot = { v: 2, mode, ...cursor };
  if (typeof raw.link === 'string' && raw.link !== '') snapshot.link = raw.link;
  // `resync` is what earlier versions kept during a sync round: the same thing as `base`.
  const base = isRecord(raw.base) ? cursorState(raw.base) : isRecord(raw.resync) ? cursorState(raw.resync) : undefined;
  if (base) snapshot.base = base;
  // A round without a link has not started yet: only a sync round starts that way.
  if (base && (raw.sync === true || raw.resync !== undefined || !snapshot.link)) snapshot.sync = true;
  if (typeof raw.top === 'number' && Number.isInteger(raw.top) && raw.top >= 1) snapshot.top = raw.top;
  if (typeof raw.scope === 'string' && raw.scope !== '') snapshot.scope = raw.scope;
  if (typeof raw.shown === 'string' && raw.shown !== '') snapshot.shown = raw.shown;
  return snapshot;
}

const MODE_NAMES: Record<PollingMode, string> = { modified: 'lastModifiedDateTime', delta: 'delta' };

/**
 * A snapshot of the other mode keeps only its cursor. Leaving delta mode, that is the cursor of the unfinished
 * round's start: the round may have moved the cursor past changes it had not delivered yet. Entering delta mode,
 * the catch-up that starts every delta sync continues the lastModifiedDateTime drain exactly.
 */
function forMode(snapshot: PollingSnapshot, mode: PollingMode): LoadedSnapshot {
  if (snapshot.mode === mode) return { snapshot };
  const cursor = (mode === 'modified' ? snapshot.base : undefined) ?? snapshot;
  const switched: PollingSnapshot = { v: 2, mode, since: cursor.since, seen: cursor.seen };
  if (cursor.earlier) switched.earlier = cursor.earlier;
  if (cursor.from) switched.from = cursor.from;
  if (snapshot.shown) switched.shown = snapshot.shown;
  return { snapshot: switched, note: `switched from ${MODE_NAMES[snapshot.mode]} mode; continuing from the cursor ${cursor.since}` };
}

function cursorState(raw: Record<string, unknown>): CursorState | undefined {
  if (timeOf(raw.since) === undefined || !isStringArray(raw.seen)) return undefined;
  const state: CursorState = { since: raw.since as string, seen: raw.seen };
  if (isRecord(raw.earlier) && Object.values(raw.earlier).every(isStringArray)) state.earlier = raw.earlier as Record<string, string[]>;
  if (timeOf(raw.from) !== undefined) state.from = raw.from as string;
  return state;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export interface SnapshotParts {
  mode: PollingMode;
  cursor: VersionCursor;
  link?: string;
  base?: VersionCursor;
  sync?: boolean;
  top?: number;
  scope?: string;
  memory?: ShownMemory;
}

export interface SavedSnapshot {
  snapshot: PollingSnapshot;
  bytes: number;
  /** Versions at W left out to respect the size limit: a later execution may emit them again. */
  truncated: number;
}

const HASH_BUDGET = 190;
/** Entries of the shown-state memory tried first (8 bytes each, about 1.6 KB); halved while the snapshot does not fit. */
export const MEMORY_ENTRIES = 150;
/** Versions the cursor keeps at least before the memory gives up entries. */
const MEMORY_YIELDS_BELOW = 40;

/** Builds the snapshot, remembering as many versions (and shown states) as fit in SNAPSHOT_LIMIT_BYTES. */
export function buildSnapshot(parts: SnapshotParts): SavedSnapshot {
  for (let entries = parts.memory ? Math.min(MEMORY_ENTRIES, parts.memory.size) : 0; ; entries = Math.floor(entries / 2)) {
    const shown = parts.memory && entries > 0 ? parts.memory.encode(entries) : undefined;
    const floor = entries > 0 ? MEMORY_YIELDS_BELOW : 0;
    for (let budget = HASH_BUDGET; budget >= floor; budget = budget > 10 ? budget - 10 : budget - 1) {
      const main = parts.cursor.toState(parts.base ? Math.ceil(budget * 0.6) : budget);
      const snapshot: PollingSnapshot = { v: 2, mode: parts.mode, ...main.state };
      if (parts.link) snapshot.link = parts.link;
      if (parts.base) snapshot.base = parts.base.toState(Math.floor(budget * 0.4)).state;
      if (parts.base && parts.sync) snapshot.sync = true;
      if (parts.top !== undefined) snapshot.top = parts.top;
      if (parts.scope !== undefined && parts.link) snapshot.scope = parts.scope;
      if (shown) snapshot.shown = shown;
      const bytes = Buffer.byteLength(JSON.stringify(snapshot));
      if (bytes <= SNAPSHOT_LIMIT_BYTES) return { snapshot, bytes, truncated: main.truncated };
    }
    if (entries === 0) break;
  }
  throw new Error(`the polling state does not fit in ${SNAPSHOT_LIMIT_BYTES} bytes even without remembered versions (delta link of ${parts.link?.length ?? 0} characters)`);
}
