/** A minimal Graph + token endpoint (GET /me, refresh grant) for harness self-tests that need no mailbox. */
import * as http from 'http';
import { AddressInfo } from 'net';
import { randomBytes } from 'crypto';

export interface StubGraph {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  validAccessTokens: Set<string>;
  requests: string[];
  issueToken(): { access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string };
  stop(): Promise<void>;
}

export async function startStubGraph(): Promise<StubGraph> {
  const valid = new Set<string>();
  const refreshTokens = new Set<string>();
  const requests: string[] = [];
  const issueToken = () => {
    const token = { access_token: `at-${randomBytes(16).toString('hex')}`, refresh_token: `rt-${randomBytes(16).toString('hex')}`, expires_in: 3600, token_type: 'Bearer', scope: 'User.Read Mail.ReadWrite' };
    valid.add(token.access_token);
    refreshTokens.add(token.refresh_token);
    return token;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(`${req.method} ${path}`);
      const send = (status: number, body: unknown) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (req.method === 'POST' && path === `/${stub.tenantId}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (!refreshTokens.has(form.get('refresh_token') ?? '')) return send(400, { error: 'invalid_grant', error_codes: [70008] });
        return send(200, issueToken());
      }
      if (req.method === 'GET' && path === '/v1.0/me') {
        const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        if (!valid.has(bearer)) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });
        return send(200, { id: 'user-1', userPrincipalName: 'adele@contoso.example', mail: 'adele@contoso.example' });
      }
      return send(404, { error: { code: 'ResourceNotFound', message: 'no stub route' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stub: StubGraph = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tenantId: 'contoso.example', clientId: 'client-id', clientSecret: randomBytes(8).toString('hex'),
    validAccessTokens: valid, requests, issueToken,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return stub;
}
