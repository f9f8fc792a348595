/** Graph's error envelope → GraphError, with secrets scrubbed from anything the server echoed. */
import { GraphError } from './errors';
import { parseRetryAfter } from './retry';

export interface ErrorResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
  method: string;
  path: string;
  /** Strings that must never appear in the error (tokens, client secret). */
  secrets: string[];
  nowMs: number;
}

/** Builds a GraphError from the `{error:{code,message,innerError}}` envelope (or from a non-JSON body). */
export function graphErrorFrom(res: ErrorResponse): GraphError {
  const envelope = parseEnvelope(res.body);
  const inner = envelope?.innerError ?? envelope?.innererror;
  const innerRecord = typeof inner === 'object' && inner !== null ? inner as Record<string, unknown> : {};
  const message = typeof envelope?.message === 'string' ? scrub(envelope.message, res.secrets) : undefined;
  return new GraphError({
    status: res.status,
    code: typeof envelope?.code === 'string' && envelope.code !== '' ? envelope.code : `HTTP${res.status}`,
    message: message ?? (res.body ? `non-JSON error body (${Buffer.byteLength(res.body)} bytes)` : 'no error body'),
    method: res.method,
    path: res.path,
    requestId: res.headers['request-id'] ?? str(innerRecord['request-id']),
    clientRequestId: res.headers['client-request-id'] ?? str(innerRecord['client-request-id']),
    date: str(innerRecord.date),
    retryAfterMs: parseRetryAfter(res.headers['retry-after'], res.nowMs),
    innerError: inner,
  });
}

interface Envelope { code?: unknown; message?: unknown; innerError?: unknown; innererror?: unknown }

function parseEnvelope(body: string): Envelope | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
    return typeof error === 'object' && error !== null ? error : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Replaces every secret (of a length that cannot occur by chance) with `[redacted]`. */
export function scrub(text: string, secrets: string[]): string;
export function scrub(text: string | undefined, secrets: string[]): string | undefined;
export function scrub(text: string | undefined, secrets: string[]): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}
