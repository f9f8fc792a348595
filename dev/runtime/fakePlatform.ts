/** A fake elastic.io platform API: the calls the sailor 2.7.8 makes (as elasticio/sailor-nodejs 2.7.8 calls them: lib/sailor.js, lib/service.js, run.js; see dev/runtime/README.md). */
import * as http from 'http';
import { AddressInfo } from 'net';
import { randomBytes } from 'crypto';

export interface StepDefinition {
  flowId: string;
  stepId: string;
  /** The step's own config fields (what the user filled in). */
  fields: Record<string, unknown>;
  /** Credential keys live on an account; the step config is fields + keys + `_account`, as on the platform. */
  accountId?: string;
  snapshot?: unknown;
  isPassthrough?: boolean;
  variables?: Record<string, string>;
}

export interface PlatformRequest {
  method: string;
  path: string;
  status: number;
  authorized: boolean;
  body?: unknown;
}

export interface ServiceResult {
  status: string;
  data: unknown;
}

type JsonRecord = Record<string, unknown>;

export class FakePlatform {
  readonly username = 'runtime-harness@example.com';
  readonly apiKey = randomBytes(12).toString('hex');
  readonly requests: PlatformRequest[] = [];
  /** Every `PUT /v1/accounts/{id}` body's `keys`, in order. */
  readonly accountUpdates: { accountId: string; keys: JsonRecord }[] = [];
  readonly startupData = new Map<string, unknown>();
  private readonly resultCredentials = { user: 'result', pass: randomBytes(8).toString('hex') };
  private readonly steps = new Map<string, StepDefinition>();
  private readonly accounts = new Map<string, JsonRecord>();
  private readonly results = new Map<string, ServiceResult>();
  private readonly resultWaiters = new Map<string, (r: ServiceResult) => void>();
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    const server = http.createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setAccount(accountId: string, keys: JsonRecord): void {
    this.accounts.set(accountId, structuredClone(keys));
  }

  account(accountId: string): JsonRecord | undefined {
    return this.accounts.get(accountId);
  }

  setStep(step: StepDefinition): void {
    this.steps.set(stepKey(step.flowId, step.stepId), structuredClone(step));
  }

  step(flowId: string, stepId: string): StepDefinition | undefined {
    return this.steps.get(stepKey(flowId, stepId));
  }

  /** What the platform does with the snapshot queue: keep the latest state for the next container start. */
  recordSnapshot(flowId: string, stepId: string, event: string, data: unknown): void {
    const step = this.steps.get(stepKey(flowId, stepId));
    if (!step) return;
    if (event === 'updateSnapshot' && isRecord(step.snapshot) && isRecord(data)) {
      step.snapshot = { ...step.snapshot, ...data };
    } else {
      step.snapshot = structuredClone(data);
    }
  }

  /** The step config the sailor receives: fields, then the account's current keys, then `_account`. */
  configOf(step: StepDefinition): JsonRecord {
    const keys = step.accountId ? this.accounts.get(step.accountId) ?? {} : {};
    return { ...step.fields, ...keys, ...(step.accountId ? { _account: step.accountId } : {}) };
  }

  /** A result URL with credentials embedded, as the platform hands to runService.js. */
  resultUrl(runId: string): string {
    const { user, pass } = this.resultCredentials;
    return `${this.url.replace('http://', `http://${user}:${pass}@`)}/service-results/${encodeURIComponent(runId)}`;
  }

  result(runId: string): ServiceResult | undefined {
    return this.results.get(runId);
  }

  waitForResult(runId: string, timeoutMs: number): Promise<ServiceResult> {
    const known = this.results.get(runId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.resultWaiters.delete(runId);
        reject(new Error(`no service result was posted for ${runId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.resultWaiters.set(runId, (r) => { clearTimeout(timer); resolve(r); });
    });
  }

  /** Requests the fake did not expect (404) or refused (401): a test can assert there are none. */
  unexpectedRequests(): PlatformRequest[] {
    return this.requests.filter((r) => r.status === 404 || r.status === 401);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = await readJson(req);
    const entry: PlatformRequest = { method: req.method ?? 'GET', path, status: 404, authorized: false, body };
    this.requests.push(entry);
    const answer = (status: number, payload?: unknown): void => {
      entry.status = status;
      res.writeHead(status, payload === undefined ? {} : { 'Content-Type': 'application/json' });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const isResult = path.startsWith('/service-results/');
    entry.authorized = isResult
      ? hasBasic(req, this.resultCredentials.user, this.resultCredentials.pass)
      : hasBasic(req, this.username, this.apiKey);
    if (!entry.authorized) return answer(401, { error: 'Unauthorized' });
    if (isResult) return this.onResult(decodeURIComponent(path.slice('/service-results/'.length)), body, answer);
    return this.route(entry.method, path, body, answer);
  }

  private route(method: string, path: string, body: unknown, answer: (status: number, payload?: unknown) => void): void {
    let m = /^\/v1\/tasks\/([^/]+)\/steps\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const step = this.steps.get(stepKey(decodeURIComponent(m[1]), decodeURIComponent(m[2])));
      if (!step) return answer(404, { error: 'Step not found' });
      return answer(200, {
        id: step.stepId, config: this.configOf(step), snapshot: step.snapshot ?? {},
        is_passthrough: step.isPassthrough ?? false, variables: step.variables ?? {},
      });
    }
    m = /^\/v1\/accounts\/([^/]+)\/?$/.exec(path);
    if (m && method === 'PUT') return this.onAccountUpdate(decodeURIComponent(m[1]), body, answer);
    m = /^\/sailor-support\/hooks\/task\/([^/]+)\/startup\/data$/.exec(path);
    if (m) return this.onStartupData(method, decodeURIComponent(m[1]), body, answer);
    return answer(404, { error: `no route for ${method} ${path}` });
  }

  private onAccountUpdate(accountId: string, body: unknown, answer: (status: number, payload?: unknown) => void): void {
    const keys = isRecord(body) && isRecord(body.keys) ? body.keys : undefined;
    if (!this.accounts.has(accountId) || !keys) return answer(keys ? 404 : 400, { error: 'bad account update' });
    this.accountUpdates.push({ accountId, keys: structuredClone(keys) });
    // ASSUMPTION: the platform merges the emitted keys into the credential (components emit only `{oauth}`,
    // and other credential fields such as tenantId survive); the public API docs do not say.
    const merged = { ...this.accounts.get(accountId), ...keys };
    this.accounts.set(accountId, merged);
    return answer(200, { id: accountId, keys: merged });
  }

  private onStartupData(method: string, flowId: string, body: unknown, answer: (status: number, payload?: unknown) => void): void {
    if (method === 'POST') {
      if (this.startupData.has(flowId)) return answer(409, { error: 'Startup data already exists' });
      this.startupData.set(flowId, body ?? {});
      return answer(201, body ?? {});
    }
    if (method === 'GET') return this.startupData.has(flowId) ? answer(200, this.startupData.get(flowId)) : answer(404, { error: 'Not found' });
    if (method === 'DELETE') { this.startupData.delete(flowId); return answer(204); }
    return answer(405, { error: 'Method not allowed' });
  }

  private onResult(runId: string, body: unknown, answer: (status: number, payload?: unknown) => void): void {
    const result: ServiceResult = isRecord(body) && typeof body.status === 'string'
      ? { status: body.status, data: body.data }
      : { status: 'malformed', data: body };
    this.results.set(runId, result);
    this.resultWaiters.get(runId)?.(result);
    this.resultWaiters.delete(runId);
    // The sailor exits fatally on anything but exactly 200.
    return answer(200, { ok: true });
  }
}

function stepKey(flowId: string, stepId: string): string {
  return `${flowId}/${stepId}`;
}

function hasBasic(req: http.IncomingMessage, user: string, pass: string): boolean {
  const header = req.headers.authorization ?? '';
  return header === `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try { return JSON.parse(text) as unknown; } catch { return text; }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
