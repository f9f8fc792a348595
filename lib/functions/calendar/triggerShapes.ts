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
