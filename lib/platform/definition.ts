/**
 * One definition per function: everything the platform, the README, the tests and the tour need to know about a
 * trigger or action, next to the code that runs it. component.json, lib/schemas and the README reference are
 * generated from these (`npm run manifest`).
 */
import type { Clock, GraphClient } from '../graph/GraphClient';
import type { ComponentContext, Logger } from './context';
import type { Output } from './emit';
import type { JsonSchema, Params, Values } from './params';
import type { Permission } from './permissions';

export interface Example {
  /** Step configuration (besides the credential). */
  config?: Record<string, unknown>;
  /** The input message's body. */
  input?: Record<string, unknown>;
  /** One emitted message's body. */
  output: unknown;
}

interface Common<P extends Params> {
  /** The component.json key: `^[A-Za-z][A-Za-z0-9_]*$`, unique across triggers and actions. */
  key: string;
  title: string;
  /** One sentence for the function list. */
  description: string;
  /** A few sentences for the designer's help and the README. */
  help: string;
  /** The Microsoft Graph pages of the calls it makes. */
  docs: readonly string[];
  permissions: readonly Permission[];
  params: P;
  output: JsonSchema;
  example: Example;
  /** The Graph API it needs, when Microsoft offers that API to work or school accounts only. */
  workAccountsOnly?: string;
  /** The Graph API it needs, when Microsoft offers that API to delegated sign-in only (no app-only token). */
  delegatedOnly?: string;
}

/** What an action's run() gets: its typed values and the means to act; nothing else of the message or step. */
export interface ActionContext<V> {
  values: V;
  client: GraphClient;
  log: Logger;
  /** Where results go (emit behaviour and size limits applied). */
  out: Output;
  /** The incoming message's id, stable across redeliveries: for idempotency keys. */
  messageId?: string;
  /** Facts about the credential that decide what Graph offers. */
  account: { personal: boolean };
  /** How errors name a parameter (`Label (key)`), for checks that span several parameters. */
  field(name: keyof V & string): string;
}

export interface ActionDefinition<P extends Params = Params> extends Common<P> {
  kind: 'action';
  /**
   * emitAll (the emitBehavior parameter chooses): the body of one batch of results. With `whole`, all results go
   * in one message, and results too large for one fail naming that parameter (the one that limits their number).
   */
  batch?: { shape(items: unknown[]): unknown; emitEmpty: boolean; whole?: string };
  run(ctx: ActionContext<Values<P>>): Promise<void>;
}

/** What a polling trigger's run() gets. */
export interface TriggerContext<V> {
  values: V;
  client: GraphClient;
  /** The sailor's context, for the polling engine (emit, logger, an injected clock in specs). */
  platform: ComponentContext & { clock?: Clock };
  snapshot: unknown;
}

export interface PollingTriggerDefinition<P extends Params = Params> extends Common<P> {
  kind: 'trigger';
  type: 'polling';
  run(ctx: TriggerContext<Values<P>>): Promise<void>;
}

/** What Graph is asked to watch for a webhook trigger. */
export interface WebhookSubscription {
  /** The resource path as Graph takes it in a subscription, without a leading slash. */
  resource: string;
  /** Comma-separated change types: a hint of what is worth a notification (the catch-up decides what is emitted). */
  changeType: string;
}

/**
 * A trigger fed by Graph change notifications. A notification is only a hint: on each one (and on a safety tick) the
 * trigger reads what changed since the position in its snapshot and emits each new version once, as a polling
 * trigger does; the subscription itself is kept by the step's container (lib/platform/webhook).
 */
export interface WebhookTriggerDefinition<P extends Params = Params> extends Common<P> {
  kind: 'trigger';
  type: 'webhook';
  subscription(values: Values<P>): WebhookSubscription;
  /** Emits what changed since the snapshot's position, each new version once (the polling engine). */
  catchUp(ctx: TriggerContext<Values<P>>): Promise<void>;
}

export type TriggerDefinition = PollingTriggerDefinition | WebhookTriggerDefinition;

export type FunctionDefinition = ActionDefinition | TriggerDefinition;

/** Identity functions that let TypeScript infer the values' types from the parameters. */
export function defineAction<P extends Params>(definition: Omit<ActionDefinition<P>, 'kind'>): ActionDefinition<P> {
  return { kind: 'action', ...definition };
}

export function definePollingTrigger<P extends Params>(definition: Omit<PollingTriggerDefinition<P>, 'kind' | 'type'>): PollingTriggerDefinition<P> {
  return { kind: 'trigger', type: 'polling', ...definition };
}

export function defineWebhookTrigger<P extends Params>(definition: Omit<WebhookTriggerDefinition<P>, 'kind' | 'type'>): WebhookTriggerDefinition<P> {
  return { kind: 'trigger', type: 'webhook', ...definition };
}
