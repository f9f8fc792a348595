/**
 * Recognising a mail an earlier delivery of the same input already sent. Before it is sent, the mail carries a
 * single-value extended property whose value is a key of the flow step and the incoming message; a redelivery looks
 * for it, mailbox-wide, and finds the copy in Sent Items (or an unfinished draft). Microsoft's own advice for finding
 * a sent mail (microsoftgraph/microsoft-graph-docs#3766); the filter is documented in singlevaluelegacyextendedproperty-get.
 */
import type { GraphClient } from '../../graph/GraphClient';
import { extendedPropertyFilter } from '../../graph/odata';
import type { TransportLogger } from '../../graph/types';
import { GraphError } from '../../graph/errors';
import { mailboxRoot, segment } from '../../graph/paths';
import type { MessageRecord } from './messages';

// Two fixed named properties, the key in their value: MAPI named properties are a finite resource of each mailbox
// (extended-properties-overview), so a name per key would exhaust it.
const NAMESPACE = '{8d2f6c1e-4b7a-4e0f-9c35-6a1d2e9b7f40}';
/** On a mail about to be sent (Send Mail, Reply, Forward, Send Draft): written before the send. */
export const SEND_KEY = `String ${NAMESPACE} Name OutlookComponentSendKey`;
/** On a draft kept by Create Draft, or Reply and Forward with Save as Draft: written once the draft is complete. */
export const DRAFT_KEY = `String ${NAMESPACE} Name OutlookComponentDraftKey`;

export type MarkKind = typeof SEND_KEY | typeof DRAFT_KEY;

/** The body fragment that marks a message. */
export function mark(kind: MarkKind, key: string): { singleValueExtendedProperties: Array<{ id: string; value: string }> } {
  return { singleValueExtendedProperties: [{ id: kind, value: key }] };
}

/** What the output of a send is rebuilt from; the same for the draft and for its copy in Sent Items. */
const FOUND_FIELDS = ['id', 'isDraft', 'subject', 'toRecipients', 'ccRecipients', 'bccRecipients', 'conversationId', 'parentFolderId'];

export interface Earlier {
  /** A mail the earlier delivery sent (not a draft any more). */
  sent?: MessageRecord;
  /** Drafts carrying the mark: unfinished sends, or a kept draft. */
  drafts: MessageRecord[];
}

/** Messages of the mailbox carrying the mark with this key. A failure here fails the execution: nothing is sent blind. */
export async function findMarked(client: GraphClient, req: { mailbox?: string; kind: MarkKind; key: string }): Promise<Earlier> {
  const { data } = await client.request<{ value?: MessageRecord[] }>({
    path: `${mailboxRoot(req.mailbox)}/messages`,
    query: { $filter: extendedPropertyFilter(req.kind, req.key), $select: FOUND_FIELDS.join(','), $top: 10 },
  });
  const items = Array.isArray(data?.value) ? data.value.filter((m) => typeof m?.id === 'string') : [];
  return { sent: items.find((m) => m.isDraft === false), drafts: items.filter((m) => m.isDraft === true) };
}

/**
 * Deletes drafts an earlier delivery left unsent (it failed or was killed before its send): the mail is built again.
 * One already gone is fine.
 */
export async function discardUnsent(client: GraphClient, req: { mailbox?: string; drafts: MessageRecord[]; logger: TransportLogger }): Promise<void> {
  for (const draft of req.drafts) {
    try {
      await client.request({ method: 'DELETE', path: `${mailboxRoot(req.mailbox)}/messages/${segment(draft.id)}` });
      req.logger.info('Deleted an unsent draft an earlier delivery of this message left behind');
    } catch (err) {
      if (!(err instanceof GraphError && err.status === 404)) throw err;
    }
  }
}
