/** startSandbox(): composes the store, identity, faults, routes and the HTTP server. */
import { BehaviourKnobs } from './behaviour';
import { manualClock, realClock } from './clock';
import type { DirectoryUser, InProcessRequest, ModelledMailbox, SandboxCore } from './core';
import { FaultEngine } from './faults';
import { Pipeline, newRequestId } from './http/pipeline';
import { SandboxRequest, headerMap, splitTarget } from './http/request';
import { Router } from './http/router';
import { listen } from './http/server';
import { ObjectStore } from './objects';
import { Prng, mix32 } from './random';
import { modules } from './routes';
import { subscriptionHub } from './notifications';
import { seedDemo } from './store/demo';
import { seedSharedDemo } from './store/sharedDemo';
import { Store, StoreOptions } from './store/Store';
import { registerCore } from './testing';
import { TokenService } from './tokens';
import type { MailboxStore, RecordedRequest, Sandbox, SandboxOptions, SandboxUser } from './types';

export { manualClock };

const TENANT_DOMAIN = 'contoso.onmicrosoft.com';

function directoryUser(id: string, name: [string, string], login: string, jobTitle: string, mailbox: DirectoryUser['mailbox']): DirectoryUser {
  const [given, surname] = name;
  return {
    id, displayName: `${given} ${surname}`, givenName: given, surname, jobTitle,
    userPrincipalName: `${login}@${TENANT_DOMAIN}`, mail: `${login}@${TENANT_DOMAIN}`, officeLocation: '18/2111',
    mobilePhone: null, businessPhones: ['+1 425 555 0109'], preferredLanguage: 'en-US', mailbox,
  };
}

function directory(prng: Prng, seed: number): DirectoryUser[] {
  const people = [
    directoryUser(prng.uuid(), ['Adele', 'Vance'], 'adele.vance', 'Retail Manager', 'exchangeOnline'),
    directoryUser(prng.uuid(), ['Alex', 'Wilber'], 'alex.wilber', 'Marketing Assistant', 'exchangeOnline'),
    directoryUser(prng.uuid(), ['Pat', 'Onprem'], 'pat.onprem', 'Engineer', 'onPremises'),
  ];
  // Its own PRNG: drawing from `prng` would shift every value derived after the directory (tenant, client, secrets).
  const support = directoryUser(new Prng(seed ^ SHARED_SALT).uuid(), ['Contoso', 'Support'], 'support', 'Shared mailbox', 'exchangeOnline');
  return [...people, { ...support, shared: true }];
}

const SHARED_SALT = 0x53505054;

function publicUser(user: DirectoryUser): SandboxUser {
  return { id: user.id, userPrincipalName: user.userPrincipalName, mail: user.mail, displayName: user.displayName };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? realClock();
  const prng = new Prng(seed);
  const users = directory(prng, seed);
  const me = users[0];
  const sharedUser = users.find((u) => u.shared) as DirectoryUser;
  const behaviour = new BehaviourKnobs(options.graphBehaviour);
  const tenantId = prng.uuid();
  const clientId = prng.uuid();
  // Derived from the seed so a `.env` written for `npm run sandbox -- --seed N` keeps working across restarts.
  const clientSecret = `sbx8Q~${prng.bytes(27).toString('base64').replace(/[+/=]/g, '')}`;
  const objectStorageToken = prng.bytes(24).toString('hex');
  const faults = new FaultEngine();
  const storeOptions = { clock, visibilityLag: () => faults.visibilityLag(), readChangesLastModified: () => behaviour.current().readChangesLastModified };
  const mailboxes = createMailboxes(options, [me, sharedUser], storeOptions);
  const { store } = mailboxes[0];
  const tokens = new TokenService({
    identity: { tenantId, clientId, clientSecret, userId: me.id, userPrincipalName: me.userPrincipalName, displayName: me.displayName, tenantDomain: TENANT_DOMAIN },
    clock, ttlSeconds: options.tokenTtlSeconds ?? 3600, maxRequests: options.tokenMaxRequests, account: () => behaviour.current().account,
  });
  const objects = new ObjectStore();
  const requests: RecordedRequest[] = [];
  const moduleState = new Map<string, unknown>();
  const stopHooks: Array<() => void | Promise<void>> = [];
  let url = '';

  const core: SandboxCore = {
    get url() { return url; },
    seed, clock, store, mailboxes, sharedUser, behaviour, tokens, faults, objects, objectStorageToken, users, me,
    findUser: (key) => {
      const lower = key.toLowerCase();
      // Personal Microsoft accounts have no shared mailboxes.
      const visible = behaviour.current().account === 'personal' ? users.filter((u) => !u.shared) : users;
      return visible.find((u) => u.id === lower || u.userPrincipalName.toLowerCase() === lower || u.mail.toLowerCase() === lower);
    },
    storeOf: (user) => mailboxes.find((m) => m.user === user)?.store,
    state: <T>(key: string, create: () => T): T => {
      if (!moduleState.has(key)) moduleState.set(key, create());
      return moduleState.get(key) as T;
    },
    onStop: (fn) => { stopHooks.push(fn); },
    dispatch: (req, dispatchOptions) => pipeline.dispatch(req, dispatchOptions),
    request: (init) => inProcessRequest(init, url),
    routeOf: (req) => {
      const resolved = pipeline.resolve(req);
      return resolved.kind === 'match'
        ? { name: resolved.match.route.name, faultClass: resolved.match.route.faultClass ?? 'graph' }
        : { name: resolved.route, faultClass: 'graph' };
    },
  };
  const pipeline = new Pipeline(() => core, new Router(modules));
  const server = await listen({ port: options.port ?? 0, pipeline, faults, requests, onRequest: options.onRequest, gzip: () => behaviour.current().gzip });
  url = server.url;

  const sandbox: Sandbox = {
    url, tenantId, clientId, clientSecret, objectStorageToken,
    user: publicUser(me),
    sharedMailbox: publicUser(sharedUser),
    graphBehaviour: behaviour,
    mailbox: (key) => publicMailbox(core, key),
    issueToken: (issueOptions) => tokens.issue(issueOptions?.scope),
    revokeRefreshToken: (refreshToken) => tokens.revoke(refreshToken),
    registerClientCertificate: (pem) => tokens.registerCertificate(pem),
    issueAuthorizationCode: (redirectUri) => tokens.issueCode(redirectUri),
    expireDeltaTokens: (folder) => store.expireDeltaTokens(folder),
    store, clock, faults, requests, objects,
    counters: () => pipeline.counters(),
    observe: (observer) => { pipeline.observers.add(observer); return () => { pipeline.observers.delete(observer); }; },
    subscriptions: () => subscriptionHub(core).api,
    stop: async () => {
      for (const hook of stopHooks.splice(0)) await hook();
      await server.close();
    },
  };
  registerCore(sandbox, core);
  return sandbox;
}

/** The signed-in user's mailbox (demo data, bulk messages) and the shared one, each with its own store. */
function createMailboxes(options: SandboxOptions, [me, sharedUser]: DirectoryUser[], storeOptions: Omit<StoreOptions, 'seed' | 'user'>): ModelledMailbox[] {
  const seed = options.seed ?? 1;
  const store = new Store({ ...storeOptions, seed, user: me });
  if (options.demo ?? true) seedDemo(store, new Prng(seed ^ 0x1234567));
  if (options.bulk) store.insertBulk(store.requireFolder(options.bulk.folder), options.bulk.count, options.bulk.bodyBytes);
  // Its own id codec and changeKey salt: ids of one mailbox are not valid in another.
  const sharedStore = new Store({ ...storeOptions, seed: mix32(seed ^ SHARED_SALT), user: sharedUser });
  if (options.demo ?? true) seedSharedDemo(sharedStore, new Prng(seed ^ SHARED_SALT ^ 0x1234567));
  return [{ user: me, store }, { user: sharedUser, store: sharedStore }];
}

function publicMailbox(core: SandboxCore, key: string): { user: SandboxUser; store: MailboxStore } {
  const lower = key.toLowerCase();
  const found = core.mailboxes.find(({ user }) => [user.id, user.userPrincipalName.toLowerCase(), user.mail.toLowerCase()].includes(lower));
  if (!found) throw new Error(`No modelled mailbox for "${key}": only ${core.mailboxes.map((m) => m.user.userPrincipalName).join(' and ')}`);
  return { user: publicUser(found.user), store: found.store };
}

function inProcessRequest(init: InProcessRequest, base: string): SandboxRequest {
  let target = init.url.startsWith(base) ? init.url.slice(base.length) : init.url;
  if (!target.startsWith('/v1.0/') && !/^https?:/.test(target)) target = `/v1.0${target.startsWith('/') ? '' : '/'}${target}`;
  const headers = headerMap(init.headers ?? {});
  let body: Buffer = Buffer.alloc(0);
  if (Buffer.isBuffer(init.body)) body = init.body;
  else if (init.body !== undefined) {
    body = Buffer.from(JSON.stringify(init.body));
    headers['content-type'] ??= 'application/json';
  }
  const requestId = newRequestId();
  return { requestId, clientRequestId: headers['client-request-id'] ?? requestId, method: init.method.toUpperCase(), headers, body, ...splitTarget(target) };
}
