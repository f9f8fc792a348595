/** Find Meeting Times: Graph's meeting-time suggestions for attendees and rooms, each with its confidence. */
import { toAttendees } from '../../outlook/calendar/payloads';
import { MeetingTimeSuggestion, explainEmptySuggestions, findMeetingTimes } from '../../outlook/calendar/schedule';
import { ConfigurationError } from '../../outlook/errors';
import type { Attendee } from '../../outlook/types';
import { minutesBetween, toTimeWindow } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MEETING_TIMES } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, dateTimeTimeZone, list, num, obj, str } from '../shapes';

/** The search window the function accepts; getSchedule's 62 days (findMeetingTimes documents no limit of its own). */
const MAX_WINDOW_DAYS = 62;

const suggestion = obj('Suggestion', {
  found: bool('A suggestion (false: nothing found, see emptySuggestionsReason)'),
  start: dateTimeTimeZone('Start'),
  end: dateTimeTimeZone('End'),
  confidence: num('Confidence (%): the attendees\' mean chance of attending (free 100, unknown 49, busy 0)'),
  order: num('Rank among the suggestions (1 = best)'),
  organizerAvailability: str('Organizer availability', { enum: ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'] }),
  attendeeAvailability: list('Attendee availability', obj('Attendee availability', {
    address: str('Address'), name: str('Name'), type: str('Type (required, optional, resource)'), availability: str('Availability'),
  })),
  locations: list('Locations', obj('Location', { displayName: str('Name'), locationEmailAddress: str('Address') })),
  suggestionReason: str('Why Outlook suggests it'),
});

const definition = defineAction({
  key: 'findMeetingTimes',
  title: 'Find Meeting Times',
  description: 'Suggests meeting times for required and optional attendees and rooms, each with its confidence and everyone\'s availability',
  help: 'Uses findMeetingTimes (work or school accounts, delegated sign-in; it needs Calendars.Read.Shared even on your own mailbox). '
    + 'Suggestions come ordered by confidence, then time; when there are none, the reason Outlook gives is explained. '
    + 'Emits one message per suggestion, or all of them in one message',
  docs: ['https://learn.microsoft.com/graph/api/user-findmeetingtimes', 'https://learn.microsoft.com/graph/findmeetingtimes-example',
    'https://learn.microsoft.com/graph/api/resources/meetingtimesuggestionsresult'],
  permissions: [MEETING_TIMES],
  workAccountsOnly: 'findMeetingTimes',
  delegatedOnly: 'findMeetingTimes',
  params: {
    attendees: place(f.recipients('Required Attendees', { help: 'Empty: times when the organizer (the mailbox owner) alone is free' }), 'input')
      .keys({ aliases: ['requiredAttendees'] }),
    optionalAttendees: place(f.recipients('Optional Attendees'), 'input'),
    rooms: place(f.recipients('Rooms', { help: 'Room or equipment mailboxes, asked as attendees of type resource' }), 'input'),
    durationMinutes: place(f.integer('Duration (minutes)', { min: 5, max: 1440, placeholder: '30' }), 'both').withDefault(30),
    start: place(f.dateTime('Search From', { help: 'Start of the search window (ISO 8601; default now)' }), 'input').keys({ aliases: ['time'] }),
    end: place(f.dateTime('Search Until', { help: `End of the search window (default 7 days after its start; at most ${MAX_WINDOW_DAYS} days)` }), 'input')
      .keys({ aliases: ['searchUntil'] }),
    timeZone: place(f.timeZoneField, 'both'),
    activityDomain: place(f.choice('Hours', { work: 'Working hours', personal: 'Working hours and weekends', unrestricted: 'Any time' } as const,
      { prompt: 'Working hours (default)' }), 'both').withDefault('work'),
    minimumAttendeePercentage: place(f.integer('Minimum Confidence (%)', {
      min: 0, max: 100, placeholder: '50', help: 'Only suggestions at least this likely to have everyone attend (Graph\'s minimumAttendeePercentage)',
    }), 'both').withDefault(50),
    isOrganizerOptional: place(f.checkbox('Organizer Optional'), 'both').withDefault(false),
    maxCandidates: place(f.integer('Maximum Suggestions', { min: 1, max: 1000, placeholder: '20' }), 'both').withDefault(20),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    mailbox: place(f.mailbox, 'both'),
  },
  // One message per suggestion (or one {found: false, …} when there is none), or with Emit All one message for all.
  output: obj('Meeting times', {
    ...suggestion.properties,
    suggestions: list('Suggestions (Emit All)', suggestion),
    count: num('Number of suggestions (Emit All)'),
    emptySuggestionsReason: str('Why nothing was found', { enum: ['attendeesUnavailable', 'attendeesUnavailableOrUnknown', 'locationsUnavailable', 'organizerUnavailable', 'unknown'] }),
    explanation: str('The reason, explained'),
    searchStart: dateTimeTimeZone('Search window start'),
    searchEnd: dateTimeTimeZone('Search window end'),
  }),
  // run() hands Output one whole result with Emit All.
  batch: { shape: (items) => items[0], emitEmpty: false, whole: 'maxCandidates' },
  example: {
    input: {
      attendees: 'megan.bowen@contoso.onmicrosoft.com', optionalAttendees: 'alex.wilber@contoso.onmicrosoft.com', rooms: 'room.101@contoso.onmicrosoft.com', durationMinutes: 60,
      start: '2026-12-01T08:00', end: '2026-12-03T18:00', timeZone: 'Europe/Berlin', outputTimeZone: 'Europe/Berlin',
    },
    output: {
      found: true, start: { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-01T11:00:00.0000000', timeZone: 'Europe/Berlin' },
      confidence: 100, order: 1, organizerAvailability: 'free',
      attendeeAvailability: [
        { address: 'megan.bowen@contoso.onmicrosoft.com', type: 'required', availability: 'free' }, { address: 'alex.wilber@contoso.onmicrosoft.com', type: 'optional', availability: 'free' },
        { address: 'room.101@contoso.onmicrosoft.com', type: 'resource', availability: 'free' },
      ],
      locations: [], suggestionReason: 'Suggested because it is one of the nearest times when all attendees are available.',
    },
  },
  async run({ values: v, client, log, out, field }) {
    const { start, end } = toTimeWindow({
      start: v.start, end: v.end, zone: v.timeZone, now: new Date().toISOString(), defaultMinutes: 7 * 1440, fields: { start: field('start'), end: field('end') },
    });
    const minutes = minutesBetween(start, end) ?? 0;
    if (minutes > MAX_WINDOW_DAYS * 1440) throw new ConfigurationError(field('end'), `the search window may span at most ${MAX_WINDOW_DAYS} days (it spans ${Math.ceil(minutes / 1440)})`);
    if (minutes < v.durationMinutes) throw new ConfigurationError(field('end'), `the search window (${minutes} minutes) is shorter than the meeting (${v.durationMinutes} minutes)`);
    const attendees: Attendee[] = [...toAttendees(v.attendees, v.optionalAttendees), ...(v.rooms ?? []).map((r): Attendee => ({ ...r, type: 'resource' }))];
    log.info(`${v.durationMinutes} min, ${attendees.length} attendees, ${v.activityDomain} hours, ${start.dateTime} ${start.timeZone} to ${end.dateTime} ${end.timeZone}`);
    const found = await findMeetingTimes(client, {
      mailbox: v.mailbox, attendees, start, end, durationMinutes: v.durationMinutes, activityDomain: v.activityDomain,
      minimumAttendeePercentage: v.minimumAttendeePercentage, isOrganizerOptional: v.isOrganizerOptional, outputTimeZone: v.outputTimeZone?.name,
      maxCandidates: v.maxCandidates,
    });
    const suggestions = (found.meetingTimeSuggestions ?? []).filter((s) => s.meetingTimeSlot?.start).map(flatten);
    const reason = suggestions.length ? undefined : found.emptySuggestionsReason || 'unknown';
    const nothing = reason === undefined ? undefined : { found: false, emptySuggestionsReason: reason, explanation: explainEmptySuggestions(reason), searchStart: start, searchEnd: end };
    log.info(nothing ? `No suggestion (${reason})` : `${suggestions.length} suggestions, best confidence ${suggestions[0].confidence ?? '?'}`);
    if (v.emitBehavior === 'emitAll') {
      await out.item({ ...(nothing ?? { found: true }), suggestions, count: suggestions.length, searchStart: start, searchEnd: end });
      return;
    }
    if (nothing) await out.item(nothing);
    for (const s of suggestions) await out.item(s);
  },
});

/** A suggestion as emitted: the slot's start and end at the top, each attendee as address, name, type, availability. */
function flatten(s: MeetingTimeSuggestion): Record<string, unknown> {
  const { meetingTimeSlot, attendeeAvailability, ...rest } = s;
  return {
    found: true, start: meetingTimeSlot?.start, end: meetingTimeSlot?.end, ...rest,
    attendeeAvailability: (attendeeAvailability ?? []).map((a) => {
      const x = (typeof a === 'object' && a !== null ? a : {}) as { attendee?: { type?: string; emailAddress?: { address?: string; name?: string } }; availability?: string };
      const name = x.attendee?.emailAddress?.name;
      return { address: x.attendee?.emailAddress?.address, ...(name ? { name } : {}), ...(x.attendee?.type ? { type: x.attendee.type } : {}), availability: x.availability };
    }),
  };
}

export = functionModule(definition, PICKERS);
