/** Create Category: adds a category with a colour to the mailbox's category list; an existing one is returned. */
import { createCategory } from '../../outlook/mail/categories';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAILBOX_SETTINGS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import * as m from './fields';
import { category } from './shapes';

const definition = defineAction({
  key: 'createCategory',
  title: 'Create Category',
  description: 'Adds a category with a colour to the mailbox\'s category list, from which messages are categorised',
  help: 'Adds Category Name with a colour to the category list (Outlook\'s "Categorize" menu). Names are unique: a category of that name is '
    + 'emitted as it is, with created = false. Graph offers the category list of the signed-in user\'s own mailbox only',
  docs: ['https://learn.microsoft.com/graph/api/outlookuser-post-mastercategories', 'https://learn.microsoft.com/graph/api/resources/outlookcategory'],
  permissions: [MAILBOX_SETTINGS_WRITE],
  params: {
    displayName: place(m.categoryName, 'input').required(),
    color: place(m.categoryColor, 'both').withDefault('none'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: category,
  example: { input: { displayName: 'Invoices', color: 'preset4' }, output: { id: 'bac262b7-485d-4739-b436-e31467d64fac', displayName: 'Invoices', color: 'preset4', created: true } },
  async run({ values: v, client, log, out }) {
    const created = await createCategory(client, { mailbox: v.mailbox, displayName: v.displayName, color: v.color });
    log.info(created.created ? 'Category created' : 'The category existed already');
    await out.item(created);
  },
});

export = functionModule(definition, PICKERS);
