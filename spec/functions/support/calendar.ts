/** Changes to a sandbox calendar made the way a Graph client makes them (HTTP), for the calendar trigger specs. */
import type { Sandbox } from '../../../dev/sandbox';

export interface CalendarClient {
  create(event: Record<string, unknown>, calendarId?: string): Promise<Record<string, unknown>>;
  update(id: string, patch: Record<string, unknown>): Promise<Record<string, unknown>>;
  remove(id: string): Promise<void>;
}

export function calendarClient(sb: Sandbox): CalendarClient {
  async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${sb.url}/v1.0/me${path}`, {
      method, headers: { Authorization: `Bearer ${sb.issueToken().access_token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) as Record<string, unknown> : {};
  }
  return {
    create: (event, calendarId) => call('POST', calendarId ? `/calendars/${encodeURIComponent(calendarId)}/events` : '/events', event),
    update: (id, patch) => call('PATCH', `/events/${encodeURIComponent(id)}`, patch),
    remove: async (id) => { await call('DELETE', `/events/${encodeURIComponent(id)}`); },
  };
}

/** `{dateTime, timeZone}` for Graph. */
export function at(dateTime: string, timeZone = 'UTC'): { dateTime: string; timeZone: string } {
  return { dateTime, timeZone };
}

/** A one-hour event starting at `start` (UTC). */
export function meeting(subject: string, start: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const end = new Date(Date.parse(`${start}Z`) + 3_600_000).toISOString().slice(0, 19);
  return { subject, start: at(start), end: at(end), ...extra };
}
