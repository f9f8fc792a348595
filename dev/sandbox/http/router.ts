/**
 * Routing. A resource module exports a `RouteModule` (a name and its routes) and is listed once in
 * `routes/index.ts`. Patterns are matched against decoded segments; literals are case-insensitive (as in Graph),
 * `{name}` captures exactly one segment, and a literal beats a capture at the same position.
 */
import type { SandboxCore, Mailbox } from '../core';
import type { Grants } from '../tokens';
import type { SandboxRequest } from './request';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * - `mailbox`: under `/v1.0/me/…` and `/v1.0/users/{id|upn}/…` (the mailbox is resolved for the handler);
 * - `graph`: under `/v1.0/…` (e.g. `$batch`, `subscriptions`);
 * - `root`: the whole path (token endpoint, object storage, upload URLs).
 */
export type Scope = 'mailbox' | 'graph' | 'root';

/** `graph`: a sandbox access token is required; `objects`: the object-storage token; `none`: anonymous. */
export type AuthKind = 'graph' | 'objects' | 'none';

/** Random faults hit `graph` routes by default; `explicit` ones (token endpoint, object storage) only when named. */
export type FaultClass = 'graph' | 'explicit';

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  json?: unknown;
  /** Sent as is (Buffer) or as UTF-8 text. */
  raw?: Buffer | string;
}

export interface RouteDef {
  name: string;
  method: Method;
  path: string;
  scope?: Scope;
  auth?: AuthKind;
  faultClass?: FaultClass;
  /** `identity`: errors use the token endpoint's shape instead of the Graph envelope. */
  errorShape?: 'graph' | 'identity';
  /** Largest accepted body; default 4 MB for Graph scopes (Graph's request cap), 1 MB for root routes. */
  bodyLimit?: number;
  /** Request media types accepted besides JSON on Graph scopes (others answer 415), e.g. `text/plain` for MIME. */
  bodyTypes?: string[];
  handler(ctx: RouteContext): SandboxResponse | Promise<SandboxResponse>;
}

export interface RouteModule {
  name: string;
  routes: RouteDef[];
}

export interface RouteContext {
  readonly core: SandboxCore;
  readonly req: SandboxRequest;
  readonly route: RouteDef;
  readonly params: Record<string, string>;
  /** The resolved mailbox; only for `mailbox` routes. */
  readonly mailbox: Mailbox;
  /** Lower-cased `Prefer` keys. */
  readonly prefer: Map<string, string>;
  /** Values for `Preference-Applied`. */
  readonly applied: string[];
  /** `Prefer: IdType="ImmutableId"` was sent. */
  readonly immutableIds: boolean;
  /** The bearer token is an app-only (client credentials) token. */
  readonly appToken: boolean;
  /** The token's delegated scopes or application roles (`permissionName` form); empty on anonymous routes. */
  readonly grants: Grants;
  /** The JSON body as an object; 400 when absent, not JSON, or not an object. */
  json(): Record<string, unknown>;
}

export type MailboxRef = { kind: 'me' } | { kind: 'users'; key: string };

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
  mailboxRef?: MailboxRef;
  /** Raw path prefix of the mailbox (`/v1.0/me` or `/v1.0/users/…`), for links. */
  mailboxRaw?: string;
}

interface Compiled {
  route: RouteDef;
  parts: Array<{ literal: string } | { param: string }>;
  scope: Scope;
}

export type MatchResult = { kind: 'match'; match: RouteMatch } | { kind: 'method'; allowed: Method[] } | { kind: 'none' };

export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(modules: RouteModule[]) {
    for (const module of modules) for (const route of module.routes) this.add(route);
  }

  add(route: RouteDef): void {
    const parts = route.path.split('/').filter((p) => p !== '').map((p) => {
      const m = /^\{(\w+)\}$/.exec(p);
      return m ? { param: m[1] } : { literal: p.toLowerCase() };
    });
    this.compiled.push({ route, parts, scope: route.scope ?? 'mailbox' });
  }

  routes(): RouteDef[] {
    return this.compiled.map((c) => c.route);
  }

  match(method: string, segments: string[], rawSegments: string[]): MatchResult {
    const candidates: Array<{ c: Compiled; params: Record<string, string>; ref?: MailboxRef; raw?: string }> = [];
    const tryScope = (scope: Scope, rest: string[], ref?: MailboxRef, raw?: string): void => {
      for (const c of this.compiled) {
        if (c.scope !== scope) continue;
        const params = matchParts(c.parts, rest);
        if (params) candidates.push({ c, params, ref, raw });
      }
    };
    tryScope('root', segments);
    if (segments[0] === 'v1.0') {
      const rest = segments.slice(1);
      tryScope('graph', rest);
      const head = rest[0]?.toLowerCase();
      if (head === 'me') tryScope('mailbox', rest.slice(1), { kind: 'me' }, `/${rawSegments.slice(0, 2).join('/')}`);
      if (head === 'users' && rest.length >= 2) {
        tryScope('mailbox', rest.slice(2), { kind: 'users', key: rest[1] }, `/${rawSegments.slice(0, 3).join('/')}`);
      }
    }
    if (!candidates.length) return { kind: 'none' };
    const sameMethod = candidates.filter((x) => x.c.route.method === method.toUpperCase());
    if (!sameMethod.length) return { kind: 'method', allowed: [...new Set(candidates.map((x) => x.c.route.method))] };
    sameMethod.sort((a, b) => specificity(b.c) - specificity(a.c));
    const best = sameMethod[0];
    return { kind: 'match', match: { route: best.c.route, params: best.params, mailboxRef: best.ref, mailboxRaw: best.raw } };
  }
}

function matchParts(parts: Compiled['parts'], segments: string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    if ('literal' in part) {
      if (segments[i].toLowerCase() !== part.literal) return undefined;
    } else {
      if (segments[i] === '') return undefined;
      params[part.param] = segments[i];
    }
  }
  return params;
}

/** Literals earlier in the path weigh more: `messages/delta` beats `messages/{id}`. */
function specificity(c: Compiled): number {
  let score = 0;
  c.parts.forEach((p, i) => { if ('literal' in p) score += 2 ** (20 - i); });
  return score;
}
