/** Properties of a compact bulk message, derived from its index so 100,000 of them cost no stored strings. */
import type { StoreUser } from './Store';

const SENDERS = [
  ['Build Bot', 'builds@ci.contoso.example'], ['Monitoring', 'alerts@monitor.contoso.example'],
  ['Orders', 'orders@shop.fabrikam.example'], ['Newsletter', 'news@letters.northwind.example'],
  ['Ticket System', 'support@helpdesk.contoso.example'],
] as const;
const TOPICS = ['Build succeeded', 'Disk usage warning', 'Order confirmation', 'Weekly digest', 'Ticket updated'];

const FILLER = 'The nightly report lists every job, its duration and its outcome; nothing needs your attention today. ';

/** A text body of about `bytes` bytes (the benchmarks' message sizes), the same for the same index. */
function bodyText(index: number, bytes: number | undefined): string {
  const line = `Automated message ${index + 1}.`;
  if (bytes === undefined || bytes <= line.length) return line;
  return `${line} ${FILLER.repeat(Math.ceil(bytes / FILLER.length))}`.slice(0, bytes);
}

export function bulkProps(index: number, user: StoreUser, bodyBytes?: number): Record<string, unknown> {
  const [name, address] = SENDERS[index % SENDERS.length];
  const sender = { emailAddress: { name, address } };
  return {
    categories: [],
    internetMessageId: `<bulk-${index}@sandbox.example>`,
    subject: `${TOPICS[index % TOPICS.length]} #${index + 1}`,
    importance: 'normal',
    isDeliveryReceiptRequested: null,
    isReadReceiptRequested: false,
    isRead: false,
    isDraft: false,
    inferenceClassification: 'other',
    body: { contentType: 'text', content: bodyText(index, bodyBytes) },
    sender,
    from: sender,
    toRecipients: [{ emailAddress: { name: user.displayName, address: user.mail } }],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
    conversationId: `AAQkADbulk${String(index).padStart(8, '0')}=`,
  };
}
