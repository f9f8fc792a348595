/** Automatic replies (out of office): part of the mailbox settings (learn.microsoft.com/graph/api/resources/automaticrepliessetting). */
import type { GraphClient } from '../../graph/GraphClient';
import { mailboxRoot } from '../../graph/paths';
import type { DateTimeTimeZone } from '../types';
import { notDelegable } from './categories';

export type RepliesStatus = 'disabled' | 'alwaysEnabled' | 'scheduled';
export type ExternalAudience = 'none' | 'contactsOnly' | 'all';

export interface AutomaticReplies {
  status?: RepliesStatus;
  externalAudience?: ExternalAudience;
  internalReplyMessage?: string;
  externalReplyMessage?: string;
  scheduledStartDateTime?: DateTimeTimeZone;
  scheduledEndDateTime?: DateTimeTimeZone;
}

const WHAT = 'the automatic replies';

/** `GET /mailboxSettings/automaticRepliesSetting` (user-get-mailboxsettings). */
export async function getAutomaticReplies(client: GraphClient, mailbox?: string): Promise<Record<string, unknown>> {
  try {
    const { data } = await client.request<Record<string, unknown>>({ path: `${mailboxRoot(mailbox)}/mailboxSettings/automaticRepliesSetting` });
    return data;
  } catch (err) {
    throw notDelegable(err, mailbox, WHAT);
  }
}

/** `PATCH /mailboxSettings` with only the given parts of automaticRepliesSetting; Graph answers the updated setting. */
export async function setAutomaticReplies(client: GraphClient, mailbox: string | undefined, replies: AutomaticReplies): Promise<Record<string, unknown>> {
  try {
    const { data } = await client.request<{ automaticRepliesSetting?: Record<string, unknown> }>({
      method: 'PATCH', path: `${mailboxRoot(mailbox)}/mailboxSettings`, body: { automaticRepliesSetting: replies },
    });
    return data?.automaticRepliesSetting ?? {};
  } catch (err) {
    throw notDelegable(err, mailbox, WHAT);
  }
}
