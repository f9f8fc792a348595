/** Shared ids and paths of the event action specs. */
import nock from 'nock';
import { GRAPH } from '../support/actions';

/** A realistic event id: long, with `-`, `_` and `=`, which must travel percent-encoded as one path segment. */
export const EVENT_ID = 'AAMkAGI2TG93AAA-event_1/x==';
export const SERIES_ID = 'AAMkAGI2TG93AAA-series_9==';
export const OCCURRENCE_ID = 'AAMkAGI2TG93AAA-occurrence_7==';
export const EVENT_PATH = `/v1.0/me/events/${encodeURIComponent(EVENT_ID)}`;
export const SERIES_PATH = `/v1.0/me/events/${encodeURIComponent(SERIES_ID)}`;
export const OCCURRENCE_PATH = `/v1.0/me/events/${encodeURIComponent(OCCURRENCE_ID)}`;

/**
 * The instances of SERIES_ID as Graph lists them: weekly on Tuesday 09:00 Berlin time, one of them (2026-12-08)
 * moved to 11:00 (an exception), their originalStart in UTC.
 */
export function seriesInstances(): nock.Scope {
  return nock(GRAPH).get(`${SERIES_PATH}/instances`).query((q) => typeof q.startDateTime === 'string' && typeof q.endDateTime === 'string').reply(200, {
    value: [
      { id: 'occ-1', type: 'occurrence', originalStart: '2026-12-01T08:00:00Z', start: { dateTime: '2026-12-01T08:00:00.0000000', timeZone: 'UTC' } },
      { id: OCCURRENCE_ID, type: 'exception', originalStart: '2026-12-08T08:00:00Z', start: { dateTime: '2026-12-08T10:00:00.0000000', timeZone: 'UTC' } },
      { id: 'occ-3', type: 'occurrence', originalStart: '2026-12-15T08:00:00Z', start: { dateTime: '2026-12-15T08:00:00.0000000', timeZone: 'UTC' } },
    ],
  });
}

/** 09:00 to 10:00 UTC on a day of December 2026, as the sandbox's store takes an event's start and end. */
export function hourOn(day: number): { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } } {
  const date = `2026-12-${String(day).padStart(2, '0')}`;
  return { start: { dateTime: `${date}T09:00:00.0000000`, timeZone: 'UTC' }, end: { dateTime: `${date}T10:00:00.0000000`, timeZone: 'UTC' } };
}
