/**
 * A bounded memory of what was last shown per item: a fingerprint of its user-visible properties, keyed by id. A
 * polling trigger whose items get new versions without visible changes (Exchange stamps events with a new
 * lastModifiedDateTime and changeKey about once a day without any edit, microsoft-graph-docs-contrib#2856) skips a
 * version whose fingerprint equals the one last emitted for that id. Only the most recently used entries are kept:
 * an item that fell out of the memory is emitted again (a repeat, never a loss).
 */
import { createHash } from 'crypto';

/** Bytes of an id's key and of a fingerprint; 8 bytes per entry in the snapshot. */
const PART = 4;
/** The state of an item whose removal was emitted. */
export const REMOVED = 'removed';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest().subarray(0, PART);
}

/** A stable fingerprint of a JSON value: object keys sorted at every level. */
export function fingerprintOf(value: unknown): string {
  return digest(canonical(value)).toString('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class ShownMemory {
  /** Key hex → fingerprint hex, least recently used first. */
  private entries = new Map<string, string>();

  constructor(encoded?: string) {
    const bytes = Buffer.from(encoded ?? '', 'base64url');
    for (let at = 0; at + 2 * PART <= bytes.length; at += 2 * PART) {
      this.entries.set(bytes.subarray(at, at + PART).toString('hex'), bytes.subarray(at + PART, at + 2 * PART).toString('hex'));
    }
  }

  get size(): number { return this.entries.size; }

  /** True when the last state emitted for this id is `state` (a fingerprint, or REMOVED). */
  unchanged(id: string, state: string): boolean {
    return this.entries.get(keyOf(id)) === stateKey(state);
  }

  /** Notes the state just emitted (or recognised) for this id as the most recent entry. */
  remember(id: string, state: string): void {
    const key = keyOf(id);
    this.entries.delete(key);
    this.entries.set(key, stateKey(state));
  }

  /** The most recent `max` entries, as base64url. */
  encode(max: number): string {
    const all = [...this.entries];
    const kept = all.slice(Math.max(0, all.length - max));
    return Buffer.concat(kept.flatMap(([k, v]) => [Buffer.from(k, 'hex'), Buffer.from(v, 'hex')])).toString('base64url');
  }
}

function keyOf(id: string): string {
  return digest(`id|${id}`).toString('hex');
}

function stateKey(state: string): string {
  return state === REMOVED ? digest('@removed').toString('hex') : state;
}
