/** The socket side: body reading with caps, the request log, latency and connection-level faults. */
import { createHash } from 'crypto';
import * as http from 'http';
import { gzipSync } from 'zlib';
import type { AddressInfo, Socket } from 'net';
import type { FaultDecision, FaultEngine } from '../faults';
import type { RecordedRequest } from '../types';
import { GraphHttpError } from './errors';
import { Pipeline, Resolved, newRequestId } from './pipeline';
import { SandboxRequest, headerMap, splitTarget } from './request';
import type { SandboxResponse } from './router';

const GRAPH_BODY_LIMIT = 4 * 1024 * 1024;
const ROOT_BODY_LIMIT = 1024 * 1024;
const RECORDED_BODY_LIMIT = 64 * 1024;
const SECRET_FIELDS = new Set(['client_secret', 'refresh_token', 'code', 'client_assertion', 'password']);

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  pipeline: Pipeline;
  faults: FaultEngine;
  requests: RecordedRequest[];
  onRequest?: (request: RecordedRequest) => void;
  /** graphBehaviour.gzip, read per request. */
  gzip?: () => boolean;
}

export async function listen(options: HttpServerOptions): Promise<HttpServer> {
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    handle(options, req, res, inFlight)
      .catch((err: unknown) => {
        process.stderr.write(`[sandbox] unexpected failure: ${err instanceof Error ? err.stack : String(err)}\n`);
        if (!res.headersSent) { res.statusCode = 500; res.end(); }
      })
      .finally(() => { inFlight -= 1; });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function handle(options: HttpServerOptions, req: http.IncomingMessage, res: http.ServerResponse, inFlight: number): Promise<void> {
  const { pipeline, faults } = options;
  const headers = headerMap(req.headers);
  const requestId = newRequestId();
  const method = (req.method ?? 'GET').toUpperCase();
  let sreq: SandboxRequest;
  let resolved: Resolved;
  try {
    const target = splitTarget(req.url ?? '/');
    sreq = { requestId, clientRequestId: headers['client-request-id'] ?? requestId, method, headers, body: Buffer.alloc(0), ...target };
    resolved = pipeline.resolve(sreq);
  } catch (err) {
    const rawPath = (req.url ?? '/').split('?')[0];
    const rawSegments = rawPath.split('/').slice(1);
    sreq = { requestId, clientRequestId: headers['client-request-id'] ?? requestId, method, headers, body: Buffer.alloc(0), rawPath, rawSegments, segments: rawSegments, rawQuery: [], query: {} };
    resolved = { kind: 'error', route: 'unknown', error: err instanceof GraphHttpError ? err : new GraphHttpError(400, 'BadRequest', 'Malformed request target.') };
  }
  const route = resolved.kind === 'match' ? resolved.match.route : undefined;
  const routeName = resolved.kind === 'match' ? resolved.match.route.name : resolved.route;
  const isRoot = route !== undefined && (route.scope ?? 'mailbox') === 'root';
  const limit = route?.bodyLimit ?? (isRoot ? ROOT_BODY_LIMIT : GRAPH_BODY_LIMIT);
  const { body, tooLarge, aborted } = await readBody(req, limit);
  sreq.body = body;
  const record: RecordedRequest = {
    method, path: sreq.rawPath, segments: sreq.segments[0] === 'v1.0' ? sreq.segments.slice(1) : sreq.segments,
    query: { ...sreq.query }, headers: redactHeaders(headers), hadAuthorization: headers.authorization !== undefined,
    body: recordBody(body, headers['content-type'], route?.errorShape === 'identity'), status: 0, route: routeName,
  };
  options.requests.push(record);
  // A client that gives up mid-body (an upload whose source failed) gets nothing: status 0, nothing stored.
  if (aborted) {
    options.onRequest?.(record);
    return;
  }
  if (tooLarge) {
    resolved = { kind: 'error', route: routeName, error: isRoot && route?.errorShape !== 'identity'
      ? new GraphHttpError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`)
      : new GraphHttpError(400, 'BadRequest', 'The maximum request length supported is 4MB.') };
  }
  const decision: FaultDecision = route ? faults.decide(routeName, route.faultClass ?? 'graph', inFlight) : { kind: 'none', delayMs: 0 };
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (decision.kind === 'reset-before') {
    req.socket.destroy();
    options.onRequest?.(record);
    return;
  }
  const response = await pipeline.dispatch(sreq, { fault: decision, resolved });
  if (decision.kind === 'reset-after') {
    req.socket.destroy();
    options.onRequest?.(record);
    return;
  }
  // Processed, never answered: the client's timeout fires; stop() destroys the socket.
  if (decision.kind === 'hang-after') {
    options.onRequest?.(record);
    return;
  }
  record.status = response.status;
  // Graph compresses when the client accepts it (its SDKs decompress: msgraph-sdk-dotnet-core#857, kiota#1172);
  // the identity platform and object storage are other services.
  const compress = (options.gzip?.() ?? false) && route?.errorShape !== 'identity' && route?.auth !== 'objects' && acceptsGzip(headers['accept-encoding']);
  write(res, response, compress);
  options.onRequest?.(record);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean; aborted: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { tooLarge = true; chunks.length = 0; }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge, aborted: false }));
    req.on('error', () => resolve({ body: Buffer.alloc(0), tooLarge, aborted: true }));
  });
}

/** `Accept-Encoding` allows gzip unless it is absent, `identity` only, or gives gzip (or `*`) a q of 0. */
export function acceptsGzip(header: string | undefined): boolean {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name) q.set(name, qParam ? Number(qParam.slice(2)) : 1);
  }
  const weight = q.get('gzip') ?? q.get('x-gzip') ?? q.get('*') ?? 0;
  return weight > 0;
}

function write(res: http.ServerResponse, response: SandboxResponse, compress = false): void {
  let payload: Buffer | undefined;
  if (response.json !== undefined) payload = Buffer.from(JSON.stringify(response.json));
  else if (response.raw !== undefined) payload = Buffer.isBuffer(response.raw) ? response.raw : Buffer.from(response.raw, 'utf8');
  res.statusCode = response.status;
  for (const [key, value] of Object.entries(response.headers ?? {})) res.setHeader(key, value);
  // Empty bodies stay uncompressed: some clients choke on a zero-length gzip body (OneDrive/onedrive-api-docs#80).
  if (compress && payload && payload.length > 0) {
    payload = gzipSync(payload);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
  }
  if (payload) res.setHeader('Content-Length', payload.length);
  else if (response.status !== 204 && response.status !== 304) res.setHeader('Content-Length', 0);
  res.end(payload);
}

function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  if (out.authorization !== undefined) {
    const [scheme, ...rest] = out.authorization.split(' ');
    out.authorization = `${scheme} ${fingerprint(rest.join(' '))}`;
  }
  return out;
}

function recordBody(body: Buffer, contentType: string | undefined, isToken: boolean): unknown {
  if (body.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (isToken || type.includes('x-www-form-urlencoded')) {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) fields[key] = SECRET_FIELDS.has(key) ? fingerprint(value) : value;
    return fields;
  }
  if (type.includes('json')) {
    if (body.length <= RECORDED_BODY_LIMIT) {
      try { return JSON.parse(body.toString('utf8')); } catch { /* recorded as text below */ }
    }
    return body.subarray(0, RECORDED_BODY_LIMIT).toString('utf8');
  }
  if (type.startsWith('text/')) return body.subarray(0, RECORDED_BODY_LIMIT).toString('utf8');
  return `<${body.length} bytes${type ? ` of ${type}` : ''}>`;
}
