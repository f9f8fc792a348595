/** startSandbox(): composes the store, identity, faults, routes and the HTTP server. */
import { manualClock, realClock } from './clock';
import type { DirectoryUser, InProcessRequest, SandboxCore } from './core';
import { FaultEngine } from './faults';
import { Pipeline, newRequestId } from './http/pipeline';
import { SandboxRequest, headerMap, splitTarget } from './http/request';
import { Router } from './http/router';
import { listen } from './http/server';
import { ObjectStore } from './objects';
import { Prng } from './random';
import { modules } from './routes';
import { subscriptionHub } from './notifications';
import { seedDemo } from './store/demo';
import { Store } from './store/Store';
import { registerCore } from './testing';
import { TokenService } from './tokens';
import type { RecordedRequest, Sandbox, SandboxOptions } from './types';

export { manualClock };

const TENANT_DOMAIN = 'contoso.onmicrosoft.com';

function directory(prng: Prng): DirectoryUser[] {
  const person = (given: string, surname: string, login: string, jobTitle: string, mailbox: DirectoryUser['mailbox']): DirectoryUser => ({
    id: prng.uuid(), displayName: `${given} ${surname}`, givenName: given, surname, jobTitle,
    userPrincipalName: `${login}@${TENANT_DOMAIN}`, mail: `${login}@${TENANT_DOMAIN}`, officeLocation: '18/2111',
    mobilePhone: null, businessPhones: ['+1 425 555 0109'], preferredLanguage: 'en-US', mailbox,
  });
  return [
    person('Adele', 'Vance', 'adele.vance', 'Retail Manager', 'exchangeOnline'),
    person('Alex', 'Wilber', 'alex.wilber', 'Marketing Assistant', 'exchangeOnline'),
    person('Pat', 'Onprem', 'pat.onprem', 'Engineer', 'onPremises'),
  ];
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? realClock();
  const prng = new Prng(seed);
  const users = directory(prng);
  const me = users[0];
  const tenantId = prng.uuid();
  const clientId = prng.uuid();
  // Derived from the seed so a `.env` written for `npm run sandbox -- --seed N` keeps working across restarts.
  const clientSecret = `sbx8Q~${prng.bytes(27).toString('base64').replace(/[+/=]/g, '')}`;
  const objectStorageToken = prng.bytes(24).toString('hex');
  const faults = new FaultEngine();
  const store = new Store({ seed, clock, user: me, visibilityLag: () => faults.visibilityLag() });
  if (options.demo ?? true) seedDemo(store, new Prng(seed ^ 0x1234567));
  if (options.bulk) store.insertBulk(store.requireFolder(options.bulk.folder), options.bulk.count);
  const tokens = new TokenService({
    identity: { tenantId, clientId, clientSecret, userId: me.id, userPrincipalName: me.userPrincipalName, displayName: me.displayName, tenantDomain: TENANT_DOMAIN },
    clock, ttlSeconds: options.tokenTtlSeconds ?? 3600, maxRequests: options.tokenMaxRequests,
  });
  const objects = new ObjectStore();
  const requests: RecordedRequest[] = [];
  const moduleState = new Map<string, unknown>();
  const stopHooks: Array<() => void | Promise<void>> = [];
  let url = '';

  const core: SandboxCore = {
    get url() { return url; },
    seed, clock, store, tokens, faults, objects, objectStorageToken, users, me,
    findUser: (key) => {
      const lower = key.toLowerCase();
      return users.find((u) => u.id === lower || u.userPrincipalName.toLowerCase() === lower || u.mail.toLowerCase() === lower);
    },
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
  const server = await listen({ port: options.port ?? 0, pipeline, faults, requests, onRequest: options.onRequest });
  url = server.url;

  const sandbox: Sandbox = {
    url, tenantId, clientId, clientSecret, objectStorageToken,
    user: { id: me.id, userPrincipalName: me.userPrincipalName, mail: me.mail, displayName: me.displayName },
    issueToken: () => tokens.issue(),
    revokeRefreshToken: (refreshToken) => tokens.revoke(refreshToken),
    issueAuthorizationCode: (redirectUri) => tokens.issueCode(redirectUri),
    expireDeltaTokens: (folder) => store.expireDeltaTokens(folder),
    store, clock, faults, requests, objects,
    counters: () => pipeline.counters(),
    subscriptions: () => subscriptionHub(core).api,
    stop: async () => {
      for (const hook of stopHooks.splice(0)) await hook();
      await server.close();
    },
  };
  registerCore(sandbox, core);
  return sandbox;
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
