/** Events and calendars. */
import type { GraphClient } from '../../graph/GraphClient';
import { items } from '../../graph/paginate';
import { mailboxRoot, segment } from '../../graph/paths';
import { explained, mailboxLabel } from '../errors';
import type { EventPayload } from './payloads';

export interface EventRecord { id: string; [property: string]: unknown }

export function preferZone(zone?: string): Record<string, string> | undefined {
  return zone ? { Prefer: `outlook.timezone="${zone}"` } : undefined;
}

/**
 * `POST /events` (default calendar) or `/calendars/{id}/events` → 201 with the event. With a transactionId Graph
 * recognises a repeated POST of the same event, so only then may the transport retry it after a timeout.
 */
export async function createEvent(client: GraphClient, req: { mailbox?: string; calendarId?: string; event: EventPayload; outputTimeZone?: string }): Promise<EventRecord> {
  const root = mailboxRoot(req.mailbox);
  const path = req.calendarId ? `${root}/calendars/${segment(req.calendarId, 'calendarId')}/events` : `${root}/events`;
  try {
    const { data } = await client.request<EventRecord>({
      method: 'POST', path, body: req.event, headers: preferZone(req.outputTimeZone), idempotent: req.event.transactionId !== undefined,
    });
    if (typeof data?.id !== 'string') throw new Error('Graph created the event but returned no id');
    return data;
  } catch (err) {
    if (!req.calendarId) throw err;
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Calendar "${req.calendarId}" not found in mailbox ${mailboxLabel(req.mailbox)}`);
  }
}

export interface CalendarRecord { id: string; name?: string; isDefaultCalendar?: boolean; canEdit?: boolean }

export async function listCalendars(client: GraphClient, mailbox?: string): Promise<CalendarRecord[]> {
  const out: CalendarRecord[] = [];
  const query = { $select: 'id,name,isDefaultCalendar,canEdit', $top: 100 };
  for await (const c of items<CalendarRecord>(client, { path: `${mailboxRoot(mailbox)}/calendars`, query })) out.push(c);
  return out;
}

/** The SMTP address of the mailbox (getSchedule needs addresses, not `/me`). */
export async function mailboxAddress(client: GraphClient, mailbox?: string): Promise<string> {
  const me = await client.get<{ mail?: string | null; userPrincipalName?: string }>(mailboxRoot(mailbox), { $select: 'mail,userPrincipalName' });
  const address = me?.mail || me?.userPrincipalName;
  if (!address) throw new Error(`Could not determine the e-mail address of mailbox ${mailboxLabel(mailbox)}`);
  return address;
}
