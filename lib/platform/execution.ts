/**
 * The shape every execution shares, written once: parse the configuration and the message against the function's
 * parameters (before any request), build the Graph client, log start and end with the elapsed time, emit through
 * one Output, and put Graph's refusals in the flow designer's words. Also the CommonJS module the sailor loads.
 */
import { ThrottledError } from '../graph/errors';
import { ConfigurationError } from '../outlook/errors';
import { isRecord } from '../outlook/values/text';
import { ComponentContext, Message, loggerOf } from './context';
import { graphClientFor, isApplication, isPersonalAccount, requireWorkAccount } from './credentials';
import type { ActionDefinition, FunctionDefinition, PollingTriggerDefinition } from './definition';
import { EmitBehavior, Output } from './emit';
import { fieldName, parseParams } from './params';
import { Permission, explainAccessDenied } from './permissions';
import type { PollingContext } from './polling/engine';
import { executeWebhook, initWebhook, shutdownWebhook, startupWebhook } from './webhook/step';

function throttling(err: unknown): ThrottledError | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof ThrottledError) return e;
  return undefined;
}

/** Data messages an action may have on their way to the queue at once (Output, inFlight). */
const ACTION_IN_FLIGHT = 100;

/** A context whose data emits are counted, so a failure knows whether anything went out. */
function counting(ctx: ComponentContext): { ctx: ComponentContext; emitted: () => number } {
  let emitted = 0;
  const counted: ComponentContext = Object.create(ctx) as ComponentContext;
  counted.emit = (event: string, data?: unknown) => {
    if (event === 'data') emitted += 1;
    return ctx.emit(event, data);
  };
  return { ctx: counted, emitted: () => emitted };
}

function behaviorOf(values: unknown): EmitBehavior {
  return isRecord(values) && values.emitBehavior === 'emitAll' ? 'emitAll' : 'emitIndividually';
}

/**
 * What the credential allows, before any request: a personal account gets no work-only API, an application (no
 * signed-in user, no `/me`) must name a mailbox and gets no delegated-only API.
 */
export function checkAccount(def: FunctionDefinition, values: unknown, cfg: unknown): void {
  if (!isApplication(cfg)) {
    if (def.workAccountsOnly) requireWorkAccount(cfg, { title: def.title, api: def.workAccountsOnly });
    return;
  }
  if (def.delegatedOnly) {
    throw new ConfigurationError('Sign-in (authType)', `"${def.title}" uses Microsoft Graph's ${def.delegatedOnly}, which Microsoft offers to a `
      + 'signed-in user only, not to an application: use a credential that signs in a user');
  }
  const mailbox = def.params.mailbox;
  if (mailbox && !(isRecord(values) && typeof values.mailbox === 'string')) {
    throw new ConfigurationError(`${mailbox.spec.label} (mailbox)`, 'is required with application sign-in: an app-only token has no signed-in '
      + 'user (no /me), so name the mailbox to work on (user id or address)');
  }
}

/**
 * Runs an action. Throttling that outlasts the execution, before anything was emitted, hands the input back to
 * the platform (`rebound`: redelivered after a growing delay): a throttled request was not processed, so doing it
 * all again later is safe. Once data has gone out a rebound would emit it twice, so the error stands.
 */
export async function executeAction(def: ActionDefinition, platform: ComponentContext, msg: Message, cfg: unknown): Promise<void> {
  const started = Date.now();
  const title = `"${def.title}" action`;
  const values = parseParams(def.params, { body: msg.body, cfg });
  checkAccount(def, values, cfg);
  const { ctx, emitted } = counting(platform);
  const field = (name: string): string => fieldName(def.params[name], name, def.params[name]?.inInput() ? 'input' : 'config');
  const whole = def.batch?.whole;
  const out = new Output(ctx, {
    behavior: behaviorOf(values), batch: def.batch?.shape, emitEmpty: def.batch?.emitEmpty, inFlight: ACTION_IN_FLIGHT,
    whole: whole === undefined ? undefined : (count) => new ConfigurationError(field(whole),
      `${count} results are too large for one platform message; lower ${field(whole)}, ask for less per result, or emit individually`),
  });
  ctx.logger.info(`${title} started`);
  try {
    const client = graphClientFor(ctx, cfg);
    await def.run({
      values, client, log: ctx.logger, out, messageId: msg.id, account: { personal: isPersonalAccount(cfg) },
      field,
    });
    await out.flush();
  } catch (err) {
    const throttled = throttling(err);
    if (!throttled || emitted() > 0) throw explainAccessDenied(err, { title, permissions: def.permissions, cfg });
    const wait = throttled.retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${Math.ceil(throttled.retryAfterMs / 1000)} s`;
    ctx.logger.warn(`${title}: Microsoft Graph keeps throttling (${throttled.status} ${throttled.code}, ${wait}); `
      + 'the message goes back to the platform (rebound) to be processed again later');
    await platform.emit('rebound', throttled);
    return;
  }
  ctx.logger.info(`${title} finished in ${Date.now() - started} ms: ${out.messages} messages emitted`);
}

/** Runs a polling trigger; the polling engine logs its start, progress and end. */
export async function executeTrigger(def: PollingTriggerDefinition, platform: PollingContext, cfg: unknown, snapshot: unknown): Promise<void> {
  const values = parseParams(def.params, { body: {}, cfg });
  checkAccount(def, values, cfg);
  try {
    await def.run({ values, client: graphClientFor(platform, cfg, { clock: platform.clock }), platform, snapshot });
  } catch (err) {
    throw explainAccessDenied(err, { title: `"${def.title}" trigger`, permissions: def.permissions, cfg });
  }
}

type Model = Record<string, string>;

/** A select model (picker) as the sailor calls it: `this` is its service context, `cfg` the step being edited. */
export type Picker = (this: Partial<PollingContext> | undefined, cfg: unknown) => Promise<Model>;

export interface PickerSpec {
  title: string;
  permissions: readonly Permission[];
  list(client: ReturnType<typeof graphClientFor>, mailbox: string | undefined): Promise<Model>;
}

/** A picker reads only the mailbox of the step's configuration; its failures are explained like a function's. */
export function picker(spec: PickerSpec, mailboxOf: (cfg: unknown) => string | undefined): Picker {
  return async function selectModel(this: Partial<PollingContext> | undefined, cfg: unknown): Promise<Model> {
    const client = graphClientFor(this, cfg, { clock: this?.clock });
    const mailbox = mailboxOf(cfg);
    if (mailbox === undefined && isApplication(cfg)) {
      throw new ConfigurationError('Mailbox (mailbox)', 'is required with application sign-in: fill it in before choosing from this list');
    }
    try {
      const model = await spec.list(client, mailbox);
      loggerOf(this).info(`${spec.title}: ${Object.keys(model).length} entries`);
      return model;
    } catch (err) {
      throw explainAccessDenied(err, { title: spec.title, permissions: spec.permissions, cfg });
    }
  };
}

/** The sailor's hooks (called unbound: no logger, no emit), which webhook triggers use to keep their subscription. */
export interface Hooks {
  startup?(cfg: unknown): Promise<Record<string, unknown>>;
  init?(cfg: unknown): Promise<void>;
  shutdown?(cfg: unknown, startupData: unknown): Promise<void>;
}

export type FunctionModule<K extends string> = {
  process(this: ComponentContext, msg: Message, cfg: unknown, snapshot?: unknown): Promise<void>;
  definition: FunctionDefinition;
} & Hooks & Readonly<Record<K, Picker>>;

/**
 * The module the sailor requires (`main`): process() and the pickers (select models), every one of them, so any
 * configuration field may name any picker. `process` must be a function (the sailor binds it), and it must not
 * shadow Node's global `process` in the module that defines it.
 */
export function functionModule<K extends string>(definition: FunctionDefinition, pickers: Readonly<Record<K, Picker>>): FunctionModule<K> {
  for (const param of Object.values(definition.params)) {
    const model = param.spec.view.model;
    if (typeof model === 'string' && !(model in pickers)) throw new ConfigurationError(definition.key, `names the picker ${model}, which does not exist`);
  }
  if (definition.kind === 'trigger' && definition.type === 'webhook') {
    return {
      ...pickers,
      definition,
      process: async function processNotification(this: PollingContext, msg: Message, cfg: unknown, snapshot?: unknown): Promise<void> {
        await executeWebhook(definition, this, msg, cfg, snapshot ?? {});
      },
      startup: async () => startupWebhook(),
      init: async (cfg: unknown) => { initWebhook(definition, cfg); },
      shutdown: (cfg: unknown, data: unknown) => shutdownWebhook(definition, cfg, data),
    };
  }
  const processMessage = definition.kind === 'action'
    ? async function processAction(this: ComponentContext, msg: Message, cfg: unknown): Promise<void> {
      await executeAction(definition, this, msg, cfg);
    }
    : async function processTick(this: PollingContext, _msg: Message, cfg: unknown, snapshot?: unknown): Promise<void> {
      await executeTrigger(definition, this, cfg, snapshot ?? {});
    };
  return { ...pickers, process: processMessage, definition };
}
