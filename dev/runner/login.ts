/** Obtains a real token for live runs: the OAuth authorization-code flow with a callback on 127.0.0.1. */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { AuthorizationCode } from 'simple-oauth2';
import { manifest } from './component';

interface LoginOptions { tenant: string; out: string; port: number }

export async function login(options: LoginOptions): Promise<number> {
  const { MSAPP_CLIENT_ID: id, MSAPP_CLIENT_SECRET: secret } = process.env;
  if (!id || !secret) throw new Error('login needs MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET in the environment');
  const host = (process.env.MSAPP_AUTHORITY_HOST || 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const tenant = encodeURIComponent(options.tenant);
  const client = new AuthorizationCode({
    client: { id, secret },
    auth: { tokenHost: host, tokenPath: `/${tenant}/oauth2/v2.0/token`, authorizePath: `/${tenant}/oauth2/v2.0/authorize` },
    options: { authorizationMethod: 'body' },
  });
  const scopes = (manifest() as { credentials?: { oauth2?: { scopes?: string[] } } }).credentials?.oauth2?.scopes ?? [];
  const redirect = `http://localhost:${options.port}/callback`;
  const state = randomBytes(16).toString('hex');
  console.log(`Open this URL, sign in and consent (redirect URI ${redirect} must be registered on the app):\n\n${client.authorizeURL({ redirect_uri: redirect, scope: scopes, state })}\n`);

  const code = await new Promise<string>((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirect);
      if (url.pathname !== '/callback') { res.writeHead(404).end(); return; }
      const error = url.searchParams.get('error');
      const got = url.searchParams.get('code');
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(error ? `Sign-in failed: ${error}` : 'Signed in. You can close this tab.');
      server.close();
      if (error) reject(new Error(`sign-in failed: ${error} ${url.searchParams.get('error_description') ?? ''}`));
      else if (!got || url.searchParams.get('state') !== state) reject(new Error('the callback carried no code or a wrong state'));
      else resolve(got);
    });
    server.listen(options.port, '127.0.0.1');
  });
  const token = await client.getToken({ code, redirect_uri: redirect, scope: scopes });
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, JSON.stringify(token.token, null, 2), { mode: 0o600 });
  console.log(`Token saved to ${options.out} (keep it private). Run: npm run dev -- run readMail --token ${options.out} --cfg cfg.json`);
  return 0;
}
