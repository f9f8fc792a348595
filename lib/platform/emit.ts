/** Message construction for the platform: a fresh id per emit (the sailor de-duplicates in-flight ids). */
import { newMessageWithBody } from 'elasticio-node/lib/messages';

export interface OutMessage {
  id: string;
  body: unknown;
  headers: Record<string, unknown>;
  attachments: Record<string, unknown>;
}

export function newMessage(body: unknown): OutMessage {
  return newMessageWithBody(body);
}
