/** Sandbox time: a real or manual clock, and the timestamp formats Graph uses. */
import type { SandboxClock } from './types';

export function realClock(): SandboxClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set(ms: number) { offset = ms - Date.now(); },
    advance(ms: number) { offset += ms; },
  };
}

/** A clock that moves only when told: tests get exact, reproducible timestamps. */
export function manualClock(startMs: number = Date.UTC(2026, 10, 23, 9, 0, 0)): SandboxClock {
  let current = startMs;
  return {
    now: () => current,
    set(ms: number) { current = ms; },
    advance(ms: number) { current += ms; },
  };
}

/** `2026-11-23T09:00:05Z`: messages and contacts carry whole seconds. */
export function isoSeconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  let text = secondsCache.get(sec);
  if (text === undefined) {
    text = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
    // Bulk listings format the same few thousand seconds over and over.
    if (secondsCache.size >= 50_000) secondsCache.clear();
    secondsCache.set(sec, text);
  }
  return text;
}

const secondsCache = new Map<number, string>();

/** `2026-11-23T09:00:05.1234567Z`: events carry 7 fractional digits (the 4 sub-millisecond digits come from `ticks`). */
export function isoTicks(ms: number, subMsTicks = 0): string {
  const base = new Date(ms).toISOString();
  return `${base.slice(0, 23)}${String(subMsTicks % 10000).padStart(4, '0')}Z`;
}

/** The `innerError.date` form: no fraction, no `Z`. */
export function innerErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function secondsOf(ms: number): number {
  return Math.floor(ms / 1000);
}
