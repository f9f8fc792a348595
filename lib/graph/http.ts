/** The axios plumbing under GraphClient: one keep-alive instance, request headers, body encoding, outcome classification. */
import * as http from 'http';
import * as https from 'https';
import type { Readable } from 'stream';
import axios, { AxiosInstance, AxiosResponse } from 'axios';
import type { Outcome } from './retry';
import type { GraphRequest } from './types';

const IMMUTABLE_IDS = 'IdType="ImmutableId"';
const keepAlive = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** Connection failures that prove the request never left this process. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

export function createHttp(): AxiosInstance {
  return axios.create({
    httpAgent: keepAlive.http,
    httpsAgent: keepAlive.https,
    // A redirect could carry the bearer token to another host; Graph does not redirect API calls.
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
    transformResponse: [(data: unknown) => data],
    maxContentLength: Infinity,
    maxBodyLength: Infinity,
  });
}

export function errorCode(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

export function classify(err: unknown): Outcome {
  const code = errorCode(err);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return { kind: 'timeout' };
  return { kind: 'network', reachedServer: !UNSENT_CODES.has(code) };
}

export function encodeBody(body: unknown): unknown {
  if (body === undefined || isRaw(body)) return body;
  return JSON.stringify(body);
}

export function isRaw(body: unknown): boolean {
  return typeof body === 'string' || Buffer.isBuffer(body) || isReadable(body);
}

export function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function';
}

export function findHeader(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((h) => h.toLowerCase() === name);
  return key === undefined ? undefined : headers?.[key];
}

export function flatHeaders(response: AxiosResponse): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
  }
  return out;
}

export async function readBody(response: AxiosResponse, streamed: boolean): Promise<string> {
  if (!streamed) return typeof response.data === 'string' ? response.data : '';
  const chunks: Buffer[] = [];
  for await (const chunk of response.data as Readable) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Methods whose requests Graph reads as JSON even when they carry no body (`/send`, `/reauthorize`, …). */
const JSON_METHODS = new Set(['POST', 'PATCH', 'PUT']);

export function headersFor(req: GraphRequest, attempt: { method: string; clientRequestId: string; token?: string }): Record<string, string> {
  const { token } = attempt;
  const headers: Record<string, string> = { Accept: 'application/json', 'client-request-id': attempt.clientRequestId };
  // Streams are checked against Content-Length. axios decompresses gzip but keeps the compressed length, so byte
  // downloads ask for the bytes as they are.
  if (req.responseType === 'stream') headers['Accept-Encoding'] = 'identity';
  // A caller's Authorization is never passed on: only this transport attaches a token, and only for the Graph host.
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'prefer') continue;
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === lower) delete headers[existing];
    headers[name] = value;
  }
  const prefer = findHeader(req.headers, 'prefer');
  if (token !== undefined) {
    headers.Authorization = `Bearer ${token}`;
    // Immutable ids keep an item's id stable across folder moves (learn.microsoft.com/graph/outlook-immutable-id).
    headers.Prefer = prefer && /idtype\s*=/i.test(prefer) ? prefer : [IMMUTABLE_IDS, prefer].filter(Boolean).join(', ');
  } else if (prefer) {
    headers.Prefer = prefer;
  }
  if (findHeader(headers, 'content-type') === undefined) {
    // Without a body axios would label a POST as a form (application/x-www-form-urlencoded), which Graph can
    // refuse with 415: a body-less action is sent as an empty JSON request.
    if (req.body !== undefined) headers['Content-Type'] = isRaw(req.body) ? 'application/octet-stream' : 'application/json';
    else if (JSON_METHODS.has(attempt.method)) headers['Content-Type'] = 'application/json';
  }
  return headers;
}
