/** Create Draft: a new message in Drafts, with attachments of any size, to be updated or sent later. */
import { ConfigurationError } from '../../outlook/errors';
import { withoutODataKeys } from '../../outlook/items';
import { createMessageDraft, getMessage } from '../../outlook/mail/drafts';
import { composeMessage } from '../../outlook/mail/payloads';
import { MAX_MESSAGE_BYTES, checkAttachmentSizes, checkBodySize } from '../../outlook/mail/send';
import { DRAFT_KEY, findMarked, mark } from '../../outlook/mail/sendOnce';
import { downloadAttachments } from '../../platform/attachments/download';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { messageKey } from '../../platform/idempotency';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import * as mf from './fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, message } from '../shapes';

const definition = defineAction({
  key: 'createDraft',
  title: 'Create Draft',
  description: 'Creates a draft in Drafts with recipients, body, custom headers and attachments of any size up to 150 MB',
  help: 'Writes a new message to Drafts without sending it; its id feeds Update Draft, Add Draft Attachment and Send Draft. '
    + 'Recipients may be left for later. List drafts with Get Messages on the folder drafts',
  docs: ['https://learn.microsoft.com/graph/api/user-post-messages', 'https://learn.microsoft.com/graph/outlook-large-attachments'],
  permissions: [MAIL_WRITE],
  params: {
    ...mf.composition,
    mailbox: place(f.mailbox, 'both'),
  },
  output: message,
  example: {
    input: { to: 'Megan Bowen <megan@contoso.com>', subject: 'Offer 2027', body: '<p>Draft for review.</p>', contentType: 'html',
      attachments: [{ name: 'offer.pdf', url: 'https://maester.example.io/objects/2b8a…?storage_type=maester', contentType: 'application/pdf' }] },
    output: {
      id: MESSAGE_EXAMPLE.id, subject: 'Offer 2027', isDraft: true, isRead: true, hasAttachments: true, importance: 'normal',
      from: { emailAddress: { name: 'Adele Vance', address: 'adele.vance@contoso.onmicrosoft.com' } },
      toRecipients: [{ emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.com' } }], ccRecipients: [], bccRecipients: [],
      body: { contentType: 'html', content: '<p>Draft for review.</p>' }, webLink: MESSAGE_EXAMPLE.webLink,
    },
  },
  async run({ values: v, client, log, out, field, messageId }) {
    if (v.from && v.from.length > 1) throw new ConfigurationError(field('from'), 'must be a single address');
    const draft = composeMessage(v);
    checkBodySize(draft.body?.content, field('body'));
    const refs = v.attachments ?? [];
    checkAttachmentSizes(refs, field('attachments'));
    const key = messageKey({ id: messageId });
    const earlier = key ? await findMarked(client, { mailbox: v.mailbox, kind: DRAFT_KEY, key }) : undefined;
    const kept = earlier?.drafts[0] ?? earlier?.sent;
    if (kept) {
      log.info('An earlier delivery of this message already created this draft; emitting it, not creating another');
      await out.item(withoutODataKeys(await getMessage(client, { mailbox: v.mailbox, messageId: kept.id })));
      return;
    }
    log.info(`Creating a draft with ${refs.length} attachments`);
    const downloads = await downloadAttachments(refs, { maxFileBytes: MAX_MESSAGE_BYTES, maxTotalBytes: MAX_MESSAGE_BYTES }, log);
    try {
      const created = await createMessageDraft(client, {
        mailbox: v.mailbox, message: draft, files: downloads.files, logger: log, properties: key ? mark(DRAFT_KEY, key) : undefined,
      });
      await out.item(withoutODataKeys(created));
    } finally {
      await downloads.cleanup();
    }
  },
});

export = functionModule(definition, PICKERS);
