/** Output shapes used only by the mail functions. */
import { list, message, num, obj, str, storedFile } from '../shapes';

/** A message read in full (Get Message): the listed properties, its body, and what was stored for it. */
export const fullMessage = obj('Message', {
  ...message.properties,
  createdDateTime: str('Created'),
  conversationIndex: str('Conversation index'),
  inferenceClassification: str('Focused or other', { enum: ['focused', 'other'] }),
  attachments: list('Attachments (with Include Attachments)', storedFile),
  mime: { ...storedFile, title: 'Raw MIME, .eml (with Include MIME)' },
  copies: num('Messages with this Internet Message-ID (when found by it)'),
});
