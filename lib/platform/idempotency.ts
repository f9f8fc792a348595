/** Keys that make a redelivered message produce the same write, so Graph can recognise the repeat. */
import { createHash } from 'crypto';
import type { Message } from './context';
import { settings } from './settings';

/**
 * A stable key for "this step handling this message": the platform redelivers a message with the same id (rebound,
 * restart before the ack), while two steps fed the same message have different step ids and so different keys.
 */
export function messageKey(msg: Pick<Message, 'id'>, prefix = 'eio'): string | undefined {
  if (typeof msg.id !== 'string' || msg.id === '') return undefined;
  const step = settings().stepId ?? '';
  return `${prefix}-${createHash('sha256').update(`${step}\u0000${msg.id}`).digest('hex').slice(0, 32)}`;
}
