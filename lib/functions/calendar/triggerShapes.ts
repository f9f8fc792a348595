/** Output shapes of the calendar triggers. */
import { bool, event, itemBody, list, obj, recipient, str, strings } from '../shapes';

export const polledEvent = obj('Event', {
  ...event.properties,
  changeKey: str('Change key'),
  type: str('Type', { enum: ['singleInstance', 'occurrence', 'exception', 'seriesMaster'] }),
  seriesMasterId: str('Series master ID'),
  isCancelled: bool('Cancelled'),
  organizer: recipient,
  categories: strings('Categories'),
  body: itemBody,
  responseStatus: obj('My response', { response: str('Response'), time: str('Time') }),
  originalStartTimeZone: str('Original start time zone'),
  locations: list('Locations', obj('Location', { displayName: str('Name') })),
  removed: bool('Removed (deleted, or no longer in the window)'),
  reason: str('Why it was removed'),
});

export const upcomingEvent = obj('Upcoming event', {
  ...event.properties,
  type: str('Type', { enum: ['singleInstance', 'occurrence', 'exception'] }),
  seriesMasterId: str('Series master ID'),
  organizer: recipient,
  categories: strings('Categories'),
  dueDateTime: str('When it starts, as an instant in UTC'),
});

/** An event as the calendar triggers emit it. */
export const EVENT_EXAMPLE = {
  id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=',
  lastModifiedDateTime: '2026-11-23T10:15:42.1234567Z', changeKey: 'ZlnW4RIAV06KYYwlrfNZvQAAKGWwbw==', type: 'singleInstance',
  subject: 'Quarterly review', start: { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-12-01T11:00:00.0000000', timeZone: 'Europe/Berlin' }, isAllDay: false, isCancelled: false,
  organizer: { emailAddress: { name: 'Adele Vance', address: 'adele.vance@contoso.onmicrosoft.com' } }, showAs: 'busy',
};
