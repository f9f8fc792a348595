/**
 * Free/busy: the signed-in user's comes from their default calendar; everybody else in the organisation gets a
 * deterministic pattern derived from a hash of the seed, their address and the day, so answers are reproducible.
 */
import { createHash } from 'crypto';
import type { SandboxCore } from '../core';
import { walk } from '../odata/filter';
import type { EventRec, Store } from '../store/Store';
import { instancesIn } from './events';
import { weekday } from './recurrence';
import { DAY, fromWall, resolveZone, toWall } from './timeZones';

export type Availability = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

export interface BusyItem { start: number; end: number; status: Availability; subject?: string; location?: string; isPrivate: boolean }

export interface WorkingHours {
  daysOfWeek: string[];
  startTime: string;
  endTime: string;
  timeZone: { name: string };
}

/** `mailbox`: a modelled mailbox (the signed-in user's or the shared one), whose calendar is its free/busy. */
export interface Person { address: string; kind: 'mailbox' | 'colleague' | 'external'; hours: WorkingHours; iana: string; store?: Store }

const WORK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const WORK_START = 8 * 3_600_000;
const WORK_END = 17 * 3_600_000;
const COLLEAGUE_ZONES = ['W. Europe Standard Time', 'Eastern Standard Time', 'Pacific Standard Time', 'GMT Standard Time'];
/**
 * availabilityView digits, and how much each status blocks (the busiest item of a slot wins). "Working elsewhere is
 * set to 0 instead of 4 for backward compatibility" (learn.microsoft.com/graph/api/resources/scheduleinformation).
 */
export const DIGIT: Record<Availability, string> = { free: '0', tentative: '1', busy: '2', oof: '3', workingElsewhere: '0', unknown: '0' };
const RANK: Availability[] = ['free', 'unknown', 'workingElsewhere', 'tentative', 'busy', 'oof'];

export function busiest(statuses: Availability[]): Availability {
  return statuses.reduce<Availability>((a, b) => (RANK.indexOf(b) > RANK.indexOf(a) ? b : a), 'free');
}

function hash(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function hours(zone: string): WorkingHours {
  return { daysOfWeek: [...WORK_DAYS], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: zone } };
}

/** Modelled mailboxes work 08:00–17:00 UTC, Monday to Friday; colleagues in a zone picked from their address. */
export function person(core: SandboxCore, address: string): Person {
  const lower = address.trim().toLowerCase();
  const user = core.findUser(lower);
  const store = user && [user.mail, user.userPrincipalName].some((a) => a.toLowerCase() === lower) ? core.storeOf(user) : undefined;
  if (store) return { address, kind: 'mailbox', hours: hours('UTC'), iana: 'UTC', store };
  const domain = core.me.mail.split('@')[1].toLowerCase();
  const known = core.users.some((u) => u.mail.toLowerCase() === lower);
  if (!known && !lower.endsWith(`@${domain}`)) return { address, kind: 'external', hours: hours('UTC'), iana: 'UTC' };
  const zone = COLLEAGUE_ZONES[hash(`zone:${lower}`)[0] % COLLEAGUE_ZONES.length];
  return { address, kind: 'colleague', hours: hours(zone), iana: resolveZone(zone) as string };
}

/** Working time of `p` on local days overlapping [from, to), as UTC intervals. */
export function workingIntervals(p: Person, from: number, to: number, days: readonly string[] = WORK_DAYS): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let day = Math.floor(toWall(from, p.iana) / DAY) - 1; day * DAY <= toWall(to, p.iana); day += 1) {
    if (!days.includes(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][weekday(day)])) continue;
    const start = fromWall(day * DAY + WORK_START, p.iana);
    const end = fromWall(day * DAY + WORK_END, p.iana);
    if (start < to && end > from) out.push([start, end]);
  }
  return out;
}

function calendarItems(store: Store, from: number, to: number): BusyItem[] {
  const recs = [...store.eventRecs.values()].filter((r: EventRec) => r.calendar === store.defaultCalendar);
  return recs.flatMap((rec) => instancesIn(rec, from, to)).map((inst) => ({
    start: inst.start, end: inst.end,
    status: (inst.rec.props.showAs as Availability | undefined) ?? 'busy',
    subject: String(inst.rec.props.subject ?? ''),
    location: String(walk(inst.rec.props.location, ['displayName']) ?? ''),
    isPrivate: inst.rec.props.sensitivity === 'private',
  })).sort((a, b) => a.start - b.start || a.end - b.end);
}

const SEEDED_STATUS: Availability[] = ['busy', 'busy', 'busy', 'tentative', 'tentative', 'workingElsewhere', 'busy', 'oof'];

/** Zero to three blocks of 30–120 minutes on each working day, at half hours of the colleague's working day. */
function seededItems(core: SandboxCore, p: Person, from: number, to: number): BusyItem[] {
  const out: BusyItem[] = [];
  for (const [dayStart] of workingIntervals(p, from - DAY, to + DAY)) {
    const h = hash(`${core.seed}:${p.address.toLowerCase()}:${Math.floor(toWall(dayStart, p.iana) / DAY)}`);
    for (let i = 0; i < h[0] % 4; i += 1) {
      const start = dayStart + (h[1 + i] % 16) * 1_800_000;
      const end = start + (1 + (h[5 + i] % 4)) * 1_800_000;
      if (start < to && end > from) out.push({ start, end, status: SEEDED_STATUS[h[9 + i] % SEEDED_STATUS.length], isPrivate: false });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

export function busyItems(core: SandboxCore, p: Person, from: number, to: number): BusyItem[] {
  if (p.store) return calendarItems(p.store, from, to);
  return p.kind === 'colleague' ? seededItems(core, p, from, to) : [];
}

/** The status over [from, to): the busiest overlapping item, `unknown` for people outside the organisation. */
export function statusDuring(p: Person, items: BusyItem[], from: number, to: number): Availability {
  if (p.kind === 'external') return 'unknown';
  return busiest(items.filter((i) => i.start < to && i.end > from).map((i) => i.status));
}

export function availabilityView(items: BusyItem[], from: number, to: number, intervalMs: number): string {
  let view = '';
  for (let s = from; s < to; s += intervalMs) {
    view += DIGIT[busiest(items.filter((i) => i.start < s + intervalMs && i.end > s).map((i) => i.status))];
  }
  return view;
}
