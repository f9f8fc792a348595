/** `POST /calendar/getSchedule` and `POST /findMeetingTimes`, computed from free/busy (availability.ts). */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import { Availability, BusyItem, Person, availabilityView, busiest, busyItems, person, statusDuring, workingIntervals } from './availability';
import { Zone, dateTimeTimeZone, outputZone } from './events';
import { DAY, instantOf, present } from './timeZones';

const SLOT = 1_800_000;
/** "The time period to look up must be less than 62 days" (learn.microsoft.com/graph/outlook-get-free-busy-schedule, Limits). */
const MAX_WINDOW = 62 * DAY;
/** "getSchedule can support looking up free/busy information for up to 20 entities at once" (same page). */
export const MAX_SCHEDULES = 20;

function instant(value: unknown, field: string): number {
  if (value === undefined || value === null) throw badRequest(`The parameter '${field}' is required.`, 'ErrorInvalidParameter');
  return instantOf(dateTimeTimeZone(value, field));
}

// The limits are documented, the error answering them is not: code and message here are the sandbox's (dev/sandbox/CONTRACT.md).
function checkWindow(start: number, end: number): void {
  if (end <= start) throw badRequest('The end time must be later than the start time.', 'ErrorInvalidParameter');
  if (end - start >= MAX_WINDOW) throw badRequest('The requested time window must be less than 62 days.', 'ErrorInvalidParameter');
}

function scheduleItem(item: BusyItem, p: Person, zone: Zone): Record<string, unknown> {
  const own = p.kind === 'mailbox' && !item.isPrivate;
  return {
    isPrivate: item.isPrivate, status: item.status,
    ...(own ? { subject: item.subject, location: item.location } : {}),
    start: present(item.start, zone), end: present(item.end, zone),
  };
}

function scheduleInformation(ctx: RouteContext, address: string, range: { from: number; to: number; interval: number }, zone: Zone): Record<string, unknown> {
  const p = person(ctx.core, address);
  if (p.kind === 'external') {
    return {
      scheduleId: address, availabilityView: '', scheduleItems: [],
      error: { message: `Free/busy information for ${address} is not available: the address is outside the organization.`, responseCode: 'ErrorMailRecipientNotFound' },
    };
  }
  const items = busyItems(ctx.core, p, range.from, range.to);
  return {
    scheduleId: address,
    availabilityView: availabilityView(items, range.from, range.to, range.interval),
    scheduleItems: items.map((i) => scheduleItem(i, p, zone)),
    workingHours: p.hours,
  };
}

/** getSchedule and findMeetingTimes list personal Microsoft accounts as "Not supported" (their Permissions tables). */
function refusePersonal(ctx: RouteContext): void {
  if (ctx.core.behaviour.current().account === 'personal') {
    throw new GraphHttpError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
}

export function getSchedule(ctx: RouteContext): SandboxResponse {
  refusePersonal(ctx);
  const body = ctx.json();
  const { schedules } = body;
  if (!Array.isArray(schedules) || !schedules.length || schedules.some((s) => typeof s !== 'string')) {
    throw badRequest("The parameter 'schedules' must be a non-empty collection of SMTP addresses.", 'ErrorInvalidParameter');
  }
  if (schedules.length > MAX_SCHEDULES) throw badRequest(`At most ${MAX_SCHEDULES} schedules can be requested at a time.`, 'ErrorInvalidParameter');
  const from = instant(body.startTime, 'startTime');
  const to = instant(body.endTime, 'endTime');
  checkWindow(from, to);
  const minutes = body.availabilityViewInterval ?? 30;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 5 || minutes > 1440) {
    throw badRequest('The availabilityViewInterval must be an integer between 5 and 1440.', 'ErrorInvalidParameter');
  }
  const zone = outputZone(ctx);
  const value = (schedules as string[]).map((s) => scheduleInformation(ctx, s, { from, to, interval: minutes * 60_000 }, zone));
  return { status: 200, json: { '@odata.context': `${ctx.core.url}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value } };
}

// ---- findMeetingTimes ----------------------------------------------------------------------------------------------

interface Attendee { type: string; address: string; name?: string; person: Person; items: BusyItem[] }
interface Place { displayName: string; locationEmailAddress?: string; person?: Person; items: BusyItem[] }
interface Search { organizer: Person; organizerItems: BusyItem[]; attendees: Attendee[]; places: Place[]; placesRequired: boolean; optionalOrganizer: boolean; minPercent: number }

/**
 * Chance of attendance (user-findmeetingtimes, "The confidence of a meeting suggestion"): free 100, unknown 49, busy 0.
 * Tentative, out of office and working elsewhere are not documented: the sandbox takes 50, 0 and 100.
 */
const LIKELIHOOD: Record<Availability, number> = { free: 100, workingElsewhere: 100, tentative: 50, unknown: 49, busy: 0, oof: 0 };

export function parseDuration(value: unknown): number {
  if (value === undefined || value === null) return 30 * 60_000;
  const m = typeof value === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value) : null;
  const ms = m ? ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000 : 0;
  if (!m || value === 'P' || value === 'PT' || ms <= 0) throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Duration'.`, 'RequestBodyRead');
  return ms;
}

function timeSlots(body: Record<string, unknown>, now: number): { domain: string; slots: Array<[number, number]> } {
  const domain = String(walk(body.timeConstraint, ['activityDomain']) ?? 'work').toLowerCase();
  if (!['work', 'personal', 'unrestricted', 'unknown'].includes(domain)) throw badRequest(`Requested value '${domain}' was not found.`, 'RequestBodyRead');
  const raw = walk(body.timeConstraint, ['timeSlots']);
  // Without time slots Graph looks ahead over the next two days.
  if (raw === undefined || raw === null) return { domain, slots: [[Math.ceil(now / SLOT) * SLOT, Math.ceil(now / SLOT) * SLOT + 2 * DAY]] };
  if (!Array.isArray(raw)) throw badRequest("The property 'timeSlots' must be a collection.", 'RequestBodyRead');
  return {
    domain,
    slots: raw.map((s): [number, number] => {
      const from = instant(walk(s, ['start']), 'start');
      const to = instant(walk(s, ['end']), 'end');
      checkWindow(from, to);
      return [from, to];
    }),
  };
}

function search(ctx: RouteContext, body: Record<string, unknown>, span: [number, number]): Search {
  const organizer = person(ctx.core, ctx.mailbox.user.mail);
  const rawAttendees = body.attendees ?? [];
  if (!Array.isArray(rawAttendees)) throw badRequest("The property 'attendees' must be a collection.", 'RequestBodyRead');
  const attendees = rawAttendees.map((a): Attendee => {
    const address = walk(a, ['emailAddress', 'address']);
    if (typeof address !== 'string' || !address.includes('@')) throw badRequest('Each attendee needs an emailAddress with an address.', 'ErrorInvalidParameter');
    const type = String(walk(a, ['type']) ?? 'required');
    // attendeeBase.type is the attendeeType enum (required, optional, resource); OData refuses other members.
    if (!['required', 'optional', 'resource'].includes(type)) throw badRequest(`Requested value '${type}' was not found.`, 'RequestBodyRead');
    const p = person(ctx.core, address);
    const name = walk(a, ['emailAddress', 'name']);
    return { type, address, name: typeof name === 'string' ? name : undefined, person: p, items: busyItems(ctx.core, p, span[0], span[1]) };
  });
  const rawPlaces = walk(body.locationConstraint, ['locations']);
  const places = (Array.isArray(rawPlaces) ? rawPlaces : []).map((l): Place => {
    const email = walk(l, ['locationEmailAddress']);
    const resolve = walk(l, ['resolveAvailability']) !== false && typeof email === 'string';
    const p = resolve ? person(ctx.core, email) : undefined;
    return { displayName: String(walk(l, ['displayName']) ?? ''), ...(typeof email === 'string' ? { locationEmailAddress: email } : {}), person: p, items: p ? busyItems(ctx.core, p, span[0], span[1]) : [] };
  });
  const minPercent = body.minimumAttendeePercentage ?? 50;
  if (typeof minPercent !== 'number' || minPercent < 0 || minPercent > 100) throw badRequest('minimumAttendeePercentage must be between 0 and 100.', 'ErrorInvalidParameter');
  return {
    organizer, organizerItems: busyItems(ctx.core, organizer, span[0], span[1]), attendees, places, minPercent,
    placesRequired: walk(body.locationConstraint, ['isRequired']) === true, optionalOrganizer: body.isOrganizerOptional === true,
  };
}

const EVERY_DAY = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Candidate starts on half hours. activityDomain (user-findmeetingtimes): `work` (and `unknown`) within the
 * organizer's working hours; `personal` "within the user's work hours, and Saturday and Sunday" (the working hours'
 * times on every day); `unrestricted` any time.
 */
function candidates(slots: Array<[number, number]>, duration: number, domain: string, organizer: Person): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [from, to] of slots) {
    const hours = domain === 'unrestricted' ? undefined : workingIntervals(organizer, from, to, domain === 'personal' ? EVERY_DAY : undefined);
    const inHours = (s: number, e: number): boolean => !hours || hours.some(([a, b]) => s >= a && e <= b);
    for (let s = Math.ceil(from / SLOT) * SLOT; s + duration <= to; s += SLOT) {
      const e = s + duration;
      if (inHours(s, e)) out.push([s, e]);
    }
  }
  return out;
}

type Verdict = { ok: true; suggestion: Record<string, unknown>; confidence: number; start: number } | { ok: false; why: 'organizer' | 'attendees' | 'locations' };

function judge(s: Search, [start, end]: [number, number], zone: Zone, reasons: boolean): Verdict {
  const organizerAvailability = statusDuring(s.organizer, s.organizerItems, start, end);
  if (!s.optionalOrganizer && (organizerAvailability === 'busy' || organizerAvailability === 'oof')) return { ok: false, why: 'organizer' };
  const attendeeAvailability = s.attendees.map((a) => ({ a, availability: statusDuring(a.person, a.items, start, end) }));
  // The confidence averages the attendees' chances; the organizer is not one of them (the documented example
  // suggests a slot with confidence 100 where the organizer is tentative). minimumAttendeePercentage is its threshold.
  const scores = attendeeAvailability.map((x) => LIKELIHOOD[x.availability]);
  const confidence = scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : 100;
  if (confidence < s.minPercent) return { ok: false, why: 'attendees' };
  const freePlaces = s.places.filter((p) => !p.person || busiest(p.items.filter((i) => i.start < end && i.end > start).map((i) => i.status)) === 'free');
  if (s.placesRequired && s.places.length && !freePlaces.length) return { ok: false, why: 'locations' };
  return {
    ok: true, confidence, start,
    suggestion: {
      confidence, organizerAvailability,
      attendeeAvailability: attendeeAvailability.map(({ a, availability }) => ({
        attendee: { type: a.type, emailAddress: { address: a.address, ...(a.name ? { name: a.name } : {}) } }, availability,
      })),
      locations: freePlaces.map((p) => ({ displayName: p.displayName, ...(p.locationEmailAddress ? { locationEmailAddress: p.locationEmailAddress } : {}) })),
      suggestionReason: !reasons ? '' : confidence === 100 ? 'Suggested because it is one of the nearest times when all attendees are available.'
        : 'Suggested because it is one of the nearest times when most attendees are available.',
      meetingTimeSlot: { start: present(start, zone), end: present(end, zone) },
    },
  };
}

function emptyReason(verdicts: Verdict[], s: Search): string {
  if (!verdicts.length) return 'unknown';
  if (verdicts.every((v) => !v.ok && v.why === 'organizer')) return 'organizerUnavailable';
  if (verdicts.some((v) => !v.ok && v.why === 'locations')) return 'locationsUnavailable';
  return s.attendees.some((a) => a.person.kind === 'external') ? 'attendeesUnavailableOrUnknown' : 'attendeesUnavailable';
}

export function findMeetingTimes(ctx: RouteContext): SandboxResponse {
  refusePersonal(ctx);
  const body = ctx.req.body.length ? ctx.json() : {};
  const duration = parseDuration(body.meetingDuration);
  const maxCandidates = body.maxCandidates ?? 50;
  if (typeof maxCandidates !== 'number' || !Number.isInteger(maxCandidates) || maxCandidates < 1) throw badRequest('maxCandidates must be a positive integer.', 'ErrorInvalidParameter');
  const { domain, slots } = timeSlots(body, ctx.core.clock.now());
  const now = ctx.core.clock.now();
  const span: [number, number] = slots.length ? [Math.min(...slots.map((x) => x[0])), Math.max(...slots.map((x) => x[1]))] : [now, now];
  const s = search(ctx, body, span);
  const zone = outputZone(ctx);
  const verdicts = candidates(slots, duration, domain, s.organizer).map((c) => judge(s, c, zone, body.returnSuggestionReasons === true));
  const found = verdicts.filter((v): v is Extract<Verdict, { ok: true }> => v.ok)
    .sort((a, b) => b.confidence - a.confidence || a.start - b.start).slice(0, maxCandidates);
  return {
    status: 200,
    json: {
      '@odata.context': `${ctx.core.url}/v1.0/$metadata#microsoft.graph.meetingTimeSuggestionsResult`,
      emptySuggestionsReason: found.length ? '' : emptyReason(verdicts, s),
      meetingTimeSuggestions: found.map((v, i) => ({ ...v.suggestion, order: i + 1 })),
    },
  };
}
