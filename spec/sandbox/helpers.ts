/** Plain HTTP against an in-process sandbox (no nock): the conformance specs' only client. */
import * as http from 'http';
import { manualClock, startSandbox } from '../../dev/sandbox';
import type { Sandbox, SandboxOptions } from '../../dev/sandbox';

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

export interface GraphItem { id: string; [key: string]: unknown }
export interface GraphPage {
  value: GraphItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  '@odata.count'?: number;
  '@odata.context'?: string;
}
export interface GraphErrorBody {
  error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string; [k: string]: unknown } };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json<T>(): T;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  timeoutMs?: number;
}

export function call(url: string, init: CallInit = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(init.body)) payload = init.body;
  else if (typeof init.body === 'string') payload = Buffer.from(init.body);
  else if (init.body !== undefined) {
    payload = Buffer.from(JSON.stringify(init.body));
    headers['Content-Type'] ??= 'application/json';
  }
  if (payload) headers['Content-Length'] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.timeoutMs !== undefined) req.setTimeout(init.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.end(payload);
  });
}

/** A Graph client bound to one sandbox and token: paths are relative to `/v1.0`, or absolute URLs (nextLinks). */
export class Graph {
  constructor(readonly sb: Sandbox, public token: string = sb.issueToken().access_token) {}

  /** Spaces in a relative path are sent as %20 so specs can write OData readably. */
  url(path: string): string {
    return path.startsWith('http') ? path : `${this.sb.url}/v1.0${path.replace(/ /g, '%20')}`;
  }

  request(method: string, path: string, init: Omit<CallInit, 'method'> = {}): Promise<Reply> {
    return call(this.url(path), { ...init, method, headers: { Authorization: `Bearer ${this.token}`, ...(init.headers ?? {}) } });
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request('GET', path, { headers });
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.request('POST', path, { body: body as object | undefined, headers });
  }

  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.request('PATCH', path, { body: body as object, headers });
  }

  delete(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request('DELETE', path, { headers });
  }

  /** GET that must answer 200; returns the JSON body. */
  async ok<T = GraphPage>(path: string, headers?: Record<string, string>): Promise<T> {
    const reply = await this.get(path, headers);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    return reply.json<T>();
  }

  /** Follows nextLinks verbatim; returns every item and the final deltaLink if any. */
  async all(path: string, headers?: Record<string, string>): Promise<{ items: GraphItem[]; pages: number; deltaLink?: string }> {
    const items: GraphItem[] = [];
    let next: string | undefined = path;
    let pages = 0;
    let deltaLink: string | undefined;
    while (next) {
      const page: GraphPage = await this.ok<GraphPage>(next, headers);
      pages += 1;
      items.push(...page.value);
      next = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'];
    }
    return { items, pages, deltaLink };
  }
}

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ seed: 1, clock: manualClock(T0), ...options });
}

/** `encodeURIComponent` plus the characters it leaves alone that matter in paths and OData. */
export function enc(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function q(text: string): string {
  return enc(text);
}

/** A fresh sandbox and a client for it in each test of the enclosing describe block. */
export function sandboxPerTest(options: SandboxOptions = { demo: false }): { readonly sb: Sandbox; readonly graph: Graph } {
  let sb: Sandbox | undefined;
  let graph: Graph | undefined;
  beforeEach(async () => {
    sb = await startTestSandbox(options);
    graph = new Graph(sb);
  });
  afterEach(() => sb?.stop());
  return {
    get sb(): Sandbox {
      if (!sb) throw new Error('the sandbox runs only inside a test');
      return sb;
    },
    get graph(): Graph {
      if (!graph) throw new Error('the sandbox runs only inside a test');
      return graph;
    },
  };
}
