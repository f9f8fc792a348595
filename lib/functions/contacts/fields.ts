/** The properties of a contact as the contact actions take them: Graph's names, plus plain-text shortcuts. */
import { ConfigurationError } from '../../outlook/errors';
import { dropUndefined } from '../../outlook/items';
import { toRecipients } from '../../outlook/values/recipients';
import { fields as objectOf, isRecord, nested, optionalString } from '../../outlook/values/text';
import { Values, place } from '../../platform/params';
import type { FieldSpec } from '../../platform/params';
import * as f from '../fields';

const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'countryOrRegion'] as const;

/** A postal address: `{street, city, state, postalCode, countryOrRegion}`, each text. */
function postal(label: string): FieldSpec<Record<string, string>> {
  return f.shaped(label, { type: 'object' }, (v, name) => {
    if (v === undefined || v === null || v === '') return undefined;
    const given = objectOf(v, name);
    const unknown = Object.keys(given).filter((k) => !(ADDRESS_PARTS as readonly string[]).includes(k));
    if (unknown.length) throw new ConfigurationError(name, `has ${unknown.join(', ')}; an address has ${ADDRESS_PARTS.join(', ')}`);
    const out: Record<string, string> = {};
    for (const part of ADDRESS_PARTS) {
      const value = optionalString(given[part], nested(name, `.${part}`), 255);
      if (value !== undefined) out[part] = value;
    }
    return out;
  }, { help: '{street, city, state, postalCode, countryOrRegion}', invalid: { planet: 'Mars' } });
}

/** E-mail addresses as Graph keeps them on a contact: `[{address, name}]`, from text, a list or objects. */
export const emailAddresses: FieldSpec<Array<{ address: string; name?: string }>> = f.shaped('E-mail Addresses', { type: 'array' }, (v, name) => {
  const list = toRecipients(v, name).map((r) => r.emailAddress);
  return list.length ? list : undefined;
}, { help: 'Addresses separated by , or ; ("Ann Lee <ann@contoso.com>"), or [{address, name}]', invalid: 'not an address' });

const birthday = f.shaped('Birthday', { type: 'string' }, (v, name) => {
  const text = optionalString(v, name, 40);
  if (text === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(T00:00(:00(\.0+)?)?(Z|[+-]00:00)?)?$/.exec(text);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !day || day.getUTCDate() !== Number(m[3]) || day.getUTCMonth() !== Number(m[2]) - 1) {
    throw new ConfigurationError(name, `"${text}" is not a date (YYYY-MM-DD)`);
  }
  // Graph keeps a birthday as midnight UTC of its day.
  return `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`;
}, { help: 'A date, YYYY-MM-DD', invalid: '1990-02-30' });

const name = (label: string, max = 255) => f.text(label, { max });

/** Every writable contact property an action takes, each from the incoming message. */
export const contactParams = {
  givenName: place(name('Given Name'), 'input'),
  surname: place(name('Surname'), 'input'),
  middleName: place(name('Middle Name'), 'input'),
  displayName: place(name('Display Name', 512), 'input'),
  nickName: place(name('Nickname'), 'input'),
  title: place(name('Title (Mr., Dr., …)'), 'input'),
  fileAs: place(name('File As'), 'input'),
  emailAddresses: place(emailAddresses, 'input').keys({ aliases: ['emails'] }),
  email: place(f.recipients('E-mail', { help: 'Shortcut: one address (or several, separated by ,), added to E-mail Addresses' }), 'input'),
  companyName: place(name('Company'), 'input'),
  jobTitle: place(name('Job Title'), 'input'),
  department: place(name('Department'), 'input'),
  officeLocation: place(name('Office'), 'input'),
  manager: place(name('Manager'), 'input'),
  assistantName: place(name('Assistant'), 'input'),
  businessPhones: place(f.list('Business Phones', { help: 'Separated by , or ;, or a list' }), 'input').keys({ aliases: ['phone'] }),
  homePhones: place(f.list('Home Phones', { help: 'Separated by , or ;, or a list' }), 'input'),
  mobilePhone: place(name('Mobile Phone'), 'input'),
  businessAddress: place(postal('Business Address'), 'input'),
  homeAddress: place(postal('Home Address'), 'input'),
  otherAddress: place(postal('Other Address'), 'input'),
  businessHomePage: place(name('Business Home Page', 2048), 'input'),
  imAddresses: place(f.list('IM Addresses'), 'input'),
  birthday: place(birthday, 'input'),
  personalNotes: place(f.text('Notes', { max: 32_000 }), 'input'),
  categories: place(f.list('Categories', { help: 'Category names, separated by , or ;' }), 'input'),
};

type ContactValues = Values<typeof contactParams>;

/** The Graph body of the properties given: exactly those, the E-mail shortcut merged into emailAddresses. */
export function contactBody(v: ContactValues): Record<string, unknown> {
  const { email, ...props } = v;
  let addresses = props.emailAddresses;
  if (email !== undefined) {
    const merged = [...(addresses ?? [])];
    for (const r of email) if (!merged.some((a) => a.address.toLowerCase() === r.emailAddress.address.toLowerCase())) merged.push(r.emailAddress);
    addresses = merged;
  }
  return dropUndefined({ ...props, emailAddresses: addresses });
}

/** The first e-mail address the input gives (E-mail first, then E-mail Addresses), if any. */
export function firstAddress(v: ContactValues): string | undefined {
  return v.email?.[0]?.emailAddress.address ?? v.emailAddresses?.[0]?.address;
}

export function isContactRecord(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.id === 'string';
}
