/**
 * The shared "Contoso Support" mailbox: support requests over the ten days before the clock, answers in Sent Items,
 * two custom folders, a few contacts and events. Drawn from its own PRNG so the signed-in user's demo data stays the
 * same for a seed.
 */
import { isoSeconds } from '../clock';
import type { Prng } from '../random';
import type { MessageInit } from '../types';
import type { Store } from './Store';

const DAY = 86_400_000;

const CUSTOMERS: Array<[string, string]> = [
  ['Grady Archie', 'grady@northwind.example'], ['Miriam Graham', 'miriam@adatum.example'],
  ["Patrick O'Brien", 'patrick.obrien@fabrikam.example'], ['Johanna Lorenz', 'j.lorenz@tailspin.example'],
  ['Pradeep Gupta', 'pradeep@litware.example'], ['Lidia Holloway', 'lidia@wingtip.example'],
];

const TOPICS = ['Cannot sign in', 'Invoice question', 'Order not delivered', 'Refund request', "Product doesn't start",
  'Change of address', 'Password reset', 'Feature request: dark mode', 'Warranty claim', 'Damaged package'];

const PLAN: Array<[string, number]> = [['inbox', 20], ['Escalations', 4], ['Resolved', 6], ['sentitems', 6]];

export function seedSharedDemo(store: Store, prng: Prng): void {
  const top = store.idOf('folder', store.topFolder);
  store.createFolder(top, 'Escalations');
  store.createFolder(top, 'Resolved');
  const now = Math.floor(store.clock.now() / 1000) * 1000;
  const planned: Array<{ folder: string; at: number; init: MessageInit }> = [];
  let ticket = 4100;
  for (const [folder, count] of PLAN) {
    for (let i = 0; i < count; i += 1) {
      const at = now - 60_000 - prng.int(10 * DAY);
      ticket += 1;
      planned.push({ folder, at, init: ticketMessage(store, prng, { folder, at, ticket }) });
    }
  }
  planned.sort((a, b) => a.at - b.at);
  for (const { folder, init } of planned) store.insertMessage(store.requireFolder(folder), init);
  seedSharedContacts(store, prng, now);
  seedSharedEvents(store, prng, now);
}

function ticketMessage(store: Store, prng: Prng, plan: { folder: string; at: number; ticket: number }): MessageInit {
  const support = { emailAddress: { name: store.user.displayName, address: store.user.mail } };
  const [name, address] = prng.pick(CUSTOMERS);
  const customer = { emailAddress: { name, address } };
  const outgoing = plan.folder === 'sentitems';
  const subject = `${outgoing ? 'RE: ' : ''}[#${plan.ticket}] ${prng.pick(TOPICS)}`;
  const text = outgoing ? `Hello ${name.split(' ')[0]}, thanks for reaching out. We're on it.` : `Hi team, ticket #${plan.ticket}: please help.`;
  return {
    subject,
    body: { contentType: 'html', content: `<html><body><p>${text.replace(/&/g, '&amp;')}</p></body></html>` },
    from: outgoing ? support : customer,
    sender: outgoing ? support : customer,
    toRecipients: [outgoing ? customer : support],
    isRead: outgoing || plan.folder === 'Resolved' || prng.chance(0.5),
    importance: plan.folder === 'Escalations' ? 'high' : 'normal',
    categories: plan.folder === 'Escalations' ? ['Red category'] : [],
    flag: plan.folder === 'Escalations' ? { flagStatus: 'flagged' } : { flagStatus: 'notFlagged' },
    receivedDateTime: isoSeconds(plan.at),
    sentDateTime: isoSeconds(plan.at - 2000),
    createdDateTime: isoSeconds(plan.at),
    lastModifiedDateTime: isoSeconds(plan.at),
  };
}

function seedSharedContacts(store: Store, prng: Prng, now: number): void {
  CUSTOMERS.slice(0, 4).forEach(([name, address], i) => {
    const [givenName, ...rest] = name.split(' ');
    const at = now - (10 - i) * DAY;
    store.insertContact(store.defaultContactFolder, {
      givenName, surname: rest.join(' '), displayName: name, emailAddresses: [{ name, address }],
      companyName: address.split('@')[1].split('.')[0], businessPhones: [`+1 425 555 02${10 + prng.int(80)}`],
      createdDateTime: isoSeconds(at), lastModifiedDateTime: isoSeconds(at),
    });
  });
}

function seedSharedEvents(store: Store, prng: Prng, now: number): void {
  const dayStart = Math.floor(now / DAY) * DAY;
  ['Support stand-up', 'Escalation review', 'Knowledge base clean-up'].forEach((subject, i) => {
    const start = dayStart + (i - 1) * DAY + (9 + prng.int(6)) * 3_600_000;
    store.insertEvent({
      subject,
      start: { dateTime: new Date(start).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
      end: { dateTime: new Date(start + 3_600_000).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
      showAs: 'busy',
    });
  });
}
