/** Fields of the calendar triggers (New or Updated Events, Upcoming Events). */
import * as f from '../fields';

import type { FieldSpec } from '../../platform/params';

export const triggerCalendar: FieldSpec<string> = { ...f.calendar, help: 'The calendar to watch; empty: the default calendar' };

export const emitOccurrences = f.checkbox('Emit Occurrences', {
  help: 'Each occurrence of a recurring series within the window (calendarView delta), instead of the series master once per change',
});

export const windowDays = f.integer('Window (days)', {
  min: 1, max: 365, placeholder: '30',
  help: 'Emit Occurrences: occurrences from the start of today (UTC) to this many days ahead; the window moves on every day',
});

export const reportRemovals = f.checkbox('Report Cancelled and Deleted Events', {
  help: 'Emits cancelled events (isCancelled) and, with Emit Occurrences, {"id", "removed": true, "reason"} for events that left the window (deleted, or moved out of it)',
});

export const minutesBefore = f.integer('Minutes Before Start', {
  min: 1, max: 10_080, placeholder: '15', help: 'Emits each occurrence once it starts within this many minutes (1 to 10080)',
});
