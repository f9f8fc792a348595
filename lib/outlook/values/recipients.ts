/** E-mail recipients and attendees from text (`a@x.com, "Doe, Jane" <j@x.com>`), lists or objects. */
import { ConfigurationError } from '../errors';
import type { EmailAddress, Recipient } from '../types';
import { emailAddress, firstGiven, isRecord, nested, optionalString, requiredString } from './text';

/**
 * Recipients from `a@x.com, "Doe, Jane" <j@x.com>; b@y.com`, from an array of such strings, or from objects
 * `{address, name}` / `{emailAddress: {address, name}}`. Every address is validated; duplicates are dropped.
 */
export function toRecipients(value: unknown, field: string): Recipient[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  const out: Recipient[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const where = items.length > 1 ? nested(field, `[${i}]`) : field;
    for (const address of recipientItem(item, where)) {
      const key = address.address.toLowerCase();
      if (!seen.has(key)) out.push({ emailAddress: address });
      seen.add(key);
    }
  });
  return out;
}

function recipientItem(item: unknown, field: string): EmailAddress[] {
  if (typeof item === 'string') return splitAddressList(item).map((token) => parseMailbox(token, field));
  if (isRecord(item)) {
    const inner = isRecord(item.emailAddress) ? item.emailAddress : item;
    const address = requiredString(firstGiven(inner.address, inner.email), nested(field, '.address'), 320);
    const name = optionalString(inner.name, nested(field, '.name'), 255);
    return [{ address: emailAddress(address, field), ...(name ? { name } : {}) }];
  }
  throw new ConfigurationError(field, 'must be an e-mail address, a list of them, or {address, name} objects');
}

/** Splits on `,`, `;` and new lines outside double quotes and angle brackets. */
export function splitAddressList(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of text) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (!quoted && !angle && (ch === ',' || ch === ';' || ch === '\n')) {
      tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  tokens.push(current);
  return tokens.map((t) => t.trim()).filter((t) => t !== '');
}

function parseMailbox(token: string, field: string): EmailAddress {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(token);
  if (!m) return { address: emailAddress(token, field) };
  const name = m[1].trim().replace(/^"(.*)"$/, '$1').trim();
  return { address: emailAddress(m[2], field), ...(name ? { name } : {}) };
}
