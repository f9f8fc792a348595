/** `npm start` (the tour) and `npm run dev -- <command>`: run the component's functions like the sailor does. */
import * as fs from 'fs';
import * as path from 'path';
import { findFunction, functions, load, loadVerifyCredentials } from './component';
import { execute, Level, newInput, runnerContext } from './context';
import { describeEmit } from './print';
import { Target, liveTarget, sandboxTarget } from './target';
import { runTour } from './tour';
import { login } from './login';

const HELP: Record<string, string> = {
  main: `Runs outlook-component functions locally, with the same \`this\` (emit, logger) the sailor gives them.

Commands:
  tour                     start the Graph sandbox and run a tour of every trigger and action (npm start)
  run <key>                run one trigger or action once
  select <key> <model>     call a select-model function (e.g. select readMail getFolders)
  verify                   run verifyCredentials
  list                     list the triggers and actions in component.json
  login                    obtain a token from Microsoft for live runs (OAuth authorization-code flow)

Every command but login targets the local Graph sandbox unless --token is given (then real Microsoft Graph).
Run \`npm run dev -- <command> --help\` for a command's options.`,
  tour: `tour — starts the in-process Graph sandbox (no account, no network) and runs each trigger and action
against it, printing what each emits. Ends with "tour: F functions run, M messages emitted, E errors"; exits 1 if E > 0.
Options: --level debug|info|warn   log level (default warn)`,
  run: `run <key> [options] — runs the trigger or action <key> once and prints emitted data, snapshots, updateKeys, errors.
Options:
  --cfg <file>        JSON step configuration (fields such as folderId, mailbox); credentials are added for you
  --msg <file>        JSON input message body (default {})
  --snapshot <file>   snapshot kept between runs (default .dev/snapshots/<key>.json); written after each snapshot emit
  --token <file>      run against real Microsoft Graph with this token response (from \`login\`); rotated tokens are written back
  --tenant <id>       AD tenant for live runs (default common)
  --level <level>     log level (default info)`,
  select: `select <key> <model> [--cfg file] [--token file] — prints the options a select model returns.`,
  verify: `verify [--cfg file] [--token file] — runs verifyCredentials and prints its answer.`,
  list: 'list — lists the triggers and actions declared in component.json.',
  login: `login [--tenant common] [--out .dev/token.json] [--port 8765] — opens a local callback on 127.0.0.1 and prints
the Microsoft sign-in URL. Needs MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET, and http://localhost:<port>/callback registered
as a redirect URI of the app. Saves the token response to --out for \`run --token\`.`,
};

interface Args { positional: string[]; options: Record<string, string | true> }

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--') && name !== 'help') { options[name] = next; i += 1; } else options[name] = true;
    } else positional.push(arg);
  }
  return { positional, options };
}

function opt(args: Args, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

function readJson(file: string | undefined, what: string): Record<string, unknown> {
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${what} ${file}: ${(err as Error).message}`);
  }
}

async function openTarget(args: Args): Promise<Target> {
  const token = opt(args, 'token');
  return token ? liveTarget(token, opt(args, 'tenant') ?? 'common') : sandboxTarget({ anchored: true });
}

async function runOne(args: Args): Promise<number> {
  const key = args.positional[1];
  const def = key ? findFunction(key) : undefined;
  if (!def) throw new Error(`unknown function "${key ?? ''}"; \`npm run dev -- list\` shows the keys`);
  const target = await openTarget(args);
  const snapshotFile = opt(args, 'snapshot') ?? path.join('.dev', 'snapshots', `${def.key}.${target.name}.json`);
  const snapshot = fs.existsSync(snapshotFile) ? readJson(snapshotFile, 'snapshot') : {};
  const cfg = { ...readJson(opt(args, 'cfg'), 'cfg'), ...target.credentials() };
  const ctx = runnerContext({
    level: (opt(args, 'level') as Level | undefined) ?? 'info',
    onEmit: async (event, data) => {
      if (event === 'end') return;
      console.log(describeEmit(event, data));
      if (event === 'snapshot') {
        fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
        fs.writeFileSync(snapshotFile, JSON.stringify(data, null, 2));
      }
      if (event === 'updateKeys') target.updateKeys(data);
    },
  });
  console.log(`${def.kind} ${def.key} (${def.title}) against ${target.description}`);
  const { error } = await execute(ctx, load(def).process ?? missing(def.key), newInput(readJson(opt(args, 'msg'), 'message')), cfg, snapshot);
  await target.close();
  const data = ctx.emitted.filter((e) => e.event === 'data').length;
  console.log(`${def.key}: ${data} message(s) emitted${error ? ', 1 error' : ''}; snapshot file ${snapshotFile}`);
  return error ? 1 : 0;
}

function missing(key: string): never {
  throw new Error(`${key}: module exports no process function`);
}

async function select(args: Args): Promise<number> {
  const [, key, model] = args.positional;
  const def = key ? findFunction(key) : undefined;
  if (!def || !model) throw new Error('usage: select <key> <model>');
  const fn = load(def)[model];
  if (typeof fn !== 'function') throw new Error(`${def.main} exports no function ${model}`);
  const target = await openTarget(args);
  const ctx = runnerContext({ level: 'info', onEmit: (event, data) => { if (event === 'updateKeys') target.updateKeys(data); } });
  const result = await (fn as (this: unknown, cfg: unknown) => Promise<unknown>).call(ctx, { ...readJson(opt(args, 'cfg'), 'cfg'), ...target.credentials() });
  console.log(JSON.stringify(result, null, 2));
  await target.close();
  return 0;
}

async function verify(args: Args): Promise<number> {
  const target = await openTarget(args);
  const ctx = runnerContext({ level: 'info', onEmit: (event, data) => { if (event === 'updateKeys') target.updateKeys(data); } });
  try {
    console.log(JSON.stringify(await loadVerifyCredentials().call(ctx, { ...readJson(opt(args, 'cfg'), 'cfg'), ...target.credentials() })));
    return 0;
  } catch (err) {
    console.log(JSON.stringify({ verified: false, reason: (err as Error).message }));
    return 1;
  } finally {
    await target.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = args.positional[0] ?? 'help';
  if (args.options.help || command === 'help') {
    console.log(HELP[command] ?? HELP.main);
    return 0;
  }
  switch (command) {
    case 'tour': return runTour({ level: (opt(args, 'level') as Level | undefined) ?? 'warn' });
    case 'run': return runOne(args);
    case 'select': return select(args);
    case 'verify': return verify(args);
    case 'login': return login({ tenant: opt(args, 'tenant') ?? 'common', out: opt(args, 'out') ?? path.join('.dev', 'token.json'), port: Number(opt(args, 'port') ?? 8765) });
    case 'list':
      for (const f of functions()) console.log(`${f.kind.padEnd(7)} ${f.key.padEnd(24)} ${f.title}`);
      return 0;
    default:
      console.log(HELP.main);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
