/**
 * Local stand-ins for "somewhere else": a trap that records every request it gets (a foreign host the component
 * must never send a token to), and a proxy in front of the sandbox that can hand out hostile nextLinks.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface TrapRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Trap {
  url: string;
  port: number;
  requests: TrapRequest[];
  stop(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<{ server: http.Server; url: string; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function readAll(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Records every request. `GET /redirect?to=URL` answers 302 to URL (a storage host that bounces downloads
 * elsewhere); anything else answers an empty Graph collection, so a component that follows a link keeps going.
 */
export async function startTrap(): Promise<Trap> {
  const requests: TrapRequest[] = [];
  const { server, url, port } = await serve((req, res) => {
    void readAll(req).then((body) => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      const target = new URL(req.url ?? '/', 'http://trap');
      if (target.pathname === '/redirect' && target.searchParams.get('to')) {
        res.writeHead(302, { Location: target.searchParams.get('to') as string }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"value":[]}');
    });
  });
  return { url, port, requests, stop: () => close(server) };
}

export interface Proxy {
  url: string;
  /** While set, every collection page carries this nextLink (and no deltaLink); otherwise links point back at the proxy. */
  hostileLink?: string;
  stop(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = { url: '', stop: async () => undefined };
  const { server, url } = await serve((req, res) => {
    void readAll(req).then((body) => {
      const headers = { ...req.headers, host: new URL(target).host };
      const upstream = http.request(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let payload = Buffer.concat(chunks);
          if (String(answer.headers['content-type'] ?? '').includes('json') && payload.length > 0) {
            const json = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
            if (proxy.hostileLink !== undefined && Array.isArray(json.value)) {
              json['@odata.nextLink'] = proxy.hostileLink;
              delete json['@odata.deltaLink'];
            } else {
              for (const key of ['@odata.nextLink', '@odata.deltaLink']) {
                if (typeof json[key] === 'string') json[key] = (json[key]).replace(target, url);
              }
            }
            payload = Buffer.from(JSON.stringify(json));
          }
          const out = { ...answer.headers, 'content-length': String(payload.length) };
          delete out['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, out).end(payload);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  proxy.url = url;
  proxy.stop = () => close(server);
  return proxy;
}
