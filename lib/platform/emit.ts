/** Message construction for the platform: a fresh id per emit (the sailor de-duplicates in-flight ids). */
import { randomUUID } from 'crypto';
import type { ComponentContext } from './context';

export interface OutMessage {
  id: string;
  body: unknown;
  headers: Record<string, unknown>;
  attachments: Record<string, unknown>;
}

export function newMessage(body: unknown): OutMessage {
  return { id: randomUUID(), body, headers: {}, attachments: {} };
}

export async function emitData(ctx: ComponentContext, body: unknown): Promise<void> {
  await ctx.emit('data', newMessage(body));
}
