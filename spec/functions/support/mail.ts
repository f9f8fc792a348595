/** Graph-shaped message bodies and environment handling for trigger specs. */
import { createHash } from 'crypto';

/** A long immutable-style id with the `=`, `-`, `_` and `/` characters real ids carry. */
export function messageId(n: number): string {
  return `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${createHash('sha1').update(String(n)).digest('base64').replace(/=+$/, '')}_x/y=AAA${n}=`;
}

export function graphMessage(n: number, lastModifiedDateTime: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const changeKey = `CQAAABYAAAD${n}`;
  return {
    '@odata.etag': `W/"${changeKey}"`,
    id: messageId(n),
    createdDateTime: lastModifiedDateTime,
    lastModifiedDateTime,
    changeKey,
    categories: [],
    receivedDateTime: lastModifiedDateTime,
    sentDateTime: lastModifiedDateTime,
    hasAttachments: false,
    internetMessageId: `<message-${n}@contoso.example>`,
    subject: `message ${n}`,
    bodyPreview: `body ${n}`,
    importance: 'normal',
    parentFolderId: 'AQMkADAwATM0MDAAMS0yMgA3MC1mZDkyLTAwAi0wMAoALgAAA14NR8zJ7GxJnz_INBOX',
    conversationId: `AAQkAGI2TG93AAA-conversation-${n}=`,
    conversationIndex: 'AQHZ',
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: false,
    isDraft: false,
    webLink: `https://outlook.office365.com/owa/?ItemID=${n}`,
    inferenceClassification: 'focused',
    body: { contentType: 'html', content: `<p>body ${n}</p>` },
    sender: { emailAddress: { name: 'Sender', address: 'sender@contoso.example' } },
    from: { emailAddress: { name: 'Sender', address: 'sender@contoso.example' } },
    toRecipients: [{ emailAddress: { name: 'Adele Vance', address: 'adele@contoso.example' } }],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
    ...extra,
  };
}

/** Sets environment variables for a suite and restores them afterwards. */
export function useEnv(values: Record<string, string | undefined>): void {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [key, value] of Object.entries(values)) {
      saved[key] = process.env[key];
      if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
  });
}
