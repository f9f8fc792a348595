/** Free/busy (getSchedule) and meeting-time suggestions (findMeetingTimes). */
import type { GraphClient } from '../../graph/GraphClient';
import { mailboxRoot } from '../../graph/paths';
import type { Attendee, DateTimeTimeZone } from '../types';
import { ianaOf, timeZone, zonedInstant } from '../values/times';
import { preferZone } from './events';

// ---- getSchedule ---------------------------------------------------------------------------------------------------

export type Availability = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

/** availabilityView digits (learn.microsoft.com/graph/api/resources/scheduleinformation); Graph writes workingElsewhere as 0. */
const DIGITS: Record<string, Availability> = { 0: 'free', 1: 'tentative', 2: 'busy', 3: 'oof', 4: 'workingElsewhere' };
/** From least to most blocking; the overall status is the most blocking one seen. */
const RANK: Availability[] = ['free', 'workingElsewhere', 'tentative', 'unknown', 'busy', 'oof'];

export function worst(statuses: Availability[]): Availability {
  return statuses.reduce<Availability>((a, b) => (RANK.indexOf(b) > RANK.indexOf(a) ? b : a), 'free');
}

/**
 * availabilityView writes working elsewhere as 0, like free, "for backward compatibility"
 * (learn.microsoft.com/graph/api/resources/scheduleinformation), so only the items' own status tells it apart.
 */
function itemStatus(item: unknown): Availability {
  const status = typeof item === 'object' && item !== null ? (item as { status?: unknown }).status : undefined;
  return typeof status === 'string' && (RANK as string[]).includes(status) ? status as Availability : 'free';
}

export function viewStatus(view: string): Availability {
  if (view === '') return 'unknown';
  return worst([...view].map((d) => DIGITS[d] ?? 'unknown'));
}

export interface ScheduleRequest {
  mailbox?: string;
  schedules: string[];
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  intervalMinutes: number;
  outputTimeZone?: string;
}

export interface ScheduleAvailability {
  scheduleId: string;
  status: Availability;
  available: boolean;
  availabilityView: string;
  scheduleItems: unknown[];
  workingHours?: unknown;
  error?: { message?: string; responseCode?: string };
}

interface ScheduleInformation {
  scheduleId?: string;
  availabilityView?: string;
  scheduleItems?: unknown[];
  workingHours?: unknown;
  error?: { message?: string; responseCode?: string } | null;
}

/**
 * getSchedule's limits (learn.microsoft.com/graph/outlook-get-free-busy-schedule, "Limits and error conditions"):
 * "up to 20 entities at once" and a period "less than 62 days".
 */
export const MAX_SCHEDULES_PER_REQUEST = 20;
export const MAX_WINDOW_MINUTES = 62 * 24 * 60;

/** One getSchedule request of a split: the schedules of one group over one part of the window. */
export interface SchedulePart { schedules: string[]; start: DateTimeTimeZone; end: DateTimeTimeZone }

function utcOf(ms: number): DateTimeTimeZone {
  return { dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' };
}

function instantOf(value: DateTimeTimeZone): number {
  const zone = timeZone(value.timeZone, 'timeZone');
  return zonedInstant(value.dateTime.slice(0, 19), zone ? ianaOf(zone) : 'UTC');
}

/**
 * The requests a window and a list of schedules take: groups of at most 20 schedules, and parts of the window
 * shorter than 62 days whose length is a whole number of slots, so the parts' availabilityView strings join into
 * the view of the whole window. The first part starts and the last ends exactly as given; the boundaries between
 * parts are written in UTC, which has no ambiguous or missing hours.
 */
export function planSchedule(req: Pick<ScheduleRequest, 'schedules' | 'start' | 'end' | 'intervalMinutes'>): SchedulePart[] {
  const groups: string[][] = [];
  for (let i = 0; i < req.schedules.length; i += MAX_SCHEDULES_PER_REQUEST) groups.push(req.schedules.slice(i, i + MAX_SCHEDULES_PER_REQUEST));
  const from = instantOf(req.start);
  const to = instantOf(req.end);
  const step = Math.floor((MAX_WINDOW_MINUTES - 1) / req.intervalMinutes) * req.intervalMinutes * 60_000;
  const windows: Array<[DateTimeTimeZone, DateTimeTimeZone]> = [];
  for (let at = from; at < to; at += step) {
    windows.push([at === from ? req.start : utcOf(at), at + step >= to ? req.end : utcOf(at + step)]);
  }
  if (!windows.length) windows.push([req.start, req.end]);
  return groups.flatMap((schedules) => windows.map(([start, end]) => ({ schedules, start, end })));
}

/** The raw per-person answer merged across the parts of a split window. */
interface Merged { info: ScheduleInformation; views: string[]; items: unknown[]; seen: Set<string>; error?: { message?: string; responseCode?: string } }

/**
 * Free/busy of every schedule over the window, as many requests as the limits need (sequential, each a read that
 * is safe to repeat); per person the parts are merged: availabilityView strings joined in window order,
 * scheduleItems concatenated without the repeats of an item that spans a boundary, the first workingHours, and
 * the first error (with which the view is left empty, as Graph leaves it for an address it cannot read).
 */
export async function getSchedule(client: GraphClient, req: ScheduleRequest): Promise<ScheduleAvailability[]> {
  // An address given twice is asked for once (case-insensitively, as SMTP addresses compare).
  const schedules = req.schedules.filter((s, i) => req.schedules.findIndex((t) => t.toLowerCase() === s.toLowerCase()) === i);
  const parts = planSchedule({ ...req, schedules });
  const merged = new Map<string, Merged>();
  for (const part of parts) {
    const { data } = await client.request<{ value?: ScheduleInformation[] }>({
      method: 'POST', path: `${mailboxRoot(req.mailbox)}/calendar/getSchedule`, headers: preferZone(req.outputTimeZone),
      // A read despite the verb: repeating it is harmless.
      idempotent: true,
      body: { schedules: part.schedules, startTime: part.start, endTime: part.end, availabilityViewInterval: req.intervalMinutes },
    });
    (data?.value ?? []).forEach((s, i) => {
      const id = part.schedules[i] ?? s.scheduleId ?? '';
      const m = merged.get(id.toLowerCase()) ?? { info: s, views: [], items: [], seen: new Set<string>() };
      merged.set(id.toLowerCase(), m);
      if (s.error && !m.error) m.error = s.error;
      if (!m.info.workingHours && s.workingHours) m.info = { ...m.info, workingHours: s.workingHours };
      m.views.push(typeof s.availabilityView === 'string' ? s.availabilityView : '');
      for (const item of Array.isArray(s.scheduleItems) ? s.scheduleItems : []) {
        const key = JSON.stringify(item);
        if (!m.seen.has(key)) m.items.push(item);
        m.seen.add(key);
      }
    });
  }
  return schedules.map((s) => s.toLowerCase()).flatMap((key) => {
    const m = merged.get(key);
    if (!m) return [];
    const view = m.error ? '' : m.views.join('');
    const status = m.error ? 'unknown' : worst([viewStatus(view), ...m.items.map(itemStatus)]);
    return [{
      scheduleId: m.info.scheduleId ?? schedules.find((s) => s.toLowerCase() === key) ?? key,
      status, available: status === 'free', availabilityView: view,
      scheduleItems: m.items,
      ...(m.info.workingHours ? { workingHours: m.info.workingHours } : {}),
      ...(m.error ? { error: m.error } : {}),
    }];
  });
}

// ---- findMeetingTimes --------------------------------------------------------------------------------------------

export interface MeetingTimesRequest {
  mailbox?: string;
  attendees: Attendee[];
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  durationMinutes: number;
  activityDomain: 'work' | 'personal' | 'unrestricted';
  minimumAttendeePercentage: number;
  isOrganizerOptional: boolean;
  outputTimeZone?: string;
  /** Graph's maxCandidates; 50 when not given. */
  maxCandidates?: number;
}

export interface MeetingTimeSuggestion {
  confidence?: number;
  order?: number;
  organizerAvailability?: string;
  attendeeAvailability?: unknown[];
  locations?: unknown[];
  suggestionReason?: string;
  meetingTimeSlot?: { start?: DateTimeTimeZone; end?: DateTimeTimeZone };
}

export interface MeetingTimes { emptySuggestionsReason?: string; meetingTimeSuggestions?: MeetingTimeSuggestion[] }

/** Delegated permissions only (Graph does not offer findMeetingTimes to app-only tokens). */
export async function findMeetingTimes(client: GraphClient, req: MeetingTimesRequest): Promise<MeetingTimes> {
  const body = {
    attendees: req.attendees.map((a) => ({ type: a.type, emailAddress: a.emailAddress })),
    timeConstraint: { activityDomain: req.activityDomain, timeSlots: [{ start: req.start, end: req.end }] },
    meetingDuration: `PT${req.durationMinutes}M`,
    maxCandidates: req.maxCandidates ?? 50,
    isOrganizerOptional: req.isOrganizerOptional,
    minimumAttendeePercentage: req.minimumAttendeePercentage,
    returnSuggestionReasons: true,
  };
  const { data } = await client.request<MeetingTimes>({
    method: 'POST', path: `${mailboxRoot(req.mailbox)}/findMeetingTimes`, body, headers: preferZone(req.outputTimeZone), idempotent: true,
  });
  return data ?? {};
}

/** The suggestion that starts first (Graph orders suggestions by confidence, not time). */
export function earliest(suggestions: MeetingTimeSuggestion[]): MeetingTimeSuggestion | undefined {
  const key = (s: MeetingTimeSuggestion): string => s.meetingTimeSlot?.start?.dateTime ?? '\uffff';
  return [...suggestions].filter((s) => s.meetingTimeSlot?.start).sort((a, b) => key(a).localeCompare(key(b)))[0];
}

const EMPTY_REASONS: Record<string, string> = {
  attendeesUnavailable: 'all attendees are busy for the whole search window',
  attendeesUnavailableOrUnknown: 'the attendees are busy, or their free/busy information is not available (e.g. external addresses)',
  locationsUnavailable: 'no location is free in the search window',
  organizerUnavailable: 'the organizer (the mailbox owner) is busy for the whole search window',
  unknown: 'Outlook gave no reason',
};

export function explainEmptySuggestions(reason: string | undefined): string {
  const text = EMPTY_REASONS[reason ?? 'unknown'] ?? `Outlook reported "${reason}"`;
  return `No free slot found: ${text}. Widen the search window, shorten the duration, or allow times outside working hours.`;
}
