/** RabbitMQ side of the harness: the topology the sailor expects (it declares nothing), input publishing, output reading. */
import * as amqp from 'amqplib';
import { randomUUID } from 'crypto';
import { MessageCipher } from './crypto';
import { isRecord } from './fakePlatform';

export const DEFAULT_AMQP_URI = 'amqp://guest:guest@127.0.0.1:5672';

export type OutputKind = 'data' | 'error' | 'snapshot' | 'rebound' | 'reply';
const OUTPUT_KINDS: OutputKind[] = ['data', 'error', 'snapshot', 'rebound', 'reply'];
const FENCE_HEADER = 'x-runtime-harness-fence';
/** Leftovers of a crashed run disappear on their own: unused queues expire, auto-delete exchanges follow. */
const QUEUE_TTL_MS = 15 * 60 * 1000;

export interface Output {
  kind: OutputKind;
  headers: Record<string, unknown>;
  /** Decoded content: data/rebound/reply → the message, error → `{error, errorInput}`, snapshot → the JSON. */
  body: unknown;
  /** Bytes as they travelled through RabbitMQ. */
  size: number;
  receivedAt: number;
  decodeError?: string;
}

export interface StepNames {
  listenQueue: string;
  inputExchange: string;
  publishExchange: string;
  keys: Record<OutputKind, string>;
  queues: Record<OutputKind, string>;
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function connectBroker(uri = process.env.AMQP_URI || DEFAULT_AMQP_URI): Promise<Broker> {
  let connection: amqp.ChannelModel;
  try {
    connection = await amqp.connect(uri, { timeout: 5000 });
  } catch (err) {
    const reason = err instanceof Error ? (err as NodeJS.ErrnoException).code ?? err.message : String(err);
    throw new Error(`No RabbitMQ answered at ${redactUri(uri)} (${reason}). The runtime suite needs a RabbitMQ 3.x broker: `
      + 'start one with `rabbitmq-server -detached` (or `docker run -d -p 5672:5672 rabbitmq:3`), '
      + 'or point AMQP_URI at one, then run again.');
  }
  return new Broker(uri, connection, await connection.createChannel());
}

export class Broker {
  constructor(readonly uri: string, private readonly connection: amqp.ChannelModel, private readonly channel: amqp.Channel) {}

  /** Declares one step's exchanges and queues under a unique prefix and starts reading its outputs. */
  async openStep(prefix: string, cipher: MessageCipher): Promise<StepQueues> {
    const names = stepNames(prefix);
    const ch = this.channel;
    await ch.assertExchange(names.publishExchange, 'direct', { durable: false, autoDelete: true });
    await ch.assertExchange(names.inputExchange, 'direct', { durable: false, autoDelete: true });
    await ch.assertQueue(names.listenQueue, { durable: false, arguments: { 'x-expires': QUEUE_TTL_MS } });
    await ch.bindQueue(names.listenQueue, names.inputExchange, names.keys.data);
    for (const kind of OUTPUT_KINDS) {
      await ch.assertQueue(names.queues[kind], { durable: false, arguments: { 'x-expires': QUEUE_TTL_MS } });
      await ch.bindQueue(names.queues[kind], names.publishExchange, names.keys[kind]);
    }
    const queues = new StepQueues(ch, names, cipher);
    await queues.consume();
    return queues;
  }

  async close(): Promise<void> {
    try { await this.connection.close(); } catch { /* already closed */ }
  }
}

function stepNames(prefix: string): StepNames {
  const keys = {} as Record<OutputKind, string>;
  const queues = {} as Record<OutputKind, string>;
  for (const kind of OUTPUT_KINDS) {
    keys[kind] = `${prefix}:rk:${kind}`;
    queues[kind] = `${prefix}:out:${kind}`;
  }
  return { listenQueue: `${prefix}:messages`, inputExchange: `${prefix}:input`, publishExchange: `${prefix}:exchange`, keys, queues };
}

interface Waiter { test: () => boolean; resolve: () => void }

export class StepQueues {
  readonly outputs: Output[] = [];
  private readonly consumerTags: string[] = [];
  private readonly fences = new Set<string>();
  private waiters: Waiter[] = [];
  private deleted = false;
  private listeners: ((o: Output) => void)[] = [];

  constructor(private readonly channel: amqp.Channel, readonly names: StepNames, private readonly cipher: MessageCipher) {}

  /** The environment variables that tell the sailor where to listen and publish. */
  env(): Record<string, string> {
    return {
      ELASTICIO_LISTEN_MESSAGES_ON: this.names.listenQueue,
      ELASTICIO_PUBLISH_MESSAGES_TO: this.names.publishExchange,
      ELASTICIO_DATA_ROUTING_KEY: this.names.keys.data,
      ELASTICIO_ERROR_ROUTING_KEY: this.names.keys.error,
      ELASTICIO_SNAPSHOT_ROUTING_KEY: this.names.keys.snapshot,
      ELASTICIO_REBOUND_ROUTING_KEY: this.names.keys.rebound,
    };
  }

  onOutput(listener: (o: Output) => void): void {
    this.listeners.push(listener);
  }

  async consume(): Promise<void> {
    for (const kind of OUTPUT_KINDS) {
      const { consumerTag } = await this.channel.consume(this.names.queues[kind], (msg) => {
        if (msg) this.receive(kind, msg);
      }, { noAck: true });
      this.consumerTags.push(consumerTag);
    }
  }

  /** Publishes an input message the way the platform does: encrypted, with the headers the sailor relies on. */
  publish(message: unknown, headers: Record<string, unknown>, protocolVersion = 1): void {
    const content = this.cipher.encrypt(message, protocolVersion);
    this.channel.publish(this.names.inputExchange, this.names.keys.data, content, {
      contentType: 'application/json', headers: { ...headers, protocolVersion },
    });
  }

  /**
   * Resolves once everything already published to the output queues has been received: the sailor publishes with
   * confirms before it acks, so a marker published after the ack lands behind its messages in each FIFO queue.
   */
  async fence(timeoutMs = 10_000): Promise<void> {
    const ids = OUTPUT_KINDS.map((kind) => {
      const id = randomUUID();
      this.fences.add(id);
      this.channel.publish(this.names.publishExchange, this.names.keys[kind], Buffer.from('{}'), { headers: { [FENCE_HEADER]: id } });
      return id;
    });
    await this.waitUntil(() => ids.every((id) => !this.fences.has(id)), timeoutMs, 'the output fence');
  }

  waitUntil(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { test, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Checks waiters again, e.g. after state outside the queues (the sailor's log) changed. */
  poke(): void {
    const ready = this.waiters.filter((w) => w.test());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  async delete(): Promise<void> {
    if (this.deleted) return;
    this.deleted = true;
    for (const tag of this.consumerTags.splice(0)) await this.channel.cancel(tag).catch(() => undefined);
    const ch = this.channel;
    for (const kind of OUTPUT_KINDS) await ch.deleteQueue(this.names.queues[kind]).catch(() => undefined);
    await ch.deleteQueue(this.names.listenQueue).catch(() => undefined);
    await ch.deleteExchange(this.names.inputExchange).catch(() => undefined);
    await ch.deleteExchange(this.names.publishExchange).catch(() => undefined);
  }

  private receive(kind: OutputKind, msg: amqp.ConsumeMessage): void {
    const headers: Record<string, unknown> = { ...(msg.properties.headers ?? {}) };
    const fence = headers[FENCE_HEADER];
    if (typeof fence === 'string') {
      this.fences.delete(fence);
      this.poke();
      return;
    }
    const output: Output = { kind, headers, body: undefined, size: msg.content.length, receivedAt: Date.now() };
    try {
      output.body = this.decode(kind, msg.content, Number(headers.protocolVersion ?? 1));
    } catch (err) {
      output.decodeError = err instanceof Error ? err.message : String(err);
    }
    this.outputs.push(output);
    for (const listener of this.listeners) listener(output);
    this.poke();
  }

  private decode(kind: OutputKind, content: Buffer, protocolVersion: number): unknown {
    if (kind === 'snapshot') return JSON.parse(content.toString('utf8')) as unknown;
    // Errors are always base64 inside JSON and replies always protocol 1, whatever the message's version (SAILOR amqp.js).
    if (kind === 'reply') return this.cipher.decrypt(content, 1);
    if (kind === 'error') {
      const envelope = JSON.parse(content.toString('utf8')) as unknown;
      if (!isRecord(envelope)) throw new Error('the error message is not a JSON object');
      return {
        error: typeof envelope.error === 'string' ? this.cipher.decrypt(envelope.error, 1) : undefined,
        errorInput: typeof envelope.errorInput === 'string' ? this.cipher.decrypt(envelope.errorInput, 1) : undefined,
      };
    }
    return this.cipher.decrypt(content, protocolVersion);
  }
}
