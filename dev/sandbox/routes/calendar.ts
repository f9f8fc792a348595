/** Calendars, events, calendarView (+ delta), meeting responses, getSchedule and findMeetingTimes. */
import { isoSeconds } from '../clock';
import { GraphHttpError, badRequest, malformedId, notFound } from '../http/errors';
import type { RouteContext, RouteDef, RouteModule, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import { listCollection, parseSelect, selectFields } from '../odata/query';
import type { EntitySchema } from '../store/schema';
import { EVENT } from '../store/schema';
import type { CalendarRec, EventRec, Props, Store } from '../store/Store';
import type { Message } from '../types';
import {
  CANCELLED_DAYS, EXCEPTIONS, Instance, dateTimeTimeZone, eventChanges, eventOutput, findOccurrence, instanceJson, instancesIn, occurrenceChanges, outputZone,
  parseOccurrenceId,
} from '../calendar/events';
import { eventAttachmentValue, listEventAttachments, postEventAttachment } from '../calendar/attachments';
import { findMeetingTimes, getSchedule } from '../calendar/schedule';
import { UTC_ZONE } from '../calendar/timeZones';
import { calendarRecs, calendarView, calendarViewDelta, listInstances, viewWindow } from '../calendar/view';
import { recipients, userContext } from './common';

const CALENDAR_PROPS = ['id', 'name', 'color', 'hexColor', 'isDefaultCalendar', 'changeKey', 'canShare', 'canViewPrivateItems', 'canEdit',
  'allowedOnlineMeetingProviders', 'defaultOnlineMeetingProvider', 'isTallyingResponses', 'isRemovable', 'owner'];
export const CALENDAR: EntitySchema = {
  type: 'calendar', properties: CALENDAR_PROPS, defaults: CALENDAR_PROPS, dates: new Set(), writable: new Set(['name', 'color']),
  canonical: new Map(CALENDAR_PROPS.map((p) => [p.toLowerCase(), p])),
};

function missing(store: Store, id: string): GraphHttpError {
  return store.codec.wellFormed(id) || parseOccurrenceId(id) ? notFound() : malformedId();
}

function calendarOf(ctx: RouteContext): number {
  const { store } = ctx.mailbox;
  const id = ctx.params.calendar;
  if (id === undefined) return store.defaultCalendar;
  const serial = store.tryCalendar(id);
  if (serial === undefined) throw missing(store, id);
  return serial;
}

function resolveEvent(ctx: RouteContext): EventRec {
  const { store } = ctx.mailbox;
  const rec = store.findEvent(ctx.params.id);
  if (!rec || (ctx.params.calendar !== undefined && rec.calendar !== calendarOf(ctx))) {
    if (findOccurrence(store, ctx.params.id)) throw badRequest('The sandbox does not model this request on a single occurrence (only GET, PATCH, DELETE and the actions); use the series master.', 'ErrorInvalidRequest');
    throw missing(store, ctx.params.id);
  }
  return rec;
}

function entity(ctx: RouteContext, item: Props): Props {
  return { '@odata.context': `${userContext(ctx)}/events/$entity`, ...item };
}

function eventsContext(ctx: RouteContext, calendar: number, tail: string): string {
  return ctx.params.calendar === undefined ? `${userContext(ctx)}/${tail}`
    : `${userContext(ctx)}/calendars('${encodeURIComponent(ctx.mailbox.store.idOf('calendar', calendar))}')/${tail}`;
}

// ---- calendars -------------------------------------------------------------------------------------------------

function listCalendars(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  return listCollection<CalendarRec>(ctx, {
    schema: CALENDAR,
    records: () => [...store.calendarRecs.values()],
    value: (rec, path) => walk(store.calendarJson(rec), path),
    json: (rec) => store.calendarJson(rec) as Props,
    defaultTop: 10,
    maxTop: 1000,
    context: `${userContext(ctx)}/calendars`,
  });
}

function getCalendar(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const json = store.calendarJson(store.calendarRecs.get(calendarOf(ctx)) as CalendarRec) as Props;
  return { status: 200, json: { '@odata.context': `${userContext(ctx)}/calendars/$entity`, ...selectFields(json, parseSelect(ctx.req.query.$select, CALENDAR)) } };
}

function createCalendar(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const { name, color } = ctx.json();
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'name' is required.", 'ErrorInvalidParameter');
  if ([...store.calendarRecs.values()].some((c) => c.name.toLowerCase() === name.toLowerCase())) {
    throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  }
  const json = store.createCalendar(name, typeof color === 'string' ? color : 'auto');
  return { status: 201, json: { '@odata.context': `${userContext(ctx)}/calendars/$entity`, ...json } };
}

// ---- events ----------------------------------------------------------------------------------------------------

function listEvents(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const calendar = calendarOf(ctx);
  const zone = outputZone(ctx);
  return listCollection<EventRec>(ctx, {
    schema: EVENT,
    records: () => calendarRecs(store, calendar),
    value: (rec, path) => walk(eventOutput(store, rec, UTC_ZONE), path),
    json: (rec) => eventOutput(store, rec, zone),
    defaultTop: 10,
    maxTop: 1000,
    context: eventsContext(ctx, calendar, 'events'),
  });
}

function getEvent(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const select = parseSelect(ctx.req.query.$select, EVENT);
  const zone = outputZone(ctx);
  const occurrence = store.findEvent(ctx.params.id) ? undefined : findOccurrence(store, ctx.params.id);
  const json = occurrence ? instanceJson(store, occurrence, zone) : eventOutput(store, resolveEvent(ctx), zone);
  return { status: 200, json: entity(ctx, selectFields(json, select, EVENT)) };
}

function createEvent(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const calendar = calendarOf(ctx);
  const changes = eventChanges(ctx.json(), { me: ctx.mailbox.user.mail });
  // A repeated transactionId names the same event: Graph answers with the one created first instead of a duplicate.
  const tx = changes.transactionId;
  const earlier = typeof tx === 'string' && tx !== '' ? calendarRecs(store, calendar).find((r) => r.props.transactionId === tx) : undefined;
  const rec = earlier ?? store.insertEvent({ ...changes, calendarId: store.idOf('calendar', calendar) });
  return { status: 201, json: entity(ctx, eventOutput(store, rec, outputZone(ctx))) };
}

function updateEvent(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const occurrence = store.findEvent(ctx.params.id) ? undefined : findOccurrence(store, ctx.params.id);
  if (occurrence?.day !== undefined) {
    // PATCH of one occurrence makes it an exception: only the properties sent change, for that day only.
    const changed = occurrenceChanges(ctx.json(), occurrence);
    const exceptions = { ...(occurrence.rec.props[EXCEPTIONS] as Record<string, Props> | undefined), [String(occurrence.day)]: changed };
    occurrence.rec.props[EXCEPTIONS] = exceptions;
    store.patchEvent(occurrence.rec, {});
    const updated = findOccurrence(store, ctx.params.id) ?? occurrence;
    return { status: 200, json: entity(ctx, instanceJson(store, updated, outputZone(ctx))) };
  }
  const rec = resolveEvent(ctx);
  store.patchEvent(rec, eventChanges(ctx.json(), { existing: rec.props, me: ctx.mailbox.user.mail }));
  return { status: 200, json: entity(ctx, eventOutput(store, rec, outputZone(ctx))) };
}

function deleteEvent(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const occurrence = store.findEvent(ctx.params.id) ? undefined : findOccurrence(store, ctx.params.id);
  if (occurrence?.day !== undefined) {
    // Deleting one occurrence cancels that day of the series; the master changes, as in Exchange.
    const days = (occurrence.rec.props[CANCELLED_DAYS] as number[] | undefined) ?? [];
    occurrence.rec.props[CANCELLED_DAYS] = [...days, occurrence.day];
    store.patchEvent(occurrence.rec, {});
    return { status: 204 };
  }
  store.removeEvent(resolveEvent(ctx));
  return { status: 204 };
}

function eventInstances(ctx: RouteContext): SandboxResponse {
  const rec = resolveEvent(ctx);
  const [from, to] = viewWindow(ctx);
  const instances: Instance[] = instancesIn(rec, from, to);
  return listInstances(ctx, instances, `${userContext(ctx)}/events('${encodeURIComponent(ctx.params.id)}')/instances`);
}

const RESPONSE_SUBJECT: Record<string, string> = { accepted: 'Accepted', declined: 'Declined', tentativelyAccepted: 'Tentative' };

function respond(response: 'accepted' | 'declined' | 'tentativelyAccepted') {
  return (ctx: RouteContext): SandboxResponse => {
    const { store, user } = ctx.mailbox;
    const occurrence = store.findEvent(ctx.params.id) ? undefined : findOccurrence(store, ctx.params.id);
    const rec = occurrence?.rec ?? resolveEvent(ctx);
    const body = ctx.req.body.length ? ctx.json() : {};
    if (rec.props.isOrganizer === true) {
      throw badRequest("Your request can't be completed. You can't respond to a meeting you organized.", 'ErrorInvalidRequest');
    }
    if (body.comment !== undefined && typeof body.comment !== 'string') throw badRequest("The property 'comment' must be a string.", 'RequestBodyRead');
    if (body.proposedNewTime !== undefined && body.proposedNewTime !== null) {
      if (response === 'accepted') throw badRequest("The property 'proposedNewTime' does not exist on the accept action.", 'RequestBodyRead');
      if (rec.props.allowNewTimeProposals === false) throw badRequest('The organizer does not allow new time proposals for this meeting.', 'ErrorInvalidRequest');
      // event-decline / event-tentativelyaccept: "Setting this parameter requires setting sendResponse to true".
      if (body.sendResponse === false) throw badRequest('A proposed new time can only be sent with the response (sendResponse true).', 'ErrorInvalidRequest');
      dateTimeTimeZone(walk(body.proposedNewTime, ['start']), 'start');
      dateTimeTimeZone(walk(body.proposedNewTime, ['end']), 'end');
    }
    const time = isoSeconds(ctx.core.clock.now());
    store.patchEvent(rec, { responseStatus: { response, time } });
    // The organizer's copy (where a modelled mailbox has it) records the answer in its attendee list when it is sent.
    const organizer = String(walk(rec.props.organizer, ['emailAddress', 'address']) ?? '').toLowerCase();
    for (const { address, store: other, copy } of body.sendResponse === false ? [] : copiesElsewhere(ctx, rec)) {
      if (address !== organizer || copy.props.isOrganizer !== true || !Array.isArray(copy.props.attendees)) continue;
      const attendees = (copy.props.attendees as Props[]).map((a) => (String(walk(a, ['emailAddress', 'address']) ?? '').toLowerCase() === user.mail.toLowerCase()
        ? { ...a, status: { response, time }, ...(body.proposedNewTime ? { proposedNewTime: body.proposedNewTime } : {}) } : a));
      other.patchEvent(copy, { attendees });
    }
    if (body.sendResponse !== false) {
      store.recordSent({
        subject: `${RESPONSE_SUBJECT[response]}: ${String(rec.props.subject ?? '')}`,
        body: { contentType: 'text', content: typeof body.comment === 'string' ? body.comment : '' },
        from: { emailAddress: { name: user.displayName, address: user.mail } },
        toRecipients: [rec.props.organizer as NonNullable<Message['from']>],
      });
    }
    return { status: 202 };
  };
}

/** The copies of a meeting (same iCalUId) in the other modelled mailboxes, with the address of each mailbox. */
function copiesElsewhere(ctx: RouteContext, rec: EventRec): Array<{ address: string; store: Store; copy: EventRec }> {
  const uid = rec.props.iCalUId;
  if (typeof uid !== 'string' || uid === '') return [];
  return ctx.core.mailboxes.filter((m) => m.store !== ctx.mailbox.store).flatMap((m) => [...m.store.eventRecs.values()]
    .filter((e) => e.props.iCalUId === uid).map((copy) => ({ address: m.user.mail.toLowerCase(), store: m.store, copy })));
}

/**
 * `POST /events/{id}/cancel` (event-cancel): organizer only (400 otherwise, Graph's own message); the attendees get
 * a cancellation with the comment; the event goes to Deleted Items (here: leaves the calendar). One occurrence is
 * cancelled by its id: that day leaves the series.
 */
function cancelEvent(ctx: RouteContext): SandboxResponse {
  const { store, user } = ctx.mailbox;
  const occurrence = store.findEvent(ctx.params.id) ? undefined : findOccurrence(store, ctx.params.id);
  const rec = occurrence?.rec ?? resolveEvent(ctx);
  const body = ctx.req.body.length ? ctx.json() : {};
  const comment = walk(body, ['comment']) ?? walk(body, ['Comment']);
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw badRequest("The property 'comment' must be a string.", 'RequestBodyRead');
  if (rec.props.isOrganizer !== true) {
    throw badRequest("Your request can't be completed. You need to be an organizer to cancel a meeting.", 'ErrorInvalidRequest');
  }
  const attendees = Array.isArray(rec.props.attendees) ? rec.props.attendees as Array<{ emailAddress?: unknown }> : [];
  if (attendees.length > 0) {
    store.recordSent({
      subject: `Canceled: ${String(rec.props.subject ?? '')}`,
      body: { contentType: 'text', content: typeof comment === 'string' ? comment : '' },
      from: { emailAddress: { name: user.displayName, address: user.mail } },
      toRecipients: attendees.map((a) => ({ emailAddress: a.emailAddress })) as NonNullable<Message['toRecipients']>,
    });
  }
  // The attendees' copies (where a modelled mailbox has one) show the meeting as cancelled, as the cancellation
  // message does in Outlook; one occurrence leaves their series instead.
  const invited = new Set(attendees.map((a) => String(walk(a, ['emailAddress', 'address']) ?? '').toLowerCase()));
  for (const { address, store: other, copy } of copiesElsewhere(ctx, rec)) {
    if (!invited.has(address) || copy.props.isOrganizer === true) continue;
    if (occurrence?.day !== undefined) {
      copy.props[CANCELLED_DAYS] = [...((copy.props[CANCELLED_DAYS] as number[] | undefined) ?? []), occurrence.day];
      other.patchEvent(copy, {});
    } else {
      other.patchEvent(copy, { isCancelled: true });
    }
  }
  if (occurrence?.day !== undefined) {
    const days = (rec.props[CANCELLED_DAYS] as number[] | undefined) ?? [];
    rec.props[CANCELLED_DAYS] = [...days, occurrence.day];
    store.patchEvent(rec, {});
  } else {
    store.removeEvent(rec);
  }
  return { status: 202 };
}

/**
 * `POST /events/{id}/forward` (event-forward): the meeting request goes to `toRecipients` with the comment. (Graph
 * also adds them to the organizer's copy when an attendee forwards; the sandbox holds no organizer's copy.)
 */
function forwardEvent(ctx: RouteContext): SandboxResponse {
  const { store, user } = ctx.mailbox;
  const occurrence = store.findEvent(ctx.params.id) ? undefined : findOccurrence(store, ctx.params.id);
  const rec = occurrence?.rec ?? resolveEvent(ctx);
  const body = ctx.json();
  const to = walk(body, ['toRecipients']) ?? walk(body, ['ToRecipients']);
  if (!Array.isArray(to) || to.length === 0) throw badRequest("The property 'toRecipients' must name at least one recipient.", 'ErrorInvalidRecipients');
  const comment = walk(body, ['comment']) ?? walk(body, ['Comment']);
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw badRequest("The property 'comment' must be a string.", 'RequestBodyRead');
  store.recordSent({
    subject: `FW: ${String(rec.props.subject ?? '')}`,
    body: { contentType: 'text', content: typeof comment === 'string' ? comment : '' },
    from: { emailAddress: { name: user.displayName, address: user.mail } },
    toRecipients: recipients(to, 'toRecipients'),
  });
  return { status: 202 };
}

/** `PATCH /calendars/{id}` (calendar-update): name and color; a name already used answers 409 as on create. */
function updateCalendar(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const serial = calendarOf(ctx);
  const rec = store.calendarRecs.get(serial) as CalendarRec;
  const body = ctx.json();
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata')) continue;
    const canonical = CALENDAR.canonical.get(key.toLowerCase());
    if (!canonical) throw badRequest(`Could not find a property named '${key}' on type 'microsoft.graph.calendar'.`, 'RequestBodyRead');
    if (!CALENDAR.writable.has(canonical)) throw badRequest(`The property '${canonical}' is read-only and cannot be set.`, 'ErrorInvalidProperty');
  }
  const name = walk(body, ['name']);
  const color = walk(body, ['color']);
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'name' must be a non-empty string.", 'ErrorInvalidParameter');
    if ([...store.calendarRecs.values()].some((c) => c.serial !== serial && c.name.toLowerCase() === name.toLowerCase())) {
      throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
    }
  }
  if (color !== undefined && (typeof color !== 'string' || !CALENDAR_COLORS.includes(color))) throw badRequest(`Requested value '${String(color)}' was not found.`, 'RequestBodyRead');
  store.updateCalendar(serial, { ...(typeof name === 'string' ? { name } : {}), ...(typeof color === 'string' ? { color } : {}) });
  return { status: 200, json: { '@odata.context': `${userContext(ctx)}/calendars/$entity`, ...store.calendarJson(rec) as Props } };
}

/** `DELETE /calendars/{id}` (calendar-delete: "a calendar other than the default calendar"): 204, its events gone. */
function deleteCalendar(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const serial = calendarOf(ctx);
  if (serial === store.defaultCalendar) throw badRequest('The default calendar cannot be deleted.', 'ErrorCannotDeleteObject');
  store.removeCalendar(serial);
  return { status: 204 };
}

function attachmentsContext(ctx: RouteContext): string {
  return `${userContext(ctx)}/events('${encodeURIComponent(ctx.params.id)}')/attachments`;
}

/** calendarColor (resources/calendar). */
const CALENDAR_COLORS = ['auto', 'lightBlue', 'lightGreen', 'lightOrange', 'lightGray', 'lightYellow', 'lightTeal', 'lightPink', 'lightBrown', 'lightRed', 'maxColor'];

// ---- routes -----------------------------------------------------------------------------------------------------

const EVENT_PARENTS = ['', 'calendar/', 'calendars/{calendar}/'];

function eventRoutes(): RouteDef[] {
  return EVENT_PARENTS.flatMap((parent): RouteDef[] => [
    { name: 'listEvents', method: 'GET', path: `${parent}events`, handler: listEvents },
    { name: 'createEvent', method: 'POST', path: `${parent}events`, handler: createEvent },
    { name: 'getEvent', method: 'GET', path: `${parent}events/{id}`, handler: getEvent },
    { name: 'updateEvent', method: 'PATCH', path: `${parent}events/{id}`, handler: updateEvent },
    { name: 'deleteEvent', method: 'DELETE', path: `${parent}events/{id}`, handler: deleteEvent },
    { name: 'eventInstances', method: 'GET', path: `${parent}events/{id}/instances`, handler: eventInstances },
    { name: 'acceptEvent', method: 'POST', path: `${parent}events/{id}/accept`, handler: respond('accepted') },
    { name: 'declineEvent', method: 'POST', path: `${parent}events/{id}/decline`, handler: respond('declined') },
    { name: 'tentativelyAcceptEvent', method: 'POST', path: `${parent}events/{id}/tentativelyAccept`, handler: respond('tentativelyAccepted') },
    { name: 'cancelEvent', method: 'POST', path: `${parent}events/{id}/cancel`, handler: cancelEvent },
    { name: 'listEventAttachments', method: 'GET', path: `${parent}events/{id}/attachments`, handler: (ctx) => listEventAttachments(ctx, resolveEvent(ctx), attachmentsContext(ctx)) },
    { name: 'addEventAttachment', method: 'POST', path: `${parent}events/{id}/attachments`, handler: (ctx) => postEventAttachment(ctx, resolveEvent(ctx), attachmentsContext(ctx)) },
    { name: 'eventAttachmentValue', method: 'GET', path: `${parent}events/{id}/attachments/{attachment}/$value`, handler: (ctx) => eventAttachmentValue(ctx, resolveEvent(ctx)) },
    { name: 'forwardEvent', method: 'POST', path: `${parent}events/{id}/forward`, handler: forwardEvent },
    { name: 'calendarView', method: 'GET', path: `${parent}calendarView`, handler: (ctx) => calendarView(ctx, calendarOf(ctx), eventsContext(ctx, calendarOf(ctx), 'calendarView')) },
    { name: 'calendarViewDelta', method: 'GET', path: `${parent}calendarView/delta`, handler: (ctx) => calendarViewDelta(ctx, calendarOf(ctx)) },
  ]);
}

export const calendarRoutes: RouteModule = {
  name: 'calendar',
  routes: [
    { name: 'listCalendars', method: 'GET', path: 'calendars', handler: listCalendars },
    { name: 'createCalendar', method: 'POST', path: 'calendars', handler: createCalendar },
    { name: 'getCalendar', method: 'GET', path: 'calendars/{calendar}', handler: getCalendar },
    { name: 'updateCalendar', method: 'PATCH', path: 'calendars/{calendar}', handler: updateCalendar },
    { name: 'deleteCalendar', method: 'DELETE', path: 'calendars/{calendar}', handler: deleteCalendar },
    { name: 'getCalendar', method: 'GET', path: 'calendar', handler: getCalendar },
    ...eventRoutes(),
    { name: 'getSchedule', method: 'POST', path: 'calendar/getSchedule', handler: getSchedule },
    { name: 'findMeetingTimes', method: 'POST', path: 'findMeetingTimes', handler: findMeetingTimes },
  ],
};
