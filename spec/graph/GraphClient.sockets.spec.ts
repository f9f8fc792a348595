/**
 * The timeout/reset/refused classification against real sockets on 127.0.0.1 (nock only simulates error codes).
 * The only wall-clock wait is one 30 ms axios timeout.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkError, TimeoutError } from '../../lib/graph/errors';
import { testClient } from '../support/graph';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => { hits += 1; handler(req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('GraphClient on real sockets', () => {
  it('does not repeat a POST whose connection is reset after it was sent', async () => {
    const server = await serve((req) => req.socket.destroy());
    try {
      const { client, clock } = testClient({ baseUrl: server.url });
      await assert.rejects(client.request({ method: 'POST', path: '/me/sendMail', body: { message: {} } }),
        (err: unknown) => err instanceof NetworkError && err.code === 'ECONNRESET' && err.outcomeUnknown);
      assert.equal(server.hits(), 1);
      assert.deepEqual(clock.sleeps, []);
    } finally {
      await server.close();
    }
  });

  it('repeats a GET whose connection is reset', async () => {
    let first = true;
    const server = await serve((req, res) => {
      if (first) { first = false; req.socket.destroy(); return; }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"u"}');
    });
    try {
      const { client, clock } = testClient({ baseUrl: server.url });
      assert.deepEqual(await client.get('/me'), { id: 'u' });
      assert.equal(server.hits(), 2);
      assert.deepEqual(clock.sleeps, [500]);
    } finally {
      await server.close();
    }
  });

  it('retries a POST on a refused connection (nothing was sent) and reports ECONNREFUSED in the end', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    const { client, clock } = testClient({ baseUrl: url });
    await assert.rejects(client.request({ method: 'POST', path: '/me/sendMail', body: {} }),
      (err: unknown) => err instanceof NetworkError && err.code === 'ECONNREFUSED' && !err.outcomeUnknown);
    assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
  });

  it('reports a POST that gets no answer in time as a timeout with an unknown outcome', async () => {
    const server = await serve(() => undefined);
    try {
      const { client } = testClient({ baseUrl: server.url, timeoutMs: 30 });
      await assert.rejects(client.request({ method: 'POST', path: '/me/sendMail', body: {} }),
        (err: unknown) => err instanceof TimeoutError && err.outcomeUnknown);
      assert.equal(server.hits(), 1);
    } finally {
      await server.close();
    }
  });
});
