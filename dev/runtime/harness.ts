/**
 * The real-runtime harness: the official sailor (run.js / runService.js from node_modules) loads the component from
 * component.json, over a real RabbitMQ, against a fake platform API (dev/runtime/README.md).
 */
import { randomBytes, randomUUID } from 'crypto';
import * as path from 'path';
import { Broker, Output, StepQueues, connectBroker } from './broker';
import { MessageCipher } from './crypto';
import { FakePlatform, ServiceResult, isRecord } from './fakePlatform';
import { Exit, SailorProcess } from './sailorProcess';

export const COMPONENT_ROOT = path.resolve(__dirname, '..', '..');
/** `ELASTICIO_COMPONENT_PATH` below the root for every step and service, e.g. a pruned copy of the component. */
export const COMPONENT_PATH = process.env.RUNTIME_COMPONENT_PATH ?? '';
/** The component the suite runs: where its component.json is. */
export const COMPONENT_DIR = path.join(COMPONENT_ROOT, COMPONENT_PATH);
const DEFAULT_EXECUTION_TIMEOUT_MS = 60_000;

export interface RuntimeOptions {
  amqpUri?: string;
  componentRoot?: string;
  /** Echo the sailors' log lines to stderr (or set RUNTIME_ECHO=1). */
  echo?: boolean;
}

export interface StepOptions {
  /** The component.json key (`ELASTICIO_FUNCTION`). */
  function: string;
  fields?: Record<string, unknown>;
  /** Credential keys (e.g. `{ tenantId, oauth }`), stored on an account as the platform does. */
  account?: Record<string, unknown>;
  snapshot?: unknown;
  /** Extra environment: MSAPP_*, MSGRAPH_BASE_URL, ELASTICIO_DATA_RATE_LIMIT, ... */
  env?: Record<string, string>;
  /** Default `debug`: the harness sees each input settle through the sailor's "Message ack/reject" debug lines. */
  logLevel?: string;
  /** Start the sailor at once (default true). */
  start?: boolean;
  /** `ELASTICIO_COMPONENT_PATH`: a component below the root other than the root itself (harness fixtures). */
  componentPath?: string;
  /** Run the module's `startup` hook before consuming (`ELASTICIO_STARTUP_REQUIRED`), as for a flow's first step. */
  startupRequired?: boolean;
}

export interface DataMessage {
  id?: string;
  body: unknown;
  headers?: Record<string, unknown>;
  attachments?: unknown;
}

export interface EmittedError { name?: string; message?: string; stack?: string }

export interface Execution {
  messageId: string;
  outcome: 'ack' | 'reject';
  data: DataMessage[];
  errors: EmittedError[];
  /** The input the sailor attached to each error (decrypted). */
  errorInputs: unknown[];
  snapshots: unknown[];
  rebounds: Output[];
  replies: Output[];
  durationMs: number;
}

export interface ExecuteOptions {
  timeoutMs?: number;
  headers?: Record<string, unknown>;
  protocolVersion?: number;
  /** Body of a whole message instead of `{ id, body, headers: {}, attachments: {} }`. */
  message?: Record<string, unknown>;
}

export interface ServiceOptions {
  method: 'verifyCredentials' | 'selectModel' | 'getMetaModel';
  cfg: Record<string, unknown>;
  function?: string;
  modelMethod?: string;
  componentPath?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface ServiceRun {
  result: ServiceResult;
  exit: Exit;
  sailor: SailorProcess;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const broker = await connectBroker(options.amqpUri);
  const platform = new FakePlatform();
  await platform.start();
  return new Runtime(broker, platform, options);
}

export class Runtime {
  readonly runId = `outlook-rt-${randomBytes(4).toString('hex')}`;
  readonly cipher: MessageCipher;
  readonly root: string;
  private readonly crypto = { password: randomBytes(16).toString('hex'), iv: randomBytes(8).toString('hex') };
  private readonly steps: Step[] = [];
  private counter = 0;

  constructor(readonly broker: Broker, readonly platform: FakePlatform, private readonly options: RuntimeOptions) {
    this.cipher = new MessageCipher(this.crypto);
    this.root = options.componentRoot ?? COMPONENT_ROOT;
  }

  get echo(): boolean {
    return this.options.echo ?? Boolean(process.env.RUNTIME_ECHO);
  }

  nextName(kind: string): string {
    this.counter += 1;
    return `${this.runId}-${kind}${this.counter}`;
  }

  /** Everything the sailor requires (SAILOR lib/settings.js), minus the queue names of a step. */
  baseEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ELASTICIO_API_URI: this.platform.url,
      ELASTICIO_API_USERNAME: this.platform.username,
      ELASTICIO_API_KEY: this.platform.apiKey,
      ELASTICIO_AMQP_URI: this.broker.uri,
      ELASTICIO_MESSAGE_CRYPTO_PASSWORD: this.crypto.password,
      ELASTICIO_MESSAGE_CRYPTO_IV: this.crypto.iv,
      ELASTICIO_COMPONENT_PATH: '',
      ELASTICIO_WORKSPACE_ID: 'workspace-runtime',
      ELASTICIO_USER_ID: 'user-runtime',
      ELASTICIO_COMP_ID: 'component-outlook',
      ELASTICIO_CONTAINER_ID: randomUUID(),
      ...extra,
    };
  }

  async step(options: StepOptions): Promise<Step> {
    const name = this.nextName(options.function);
    const queues = await this.broker.openStep(name, this.cipher);
    const step = new Step(this, queues, options, name);
    this.steps.push(step);
    if (options.start ?? true) await step.start();
    return step;
  }

  /** Runs `runService.js <method>` to completion and returns what it posted to the result URL. */
  async service(options: ServiceOptions): Promise<ServiceRun> {
    const runId = this.nextName(options.method);
    const env = this.baseEnv({
      ELASTICIO_POST_RESULT_URL: this.platform.resultUrl(runId),
      ELASTICIO_CFG: JSON.stringify(options.cfg),
      LOG_LEVEL: 'debug',
      ELASTICIO_COMPONENT_PATH: options.componentPath ?? COMPONENT_PATH,
      ...(options.function ? { ELASTICIO_ACTION_OR_TRIGGER: options.function } : {}),
      ...(options.modelMethod ? { ELASTICIO_GET_MODEL_METHOD: options.modelMethod } : {}),
      ...options.env,
    });
    const sailor = new SailorProcess({ script: 'runService.js', args: [options.method], env, cwd: this.root, echo: this.echo });
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => void sailor.stop(1000), timeoutMs);
    const exit = await sailor.exited;
    clearTimeout(timer);
    const result = this.platform.result(runId);
    if (!result) throw new Error(`runService.js ${options.method} posted no result (${exit.signal ?? `exit ${exit.code}`}):\n${sailor.tail(30)}`);
    return { result, exit, sailor };
  }

  async close(): Promise<void> {
    for (const step of this.steps.splice(0)) await step.close();
    await this.platform.stop();
    await this.broker.close();
  }
}

export class Step {
  readonly flowId = `flow-${randomBytes(6).toString('hex')}`;
  readonly stepId = 'step_1';
  readonly accountId?: string;
  /** Every sailor process this step has run, the current one last. */
  readonly sailors: SailorProcess[] = [];

  constructor(private readonly runtime: Runtime, readonly queues: StepQueues, private readonly options: StepOptions, readonly name: string) {
    if (options.account) {
      this.accountId = `account-${randomBytes(6).toString('hex')}`;
      runtime.platform.setAccount(this.accountId, options.account);
    }
    runtime.platform.setStep({
      flowId: this.flowId, stepId: this.stepId, fields: options.fields ?? {}, accountId: this.accountId, snapshot: options.snapshot,
    });
    queues.onOutput((o) => {
      if (o.kind === 'snapshot' && o.headers.stepId === this.stepId) {
        runtime.platform.recordSnapshot(this.flowId, this.stepId, String(o.headers.snapshotEvent ?? 'snapshot'), o.body);
      }
    });
  }

  get sailor(): SailorProcess {
    const current = this.sailors[this.sailors.length - 1];
    if (!current) throw new Error(`the sailor of ${this.options.function} was never started`);
    return current;
  }

  /** The snapshot the platform holds for this step (what a restarted container receives). */
  get storedSnapshot(): unknown {
    return this.runtime.platform.step(this.flowId, this.stepId)?.snapshot;
  }

  /** The step's credential keys as the platform currently holds them. */
  get accountKeys(): Record<string, unknown> | undefined {
    return this.accountId ? this.runtime.platform.account(this.accountId) : undefined;
  }

  async start(timeoutMs = 30_000): Promise<SailorProcess> {
    if (this.sailors.length && this.sailor.running) throw new Error('the sailor is already running');
    const env = this.env(this.options.startupRequired ? { ELASTICIO_STARTUP_REQUIRED: '1' } : {});
    const sailor = new SailorProcess({ script: 'run.js', env, cwd: this.runtime.root, echo: this.runtime.echo });
    this.sailors.push(sailor);
    sailor.onChange(() => this.queues.poke());
    await sailor.ready(timeoutMs);
    return sailor;
  }

  /** What the platform does when the flow stops: `run.js` once more with `ELASTICIO_HOOK_SHUTDOWN` (no AMQP). */
  async runShutdownHook(timeoutMs = 30_000): Promise<SailorProcess> {
    const sailor = new SailorProcess({ script: 'run.js', env: this.env({ ELASTICIO_HOOK_SHUTDOWN: '1' }), cwd: this.runtime.root, echo: this.runtime.echo });
    const timer = setTimeout(() => void sailor.stop(1000), timeoutMs);
    await sailor.exited;
    clearTimeout(timer);
    return sailor;
  }

  private env(extra: Record<string, string>): Record<string, string> {
    return this.runtime.baseEnv({
      ...this.queues.env(),
      ELASTICIO_FLOW_ID: this.flowId,
      ELASTICIO_STEP_ID: this.stepId,
      ELASTICIO_EXEC_ID: randomUUID(),
      ELASTICIO_FUNCTION: this.options.function,
      ELASTICIO_COMPONENT_PATH: this.options.componentPath ?? COMPONENT_PATH,
      LOG_LEVEL: this.options.logLevel ?? 'debug',
      ...extra,
      ...this.options.env,
    });
  }

  async stop(): Promise<Exit | undefined> {
    if (!this.sailors.length || !this.sailor.running) return this.sailors.length ? this.sailor.exitInfo : undefined;
    return this.sailor.stop();
  }

  /** Stops the container and starts a new one, which fetches config and snapshot from the platform again. */
  async restart(): Promise<SailorProcess> {
    await this.stop();
    return this.start();
  }

  /** Publishes one input message (a polling tick is `{}`) without waiting; returns its messageId. */
  publish(body: unknown = {}, options: ExecuteOptions = {}): string {
    const messageId = randomUUID();
    const message = options.message ?? { id: randomUUID(), body, headers: {}, attachments: {} };
    this.queues.publish(message, {
      messageId, threadId: randomUUID(), parentMessageId: randomUUID(), stepId: 'step_0',
      execId: randomUUID(), taskId: this.flowId, workspaceId: 'workspace-runtime', userId: 'user-runtime',
      ...options.headers,
    }, options.protocolVersion ?? 1);
    return messageId;
  }

  /** Publishes one input and waits until the sailor settles it (ack or reject) and its outputs are read. */
  async execute(body: unknown = {}, options: ExecuteOptions = {}): Promise<Execution> {
    if (!['debug', 'trace'].includes(this.options.logLevel ?? 'debug')) {
      throw new Error('execute() sees an input settle only in the sailor\'s debug log: use logLevel debug, or publish() and queues.waitUntil()');
    }
    const sailor = this.sailor;
    const settledBefore = sailor.acks + sailor.rejects;
    const rejectsBefore = sailor.rejects;
    const started = Date.now();
    const messageId = this.publish(body, options);
    const what = `${this.options.function} to settle input ${messageId}`;
    await sailor.until(() => sailor.acks + sailor.rejects > settledBefore || !sailor.running, options.timeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS, what);
    if (!sailor.running) throw new Error(`the sailor exited while processing ${messageId} (${JSON.stringify(sailor.exitInfo)}):\n${sailor.tail(30)}`);
    await this.queues.fence();
    return { ...this.outputsOf(messageId), outcome: sailor.rejects > rejectsBefore ? 'reject' : 'ack', durationMs: Date.now() - started };
  }

  outputsOf(messageId: string): Omit<Execution, 'outcome' | 'durationMs'> {
    const mine = this.queues.outputs.filter((o) => (o.kind === 'rebound' ? o.headers.messageId : o.headers.parentMessageId) === messageId);
    const of = (kind: Output['kind']): Output[] => mine.filter((o) => o.kind === kind);
    const errors = of('error').map((o) => (isRecord(o.body) ? o.body : {}));
    return {
      messageId,
      data: of('data').map((o) => toDataMessage(o)),
      errors: errors.map((e) => (isRecord(e.error) ? e.error as EmittedError : { message: o2s(e.error) })),
      errorInputs: errors.map((e) => e.errorInput),
      snapshots: of('snapshot').map((o) => o.body),
      rebounds: of('rebound'),
      replies: of('reply'),
    };
  }

  async close(): Promise<void> {
    await this.stop();
    await this.queues.delete();
  }
}

function toDataMessage(output: Output): DataMessage {
  if (output.decodeError) throw new Error(`a data message could not be decoded: ${output.decodeError}`);
  const body = output.body;
  return isRecord(body) ? { ...body, body: body.body } : { body };
}

function o2s(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
