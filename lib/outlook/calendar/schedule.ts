/** Free/busy (getSchedule) and meeting-time suggestions (findMeetingTimes). */
import type { GraphClient } from '../../graph/GraphClient';
import { mailboxRoot } from '../../graph/paths';
import type { Attendee, DateTimeTimeZone } from '../types';
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

export async function getSchedule(client: GraphClient, req: ScheduleRequest): Promise<ScheduleAvailability[]> {
  const { data } = await client.request<{ value?: ScheduleInformation[] }>({
    method: 'POST', path: `${mailboxRoot(req.mailbox)}/calendar/getSchedule`, headers: preferZone(req.outputTimeZone),
    // A read despite the verb: repeating it is harmless.
    idempotent: true,
    body: { schedules: req.schedules, startTime: req.start, endTime: req.end, availabilityViewInterval: req.intervalMinutes },
  });
  return (data?.value ?? []).map((s, i): ScheduleAvailability => {
    const view = typeof s.availabilityView === 'string' ? s.availabilityView : '';
    const items = Array.isArray(s.scheduleItems) ? s.scheduleItems : [];
    const status = s.error ? 'unknown' : worst([viewStatus(view), ...items.map(itemStatus)]);
    return {
      scheduleId: s.scheduleId ?? req.schedules[i] ?? '',
      status, available: status === 'free', availabilityView: view,
      scheduleItems: items,
      ...(s.workingHours ? { workingHours: s.workingHours } : {}),
      ...(s.error ? { error: s.error } : {}),
    };
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
}

export interface MeetingTimeSuggestion {
  confidence?: number;
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
    maxCandidates: 50,
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
