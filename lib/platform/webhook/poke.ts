/**
 * The step's own wake-up call: a POST to the flow's webhook URL, which the platform turns into a message for the
 * step, so that a catch-up runs through process() (the only place that can emit). It carries no credential; a
 * signature made with the step's clientState tells it from a forged one.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { isRecord } from '../../outlook/values/text';

export const TICK_KEY = 'outlookTick';
const TIMEOUT_MS = 30_000;

export interface Tick { at: string; reason: string; signature: string }

function sign(clientState: string, at: string, reason: string): string {
  return createHmac('sha256', clientState).update(`${at}|${reason}`).digest('base64url');
}

export function tickBody(clientState: string, reason: string, now: number): Record<string, Tick> {
  const at = new Date(now).toISOString();
  return { [TICK_KEY]: { at, reason, signature: sign(clientState, at, reason) } };
}

/** The tick in a message body, if there is one: `valid` when its signature matches the step's clientState. */
export function readTick(body: unknown, clientState: string): { reason: string; valid: boolean } | undefined {
  const tick = isRecord(body) ? body[TICK_KEY] : undefined;
  if (!isRecord(tick)) return undefined;
  const { at, reason, signature } = tick;
  if (typeof at !== 'string' || typeof reason !== 'string' || typeof signature !== 'string') return { reason: 'malformed', valid: false };
  const expected = Buffer.from(sign(clientState, at, reason));
  const given = Buffer.from(signature);
  return { reason: reason.slice(0, 100), valid: expected.length === given.length && timingSafeEqual(expected, given) };
}

/** POSTs the tick; resolves with the HTTP status, rejects when the URL cannot be reached. */
export function postTick(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const payload = Buffer.from(JSON.stringify(body));
    const req = client.request(target, {
      method: 'POST', agent: false, timeout: TIMEOUT_MS,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
