/**
 * A stand-in for the platform's webhook gateway in front of a real-time flow: each HTTP request to the flow's URL
 * becomes an encrypted message on the step's input queue (`body`, `query`, `method`, `url`, HTTP `headers`), with
 * `reply_to` naming the step's reply queue; the step's `httpReply` is the HTTP answer. Without a reply channel (or
 * when the step does not reply in time) it answers as the platform does by default: 200 `{"requestId","message"}`.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Step } from './harness';
import { isRecord } from './fakePlatform';

export interface GatewayOptions {
  /** Sets `reply_to` (default true), as the platform does for a real-time flow. */
  replyChannel?: boolean;
  /** How long a request waits for the step's httpReply. */
  replyWaitMs?: number;
}

export interface GatewayRequest { at: number; method: string; path: string; query: Record<string, string>; status: number; messageId: string }

export class WebhookGateway {
  readonly requests: GatewayRequest[] = [];
  private step?: Step;

  private constructor(private readonly server: http.Server, readonly url: string, private readonly options: GatewayOptions) {}

  static async start(options: GatewayOptions = {}, port = 0): Promise<WebhookGateway> {
    const holder: { gateway?: WebhookGateway } = {};
    const server = http.createServer((req, res) => { void holder.gateway?.handle(req, res); });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    holder.gateway = new WebhookGateway(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/${randomUUID()}`, options);
    return holder.gateway;
  }

  /** The step whose input queue receives the requests (made after the gateway, since its environment names the URL). */
  attach(step: Step): void {
    this.step = step;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const step = this.step;
    const record = { at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, messageId: '' };
    this.requests.push(record);
    if (!step) { this.answer(res, record, { statusCode: 503, body: 'no step attached' }); return; }
    let body: unknown = {};
    if (/json/i.test(String(req.headers['content-type'])) && text !== '') {
      try { body = JSON.parse(text); } catch { body = { raw: text }; }
    }
    const base = new URL(this.url).pathname;
    const message = {
      id: randomUUID(), body, attachments: {}, method: record.method, url: url.pathname, query: record.query,
      additionalUrlPath: url.pathname.startsWith(base) ? url.pathname.slice(base.length) : '', headers: { ...req.headers },
    };
    const replyChannel = this.options.replyChannel ?? true;
    const replyTo = step.queues.names.keys.reply;
    record.messageId = step.publish(undefined, { message, headers: replyChannel ? { reply_to: replyTo } : {} });
    const fallback = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ requestId: record.messageId, message: 'thank you' }) };
    if (!replyChannel) { this.answer(res, record, fallback); return; }
    const isReply = (): unknown => step.queues.outputs.find((o) => o.kind === 'reply' && o.headers.parentMessageId === record.messageId);
    try {
      await step.queues.waitUntil(() => Boolean(isReply()), this.options.replyWaitMs ?? 15_000, `the httpReply to ${record.messageId}`);
    } catch {
      this.answer(res, record, fallback);
      return;
    }
    const reply = (isReply() as { body?: unknown }).body;
    this.answer(res, record, isRecord(reply) ? reply : fallback);
  }

  private answer(res: http.ServerResponse, record: GatewayRequest, reply: Record<string, unknown>): void {
    record.status = typeof reply.statusCode === 'number' ? reply.statusCode : 200;
    const headers = isRecord(reply.headers) ? Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k, String(v)])) : {};
    res.writeHead(record.status, headers);
    res.end(typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
