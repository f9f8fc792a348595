/** `npm run sandbox`: a local Graph + token endpoint for manual runs; prints what to export and a token. */
import { startSandbox } from './index';
import type { RecordedRequest } from './types';

const HELP = `Usage: npm run sandbox -- [options]

Starts the local Microsoft Graph sandbox (Graph v1.0 under /v1.0, token endpoint, object storage)
on 127.0.0.1 and keeps it running until Ctrl-C.

Options:
  --port N          TCP port (default: random free port)
  --seed N          seed of the demo data and random faults (default: 1)
  --bulk N          add N small messages to the Inbox (e.g. 100000)
  --bulk-folder F   folder for --bulk (well-known name or display-name path, default: inbox)
  --quiet           do not log each request
  --help            show this help
`;

interface CliOptions { port: number; seed: number; bulk?: number; bulkFolder: string; quiet: boolean }

function parse(argv: string[]): CliOptions | undefined {
  const options: CliOptions = { port: 0, seed: 1, bulkFolder: 'inbox', quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return v;
    };
    const integer = (): number => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`${arg} needs a non-negative integer, got "${v}"`);
      return Number(v);
    };
    switch (arg) {
      case '--help': case '-h': return undefined;
      case '--port': options.port = integer(); break;
      case '--seed': options.seed = integer(); break;
      case '--bulk': options.bulk = integer(); break;
      case '--bulk-folder': options.bulkFolder = value(); break;
      case '--quiet': options.quiet = true; break;
      default: throw new Error(`Unknown option ${arg} (see --help)`);
    }
  }
  return options;
}

function logLine(r: RecordedRequest): void {
  const query = Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : '';
  process.stdout.write(`${new Date().toISOString()} ${r.status || 'reset'} ${r.method} ${r.path}${query.length > 120 ? `${query.slice(0, 117)}...` : query} [${r.route}]\n`);
}

async function main(): Promise<void> {
  let options: CliOptions | undefined;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    process.stdout.write(HELP);
    return;
  }
  const started = Date.now();
  const sb = await startSandbox({
    port: options.port, seed: options.seed,
    bulk: options.bulk ? { folder: options.bulkFolder, count: options.bulk } : undefined,
    onRequest: options.quiet ? undefined : logLine,
  });
  const token = sb.issueToken();
  process.stdout.write([
    `Graph sandbox listening on ${sb.url} (seed ${options.seed}, ${sb.store.messageCount()} messages, started in ${Date.now() - started} ms)`,
    `Signed-in user: ${sb.user.displayName} <${sb.user.userPrincipalName}>`,
    '',
    'Environment for the component:',
    `  export MSGRAPH_BASE_URL=${sb.url}`,
    `  export MSAPP_AUTHORITY_HOST=${sb.url}`,
    `  export MSAPP_CLIENT_ID=${sb.clientId}`,
    `  export MSAPP_CLIENT_SECRET='${sb.clientSecret}'`,
    `  export ELASTICIO_OBJECT_STORAGE_URI=${sb.url}`,
    `  export ELASTICIO_OBJECT_STORAGE_TOKEN=${sb.objectStorageToken}`,
    '',
    `Tenant id: ${sb.tenantId}`,
    'Credential (cfg.oauth) of the demo user:',
    JSON.stringify({ tenantId: sb.tenantId, oauth: token }, null, 2),
    '',
    `Try: curl -H "Authorization: Bearer $ACCESS_TOKEN" '${sb.url}/v1.0/me/mailFolders/inbox/messages?$top=5'`,
    `  with ACCESS_TOKEN=${token.access_token}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));
  const stop = (): void => {
    process.stdout.write('\nStopping the sandbox…\n');
    sb.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
