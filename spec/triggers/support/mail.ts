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
    subject: `message ${n}`,
    isRead: false,
    hasAttachments: false,
    body: { contentType: 'html', content: `<p>body ${n}</p>` },
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
