import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { PERMISSIONS, REQUESTED_SCOPES, grants } from '../lib/platform/permissions';

const ROOT = path.join(__dirname, '..');
const VIEW_CLASSES = new Set(['TextFieldView', 'TextAreaView', 'CheckBoxView', 'SelectView', 'MultiSelectView', 'PasswordFieldView',
  'OAuthFieldView', 'HTTPAuthView', 'SelectPropertyView']);
const SCOPES = REQUESTED_SCOPES;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Json {
  assert.ok(isRecord(value), `${what} must be an object`);
  return value;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
}

const manifest = record(readJson('component.json'), 'component.json');

interface Fn { kind: 'trigger' | 'action'; key: string; def: Json }

function functions(): Fn[] {
  const out: Fn[] = [];
  for (const [kind, map] of [['trigger', manifest.triggers], ['action', manifest.actions]] as const) {
    if (map === undefined) continue;
    for (const [key, def] of Object.entries(record(map, `${kind}s`))) out.push({ kind, key, def: record(def, `${kind} ${key}`) });
  }
  return out;
}

function load(main: string): Json {
  // Compiled CommonJS modules, as the sailor requires them.
  return record(require(path.join(ROOT, main)) as unknown, main);
}

/** The module specifiers a TypeScript file imports, re-exports or requires. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const patterns = [
    /\b(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

function sourcesUnder(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Repo-relative target of a relative specifier, or the bare package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]);
const within = (t: string, dir: string): boolean => t === dir || t.startsWith(`${dir}/`);

describe('component.json', () => {
  it('is a versioned component with unique, well-formed function keys', () => {
    assert.match(String(manifest.version), /^\d+\.\d+\.\d+(-[\w.]+)?$/);
    assert.equal(manifest.sailor_version, undefined, 'sailor_version is written by the build');
    const keys = functions().map((f) => f.key);
    assert.deepEqual([...new Set(keys)], keys, 'a key is used by both a trigger and an action');
    for (const key of keys) assert.match(key, /^[A-Za-z]+[\w_]*$/);
  });

  describe('credentials', () => {
    it('require MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET', () => {
      const env = record(manifest.envVars, 'envVars');
      for (const name of ['MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET']) {
        assert.equal(record(env[name], name).required, true, `${name} must be required`);
        assert.ok(String(record(env[name], name).description ?? '').length > 0, `${name} needs a description`);
      }
    });

    it('ask for a required tenant (noting "common") and an OAuth field', () => {
      const fields = record(record(manifest.credentials, 'credentials').fields, 'credentials.fields');
      const tenant = record(fields.tenantId, 'tenantId');
      assert.equal(tenant.viewClass, 'TextFieldView');
      assert.equal(tenant.required, true);
      assert.match(String(tenant.note), /\bcommon\b/);
      const oauth = record(fields.oauth, 'oauth');
      assert.equal(oauth.viewClass, 'OAuthFieldView');
      assert.equal(oauth.required, true);
    });

    it('declare the legacy oauth2 block with {{tenantId}} endpoints and the scopes the functions need', () => {
      const oauth2 = record(record(manifest.credentials, 'credentials').oauth2, 'oauth2');
      assert.equal(oauth2.client_id, '{{MSAPP_CLIENT_ID}}');
      assert.equal(oauth2.client_secret, '{{MSAPP_CLIENT_SECRET}}');
      assert.equal(oauth2.auth_uri, 'https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/authorize');
      assert.equal(oauth2.token_uri, 'https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/token');
      assert.ok(Array.isArray(oauth2.scopes));
      assert.deepEqual([...oauth2.scopes].sort(), [...SCOPES].sort());
    });

    it('request, for every function, one scope of each permission it needs on its own and on another mailbox', () => {
      for (const [key, permissions] of Object.entries(PERMISSIONS)) {
        for (const p of permissions) {
          assert.ok(grants(SCOPES, p.own), `${key}: none of ${p.own.join(', ')} is requested`);
          assert.ok(grants(SCOPES, p.shared), `${key}: none of ${p.shared.join(', ')} is requested`);
        }
      }
      for (const { key } of functions()) assert.ok(PERMISSIONS[key], `${key} declares no permissions`);
    });
  });

  describe('functions', () => {
    for (const { kind, key, def } of functions()) {
      describe(`${kind} ${key}`, () => {
        it('has a title and a main at ./lib/<kind>s/<key>.js with its .ts source and build output', () => {
          assert.ok(typeof def.title === 'string' && def.title.length > 0, 'title');
          assert.equal(def.main, `./lib/${kind}s/${key}.js`);
          const main = String(def.main);
          assert.ok(fs.existsSync(path.join(ROOT, main.replace(/\.js$/, '.ts'))), `${main}: no .ts source`);
          assert.ok(fs.existsSync(path.join(ROOT, main)), `${main}: not built`);
        });

        it('exports process as a function (not an arrow: the sailor binds this)', () => {
          const processFn = load(String(def.main)).process;
          assert.equal(typeof processFn, 'function');
          assert.match(Function.prototype.toString.call(processFn), /^(async\s+)?function\b/);
        });

        if (kind === 'trigger') {
          it('declares its type', () => assert.ok(def.type === 'polling' || def.type === 'webhook', `type is ${String(def.type)}`));
        }

        it('has well-formed fields, including mailbox', () => {
          const fields = record(def.fields, 'fields');
          assert.ok('mailbox' in fields, 'no mailbox field');
          for (const [name, raw] of Object.entries(fields)) {
            const field = record(raw, name);
            assert.ok(VIEW_CLASSES.has(String(field.viewClass)), `${name}: unknown viewClass ${String(field.viewClass)}`);
            assert.ok(typeof field.label === 'string' && field.label.length > 0, `${name}: label`);
            for (const dep of Array.isArray(field.require) ? field.require : []) assert.ok(String(dep) in fields, `${name} requires unknown ${String(dep)}`);
          }
        });

        it('names only exported functions as select models', () => {
          const module = load(String(def.main));
          for (const [name, raw] of Object.entries(record(def.fields, 'fields'))) {
            const model = record(raw, name).model;
            if (typeof model === 'string') assert.equal(typeof module[model], 'function', `${name}: ${model} is not exported by ${String(def.main)}`);
          }
        });

        it('has metadata files that exist and parse, or dynamic metadata', () => {
          if (def.dynamicMetadata === true) {
            assert.equal(typeof load(String(def.main)).getMetaModel, 'function');
            return;
          }
          const metadata = record(def.metadata, 'metadata');
          for (const side of ['in', 'out']) {
            const value = metadata[side];
            if (typeof value === 'string') {
              assert.ok(fs.existsSync(path.join(ROOT, value)), `${side}: ${value} does not exist`);
              assert.equal(record(readJson(value), value).type, 'object', `${value}: type must be object`);
            } else {
              record(value, `metadata.${side}`);
            }
          }
        });

        it('is documented in README.md and has a spec', () => {
          const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
          assert.ok(readme.includes(key) || readme.includes(String(def.title)), `README.md mentions neither ${key} nor its title`);
          const specs = fs.readdirSync(path.join(ROOT, 'spec', `${kind}s`)).filter((f) => f.startsWith(`${key}.`) && f.endsWith('.spec.ts'));
          assert.ok(specs.length > 0, `no spec/${kind}s/${key}.spec.ts`);
        });
      });
    }
  });
});

describe('dependency direction', () => {
  const files = [...sourcesUnder('lib'), 'verifyCredentials.ts'];
  const edges = files.flatMap((file) => importsOf(file).map((specifier) => ({ file, specifier, to: target(file, specifier) })));

  it('finds the imports it checks (the scanner is not blind)', () => {
    assert.ok(edges.some((e) => e.file === 'lib/graph/GraphClient.ts' && e.to === 'lib/graph/errors'));
    assert.ok(edges.some((e) => e.file === 'lib/graph/auth.ts' && e.to === 'simple-oauth2'));
    assert.ok(edges.some((e) => e.file === 'verifyCredentials.ts' && e.to === 'lib/platform/credentials'));
  });

  it('lib/graph imports only lib/graph, Node built-ins, axios and simple-oauth2', () => {
    const bad = edges.filter((e) => within(e.file, 'lib/graph')
      && !(e.specifier.startsWith('.') ? within(e.to, 'lib/graph') : isBuiltin(e.specifier) || ['axios', 'simple-oauth2'].includes(e.specifier)));
    assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
  });

  it('lib/outlook never imports lib/platform', () => {
    const bad = edges.filter((e) => within(e.file, 'lib/outlook') && within(e.to, 'lib/platform'));
    assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
  });

  it('nothing in lib/ imports lib/actions or lib/triggers', () => {
    const bad = edges.filter((e) => (within(e.to, 'lib/actions') || within(e.to, 'lib/triggers')));
    assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
  });

  it('lib/ never imports dev/ or spec/', () => {
    const bad = edges.filter((e) => within(e.to, 'dev') || within(e.to, 'spec'));
    assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
  });
});
