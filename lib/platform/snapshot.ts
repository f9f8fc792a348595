/** Versioned, bounded polling snapshots: reading (with migration of the old component's format) and writing. */
import { ConfigurationError } from '../graph/errors';
import { CursorState, VersionCursor, floorSecond, secondLiteral, timeOf } from '../outlook/cursor';
import { isRecord } from '../outlook/validate';

export const SNAPSHOT_VERSION = 2;
/** The platform keeps about 5 KB per step; stay well below. */
export const SNAPSHOT_LIMIT_BYTES = 4096;

export type PollingMode = 'modified' | 'delta';

export interface PollingSnapshot extends CursorState {
  v: 2;
  mode: PollingMode;
  /** Delta mode: the deltaLink of the last round, or the nextLink to resume an unfinished one. */
  link?: string;
  /** Delta mode, during a (re)sync round: what had been emitted before the round started. */
  resync?: CursorState;
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
  if (raw.v === SNAPSHOT_VERSION) return { snapshot: validated(raw) };
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
  const resync = isRecord(raw.resync) ? cursorState(raw.resync) : undefined;
  if (resync) snapshot.resync = resync;
  return snapshot;
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
  resync?: VersionCursor;
}

export interface SavedSnapshot {
  snapshot: PollingSnapshot;
  bytes: number;
  /** Versions at W left out to respect the size limit: a later execution may emit them again. */
  truncated: number;
}

const HASH_BUDGET = 190;

/** Builds the snapshot, remembering as many versions as fit in SNAPSHOT_LIMIT_BYTES. */
export function buildSnapshot(parts: SnapshotParts): SavedSnapshot {
  for (let budget = HASH_BUDGET; budget >= 0; budget = budget > 10 ? budget - 10 : budget - 1) {
    const main = parts.cursor.toState(parts.resync ? Math.ceil(budget * 0.6) : budget);
    const snapshot: PollingSnapshot = { v: 2, mode: parts.mode, ...main.state };
    if (parts.link) snapshot.link = parts.link;
    if (parts.resync) snapshot.resync = parts.resync.toState(Math.floor(budget * 0.4)).state;
    const bytes = Buffer.byteLength(JSON.stringify(snapshot));
    if (bytes <= SNAPSHOT_LIMIT_BYTES) return { snapshot, bytes, truncated: main.truncated };
  }
  throw new Error(`the polling state does not fit in ${SNAPSHOT_LIMIT_BYTES} bytes even without remembered versions (delta link of ${parts.link?.length ?? 0} characters)`);
}
