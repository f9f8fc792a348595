/** Routing → auth → mailbox → injected status fault → handler, and the error envelopes. No sockets here. */
import { randomUUID } from 'crypto';
import { innerErrorDate } from '../clock';
import { applyDailyNoEditChanges } from '../calendar/noEditChanges';
import type { Mailbox, SandboxCore } from '../core';
import type { FaultDecision } from '../faults';
import { CHECKED_ELSEWHERE, PERMISSIONS, requirePermission } from '../permissions';
import { Grants, tokenErrorBody } from '../tokens';
import { GraphHttpError, TokenHttpError, wwwAuthenticate } from './errors';
import { SandboxRequest, parsePrefer } from './request';
import { RouteContext, RouteDef, RouteMatch, Router, SandboxResponse } from './router';

export const JSON_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

export type Resolved = { kind: 'match'; match: RouteMatch } | { kind: 'error'; route: string; error: GraphHttpError };

/** Told of every exchange the pipeline serves, $batch items included (Sandbox.observe). */
export type ExchangeObserver = (req: SandboxRequest, res: SandboxResponse, route: string) => void;

export class Pipeline {
  private readonly routeCounts = new Map<string, number>();
  readonly observers = new Set<ExchangeObserver>();

  constructor(private readonly core: () => SandboxCore, readonly router: Router) {}

  counters(): Record<string, number> {
    return Object.fromEntries(this.routeCounts);
  }

  resolve(req: SandboxRequest): Resolved {
    const result = this.router.match(req.method, req.segments, req.rawSegments);
    if (result.kind === 'match') return result;
    if (result.kind === 'method') {
      return { kind: 'error', route: 'unknown', error: new GraphHttpError(405, 'BadRequest', `The HTTP method '${req.method}' is not allowed for this resource (allowed: ${result.allowed.join(', ')}).`) };
    }
    if (req.segments[0] !== 'v1.0') {
      return { kind: 'error', route: 'unknown', error: new GraphHttpError(400, 'BadRequest', `Invalid version: ${req.segments[0] ?? ''}`) };
    }
    const last = req.segments[req.segments.length - 1] ?? '';
    return { kind: 'error', route: 'unknown', error: new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${last}'.`) };
  }

  async dispatch(req: SandboxRequest, options: { fault?: FaultDecision; resolved?: Resolved } = {}): Promise<SandboxResponse> {
    const resolved = options.resolved ?? this.resolve(req);
    const routeName = resolved.kind === 'match' ? resolved.match.route.name : resolved.route;
    this.routeCounts.set(routeName, (this.routeCounts.get(routeName) ?? 0) + 1);
    const isToken = resolved.kind === 'match' && resolved.match.route.errorShape === 'identity';
    let response: SandboxResponse;
    const applied: string[] = [];
    try {
      if (resolved.kind === 'error') throw resolved.error;
      response = this.limitSize(req, await this.run(req, resolved.match, applied, options.fault));
    } catch (err) {
      response = this.failure(req, err, isToken);
    }
    const finished = this.finish(req, response, applied, isToken);
    for (const observer of this.observers) observer(req, finished, routeName);
    return finished;
  }

  private async run(req: SandboxRequest, match: RouteMatch, applied: string[], fault?: FaultDecision): Promise<SandboxResponse> {
    const core = this.core();
    const { route } = match;
    const caller = this.authenticate(req, route);
    const mailbox = match.mailboxRef ? this.mailboxFor(match, caller) : undefined;
    if (mailbox) applyDailyNoEditChanges(core, mailbox.store);
    if (!match.mailboxRef && caller.grants) checkGraphRoute(route, caller);
    if (fault?.kind === 'status') throw fault.error;
    checkMediaType(req, route);
    const prefer = parsePrefer(req.headers.prefer);
    const immutableIds = (prefer.get('idtype') ?? '').toLowerCase() === 'immutableid';
    if (immutableIds) applied.push('IdType="ImmutableId"');
    const ctx: RouteContext = {
      core, req, route, params: match.params, prefer, applied, immutableIds, appToken: caller.app, grants: caller.grants ?? new Set(),
      get mailbox(): Mailbox {
        if (!mailbox) throw new Error(`Route ${route.name} is not a mailbox route`);
        return mailbox;
      },
      json: () => parseJson(req),
    };
    return route.handler(ctx);
  }

  /** The bearer token's kind and permissions (`grants` only when the route takes a Graph token). */
  private authenticate(req: SandboxRequest, route: RouteDef): Caller {
    const core = this.core();
    const auth = route.auth ?? ((route.scope ?? 'mailbox') === 'root' ? 'none' : 'graph');
    if (auth === 'graph') {
      const check = core.tokens.check(req.headers.authorization);
      if (!check.ok) {
        throw new GraphHttpError(401, 'InvalidAuthenticationToken', check.message, { 'WWW-Authenticate': wwwAuthenticate('invalid_token', check.message) });
      }
      return { app: check.app, grants: check.grants };
    }
    if (auth === 'objects' && req.headers.authorization !== `Bearer ${core.objectStorageToken}`) {
      throw new GraphHttpError(401, 'Unauthorized', 'Missing or invalid object storage token.');
    }
    return { app: false };
  }

  private mailboxFor(match: RouteMatch, caller: Caller): Mailbox {
    const core = this.core();
    const ref = match.mailboxRef;
    let user = core.me;
    if (ref?.kind === 'me') {
      if (caller.app) throw new GraphHttpError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    } else if (ref?.kind === 'users') {
      const found = core.findUser(ref.key);
      if (!found) throw new GraphHttpError(404, 'ErrorInvalidUser', `The requested user '${ref.key}' is invalid.`);
      user = found;
    }
    if (user.mailbox !== 'exchangeOnline') {
      throw new GraphHttpError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
    }
    const own = user === core.me;
    requirePermission(match.route.name, { app: caller.app, own, grants: caller.grants ?? new Set() });
    const store = core.storeOf(user);
    // The signed-in user has full access to the shared mailbox only; no other mailbox is shared with them.
    if (!store || (!own && !caller.app && !user.shared)) throw new GraphHttpError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return { user, store, root: match.mailboxRaw ?? '/v1.0/me', own };
  }

  /**
   * A list or delta page over `maxResponseBytes` answers 504 every time: "returning a page with hundreds of messages
   * each with a full response payload may trigger the gateway timeout (HTTP 504)" (learn.microsoft.com/graph/api/user-list-messages).
   */
  private limitSize(req: SandboxRequest, response: SandboxResponse): SandboxResponse {
    const core = this.core();
    const max = core.behaviour.current().maxResponseBytes;
    const json = response.json as { value?: unknown } | undefined;
    if (max === undefined || req.method !== 'GET' || !Array.isArray(json?.value)) return response;
    if (Buffer.byteLength(JSON.stringify(json)) <= max) return response;
    core.faults.note('pageTooLarge');
    // Field reports show this envelope with an empty message (microsoft-graph-docs-contrib#6820, #6538).
    throw new GraphHttpError(504, 'UnknownError', '');
  }

  private failure(req: SandboxRequest, err: unknown, isToken: boolean): SandboxResponse {
    const now = this.core().clock.now();
    if (err instanceof TokenHttpError || (isToken && err instanceof GraphHttpError)) {
      const tokenErr = err instanceof TokenHttpError ? err : asIdentityError(err);
      return { status: tokenErr.status, headers: err instanceof GraphHttpError ? err.headers : {}, json: tokenErrorBody(tokenErr, now) };
    }
    const graphErr = err instanceof GraphHttpError ? err
      : new GraphHttpError(500, 'InternalServerError', `Sandbox failure: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof GraphHttpError)) process.stderr.write(`[sandbox] ${req.method} ${req.rawPath}: ${err instanceof Error ? err.stack : String(err)}\n`);
    return {
      status: graphErr.status,
      headers: graphErr.headers,
      json: {
        error: {
          code: graphErr.code,
          message: graphErr.message,
          innerError: { ...graphErr.inner, date: innerErrorDate(now), 'request-id': req.requestId, 'client-request-id': req.clientRequestId },
        },
      },
    };
  }

  private finish(req: SandboxRequest, response: SandboxResponse, applied: string[], isToken: boolean): SandboxResponse {
    const headers: Record<string, string> = { ...(response.headers ?? {}) };
    if (isToken) {
      headers['Cache-Control'] = 'no-store, no-cache';
      headers.Pragma = 'no-cache';
      headers['x-ms-request-id'] = req.requestId;
      if (response.json !== undefined) headers['Content-Type'] ??= 'application/json; charset=utf-8';
    } else {
      headers['request-id'] = req.requestId;
      headers['client-request-id'] = req.clientRequestId;
      if (response.json !== undefined) headers['Content-Type'] ??= JSON_TYPE;
      if (applied.length) headers['Preference-Applied'] = applied.join(',');
    }
    return { ...response, headers };
  }
}

interface Caller { app: boolean; grants?: Grants }

/** Graph-scope routes (profile, subscriptions, $batch) check their permissions here or, if listed, in their handler. */
function checkGraphRoute(route: RouteDef, caller: Caller): void {
  if (route.name in CHECKED_ELSEWHERE) return;
  if (!(route.name in PERMISSIONS)) throw new Error(`Route ${route.name} declares no permissions (dev/sandbox/permissions.ts)`);
  requirePermission(route.name, { app: caller.app, own: true, grants: caller.grants ?? new Set() });
}

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

/**
 * Graph reads request bodies with OData, which refuses any media type but JSON with 415 (field reports:
 * microsoft-graph-docs-contrib#2168, CoasterKaty/PHPGraphMailer#14) — even on a body-less action. A body-less
 * request without Content-Type is fine. Routes list further accepted types (`bodyTypes`, e.g. MIME sendMail).
 */
function checkMediaType(req: SandboxRequest, route: RouteDef): void {
  if (!BODY_METHODS.has(req.method) || (route.scope ?? 'mailbox') === 'root') return;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === '' || type === 'application/json' || type.endsWith('+json') || (route.bodyTypes ?? []).includes(type)) return;
  const supported = Array.from({ length: 12 }, () => 'Microsoft.OData.ODataMediaType').join(', ');
  throw new GraphHttpError(415, 'RequestBodyRead', `A supported MIME type could not be found that matches the content type of the response. None of the supported type(s) '${supported}' matches the content type '${req.headers['content-type'] ?? ''}'.`);
}

/** A Graph-style error (from routing or an injected fault) in the identity platform's vocabulary. */
function asIdentityError(err: GraphHttpError): TokenHttpError {
  const identityCode = /^[a-z_]+$/.test(err.code) ? err.code
    : err.status >= 500 || err.status === 429 ? 'temporarily_unavailable' : 'invalid_request';
  return new TokenHttpError(err.status, identityCode, undefined, err.message);
}

function parseJson(req: SandboxRequest): Record<string, unknown> {
  if (req.body.length === 0) throw new GraphHttpError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const type = req.headers['content-type'] ?? '';
  let parsed: unknown;
  try {
    if (!/json/i.test(type)) throw new Error('not JSON');
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new GraphHttpError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GraphHttpError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  return parsed as Record<string, unknown>;
}

export function newRequestId(): string {
  return randomUUID();
}
