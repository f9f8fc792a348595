/**
 * A definition's example, made runnable against a sandbox: the fields that name an Outlook item get a real one of
 * that kind (the example's ids exist in no mailbox), attachment URLs point at the sandbox's object storage. Feeds
 * the `npm start` tour and the runtime suite, so every registered function runs in both.
 */
import type { FunctionDefinition } from '../../lib/platform/definition';
import type { ItemKind, Param } from '../../lib/platform/params';
import type { Sandbox } from '../sandbox';

export interface Sample {
  config: Record<string, unknown>;
  input: Record<string, unknown>;
}

const WELL_KNOWN = /^(inbox|archive|drafts|sentitems|deleteditems|junkemail)$/i;

function realItem(kind: ItemKind, example: unknown, sb: Sandbox, key: string): unknown {
  switch (kind) {
    case 'message': return sb.store.addMessage('inbox', { subject: `Sample for ${key}`, isRead: false }).id;
    // A folder of the user's own: a fresh one, so that renaming, moving or deleting it leaves Outlook's folders alone.
    case 'mailFolder': return typeof example === 'string' && WELL_KNOWN.test(example) ? example : freshFolder(sb, key);
    case 'calendar': return sb.store.calendars().find((c) => c.isDefaultCalendar)?.id;
    case 'event': return sb.store.events()[0]?.id;
    // A contact and a contact folder of their own, so that changing or deleting them leaves the others alone.
    case 'contact': return sb.store.addContact({ givenName: 'Sample', surname: key, emailAddresses: [{ address: `sample.${key.toLowerCase()}@fabrikam.example`, name: `Sample ${key}` }] }).id;
    case 'contactFolder': return sb.store.createContactFolder(null, `Sample folder for ${key}`).id;
    case 'attachment': return undefined;
    case 'draft': return sb.store.addMessage('drafts', {
      subject: `Sample draft for ${key}`, isDraft: true, isRead: true, body: { contentType: 'text', content: 'A draft to work on.' },
      toRecipients: [{ emailAddress: { address: sb.user.mail, name: sb.user.displayName } }],
    }).id;
    case 'storedFile': {
      const objectId = sb.objects.put(Buffer.from(`Sample file for ${key}\n`), 'text/plain');
      return [{ name: 'sample.txt', url: `${sb.url}/objects/${objectId}`, contentType: 'text/plain' }];
    }
  }
}

let folders = 0;

function freshFolder(sb: Sandbox, key: string): string | undefined {
  folders += 1;
  return sb.store.createFolder(sb.store.folderId('inbox'), `Sample ${folders} for ${key}`).id;
}

function substitute(params: Array<[string, Param<unknown>]>, values: Record<string, unknown>, sb: Sandbox, key: (name: string, p: Param<unknown>) => string): Record<string, unknown> {
  const out = { ...values };
  for (const [name, param] of params) {
    const k = key(name, param);
    if (param.spec.refersTo === undefined || out[k] === undefined) continue;
    const real = realItem(param.spec.refersTo, out[k], sb, k);
    if (real === undefined) delete out[k]; else out[k] = real;
  }
  return out;
}

export function sampleOf(def: FunctionDefinition, sb: Sandbox): Sample {
  const params = Object.entries(def.params);
  return {
    config: substitute(params.filter(([, p]) => p.inConfig()), def.example.config ?? {}, sb, (n, p) => p.configKeyOf(n)),
    input: substitute(params.filter(([, p]) => p.inInput()), def.example.input ?? {}, sb, (n, p) => p.inputKeyOf(n)),
  };
}
