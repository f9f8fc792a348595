/**
 * A webhook trigger step in this process, behind a local stand-in for the platform's webhook gateway: each POST to
 * its URL becomes a message, processed one at a time as the sailor does (prefetch 1), with `reply_to` set as in a
 * real-time flow, and the step's `httpReply` is the HTTP answer. For `npm start`, unit specs and the reliability
 * suite; the runtime suite does the same through the real sailor (dev/runtime/gateway.ts).
 */
import { randomBytes, randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { FunctionModule, Hooks } from '../../lib/platform/execution';
import { stopKeepers } from '../../lib/platform/webhook/step';
import { Level, RunnerContext, execute, runnerContext } from './context';

export interface HttpReply { statusCode: number; headers?: Record<string, string>; body?: string }

/** What the gateway needs of a function module. */
export type WebhookModule = Pick<FunctionModule<never>, 'process'> & Hooks;

export interface LocalWebhookOptions {
  module: WebhookModule;
  cfg: Record<string, unknown>;
  snapshot?: unknown;
  /** Sets `reply_to` on each message, as a real-time flow does (default true). */
  replyChannel?: boolean;
  level?: Level;
  log?: (level: Level, line: string) => void;
  /** Listen on this port (a restarted container keeps the flow's URL). */
  port?: number;
  /** Called with every data body as it is emitted. */
  onData?: (body: unknown) => void;
}

interface Queued { msg: Record<string, unknown>; done: (reply: HttpReply | undefined) => void }

const REPLY_WAIT_MS = 15_000;
const ENV_KEYS = ['ELASTICIO_FLOW_WEBHOOK_URI', 'ELASTICIO_MESSAGE_CRYPTO_PASSWORD', 'ELASTICIO_FLOW_ID', 'ELASTICIO_STEP_ID'] as const;

export class LocalWebhookStep {
  readonly data: unknown[] = [];
  readonly errors: Error[] = [];
  readonly contexts: RunnerContext[] = [];
  snapshot: unknown;
  private readonly queue: Queued[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};

  private constructor(private readonly server: http.Server, readonly url: string, private readonly o: LocalWebhookOptions) {
    this.snapshot = o.snapshot ?? {};
  }

  /** Listens, points the step's environment at itself, then runs the module's `init` hook (the consumer is up). */
  static async start(o: LocalWebhookOptions): Promise<LocalWebhookStep> {
    const holder: { step?: LocalWebhookStep } = {};
    const server = http.createServer((req, res) => { void holder.step?.receive(req, res); });
    await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
    const step = new LocalWebhookStep(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/flow-local`, o);
    holder.step = step;
    step.setEnv();
    try {
      await o.module.init?.(o.cfg);
    } catch (err) {
      await step.close();
      throw err;
    }
    return step;
  }

  private setEnv(): void {
    for (const key of ENV_KEYS) this.savedEnv[key] = process.env[key];
    process.env.ELASTICIO_FLOW_WEBHOOK_URI = this.url;
    process.env.ELASTICIO_MESSAGE_CRYPTO_PASSWORD ??= randomBytes(16).toString('hex');
    process.env.ELASTICIO_FLOW_ID ??= 'flow-local';
    process.env.ELASTICIO_STEP_ID ??= 'step_1';
  }

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown = {};
    if (/json/i.test(String(req.headers['content-type'])) && text !== '') {
      try { body = JSON.parse(text); } catch { body = { raw: text }; }
    }
    const replyChannel = this.o.replyChannel ?? true;
    const msg = {
      id: randomUUID(), body, attachments: {}, method: req.method, url: url.pathname, query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers, ...(replyChannel ? { reply_to: 'local-reply' } : {}) },
    };
    if (!replyChannel) {
      this.enqueue(msg, () => undefined);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ requestId: msg.id, message: 'thank you' }));
      return;
    }
    const reply = await new Promise<HttpReply | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), REPLY_WAIT_MS);
      this.enqueue(msg, (r) => { clearTimeout(timer); resolve(r); });
    });
    if (!reply) {
      res.writeHead(504, { 'Content-Type': 'text/plain' });
      res.end('no reply from the step');
      return;
    }
    res.writeHead(reply.statusCode, reply.headers ?? {});
    res.end(reply.body ?? '');
  }

  private enqueue(msg: Record<string, unknown>, done: (reply: HttpReply | undefined) => void): void {
    this.queue.push({ msg, done });
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const item = next;
      let replied = false;
      const ctx = runnerContext({
        level: this.o.level ?? 'warn',
        log: this.o.log ?? (() => undefined),
        onEmit: (event, data) => {
          if (event === 'httpReply') { replied = true; item.done(data as HttpReply); }
          if (event === 'snapshot') this.snapshot = data;
          if (event === 'data') {
            const emitted = (data as { body?: unknown }).body;
            this.data.push(emitted);
            this.o.onData?.(emitted);
          }
        },
      });
      this.contexts.push(ctx);
      const process = this.o.module.process as (this: unknown, msg: unknown, cfg: unknown, snapshot: unknown) => Promise<void>;
      const { error } = await execute(ctx, process, item.msg, this.o.cfg, this.snapshot);
      if (error) this.errors.push(error);
      if (!replied) item.done(undefined);
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves once no message is queued or being processed. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Every log line of every message so far. */
  logs(): Array<{ level: Level; line: string }> {
    return this.contexts.flatMap((c) => c.logs);
  }

  /** What the platform does when the flow stops: the `shutdown` hook with the startup data. */
  async shutdown(): Promise<void> {
    stopKeepers();
    await this.o.module.shutdown?.(this.o.cfg, { notificationUrl: this.url });
  }

  /** Stops the container: its keeper and the local gateway; restores the environment. */
  async close(): Promise<void> {
    stopKeepers();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const key of ENV_KEYS) {
      const value = this.savedEnv[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
