import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { DOCS_URL, generate, headingId, strayFiles } from '../dev/manifest/generate';
import { FUNCTIONS, MODULE_PATHS } from '../lib/functions/registry';
import { REQUESTED_SCOPES, grants } from '../lib/platform/permissions';

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
const readmeIds = headingIds(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
const validMetadata = metadataValidator();

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

/** The ids the documentation site gives the README's headings; a repeated heading gets -1, -2, … */
function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*$/.exec(line);
    if (!heading) continue;
    const base = headingId(heading[1]);
    let id = base;
    for (let n = 1; ids.has(id); n += 1) id = `${base}-${n}`;
    ids.add(id);
  }
  return ids;
}

/**
 * Draft-07's meta-schema with the one liberty the platform's metadata takes: a property's boolean `required` (draft-3
 * style), which the flow designer's mapper reads to mark a field required (elastic.io docs, "component.json metadata").
 * Everything else must be draft-07 as written.
 */
function metadataValidator(): (schema: unknown) => string[] {
  const meta = JSON.parse(JSON.stringify(draft07)) as Json & { properties: Json };
  meta.$id = 'urn:outlook-component:elasticio-metadata-draft-07';
  meta.properties.required = { anyOf: [{ $ref: '#/definitions/stringArray' }, { type: 'boolean' }] };
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(meta);
  return (schema) => (validate(schema) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

/** Paths of the properties (at any depth: properties, items, definitions) that have no title. */
function untitled(schema: unknown, at = ''): string[] {
  if (!isRecord(schema)) return [];
  const out: string[] = [];
  for (const [name, prop] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) {
    if (!isRecord(prop) || typeof prop.title !== 'string' || prop.title.trim() === '') out.push(`${at}/${name}`);
    out.push(...untitled(prop, `${at}/${name}`));
  }
  if (isRecord(schema.items)) out.push(...untitled(schema.items, `${at}[]`));
  for (const [name, def] of Object.entries(isRecord(schema.definitions) ? schema.definitions : {})) out.push(...untitled(def, `${at}#${name}`));
  return out;
}

const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]);
const within = (t: string, dir: string): boolean => t === dir || t.startsWith(`${dir}/`);

describe('component.json', () => {
  it('is a versioned component with unique, well-formed function keys', () => {
    assert.match(String(manifest.version), /^\d+\.\d+\.\d+(-[\w.]+)?$/);
    assert.equal(manifest.sailor_version, undefined, 'sailor_version is written by the build');
    const keys = functions().map((f) => f.key);
    assert.deepEqual([...new Set(keys)], keys, 'a key is used by both a trigger and an action');
    for (const key of keys) assert.match(key, /^[A-Za-z][A-Za-z0-9_]*$/);
  });

  it('has the version of package.json, and CHANGELOG.md an entry for it', () => {
    const pkg = record(readJson('package.json'), 'package.json');
    assert.equal(manifest.version, pkg.version, 'component.json and package.json disagree on the version');
    const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## ${String(pkg.version).replace(/\./g, '\\.')}$`, 'm'), `CHANGELOG.md has no "## ${String(pkg.version)}"`);
  });

  it('points docsUrl at package.json\'s homepage, over https', () => {
    const pkg = record(readJson('package.json'), 'package.json');
    assert.equal(manifest.docsUrl, pkg.homepage);
    assert.match(String(manifest.docsUrl), /^https:\/\/[^/]+\//);
  });

  describe('credentials', () => {
    it('require MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET', () => {
      const env = record(manifest.envVars, 'envVars');
      for (const name of ['MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET']) {
        assert.equal(record(env[name], name).required, true, `${name} must be required`);
        assert.ok(String(record(env[name], name).description ?? '').length > 0, `${name} needs a description`);
      }
    });

    it('ask for a required tenant (noting "common"), an OAuth field and the application and cloud choices', () => {
      const fields = record(record(manifest.credentials, 'credentials').fields, 'credentials.fields');
      const tenant = record(fields.tenantId, 'tenantId');
      assert.equal(tenant.viewClass, 'TextFieldView');
      assert.equal(tenant.required, true);
      assert.match(String(tenant.note), /\bcommon\b/);
      const oauth = record(fields.oauth, 'oauth');
      assert.equal(oauth.viewClass, 'OAuthFieldView');
      // Not required: an application credential signs in with its own client credentials, no user.
      assert.equal(oauth.required, false);
      for (const [name, raw] of Object.entries(fields)) {
        const field = record(raw, name);
        // The platform's validator wants a static model for a select inside credentials (elasticio-cli validate.js).
        if (field.viewClass === 'SelectView') assert.ok(isRecord(field.model), `${name}: a credential select needs a static model`);
      }
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
      for (const def of FUNCTIONS) {
        // A raw request or a batch needs what its endpoints need, which only the user knows; every other function declares its own.
        if (def.key !== 'rawRequest' && def.key !== 'batch') assert.ok(def.permissions.length > 0, `${def.key} declares no permissions`);
        for (const p of def.permissions) {
          assert.ok(grants(SCOPES, p.own), `${def.key}: none of ${p.own.join(', ')} is requested`);
          // An empty list: Graph offers no delegated permission for it on another mailbox (mailbox settings).
          assert.ok(p.shared.length === 0 || grants(SCOPES, p.shared), `${def.key}: none of ${p.shared.join(', ')} is requested`);
        }
      }
    });
  });

  describe('functions', () => {
    for (const { kind, key, def } of functions()) {
      describe(`${kind} ${key}`, () => {
        it('has a title and a main in lib/functions with its .ts source and build output', () => {
          assert.ok(typeof def.title === 'string' && def.title.length > 0, 'title');
          assert.ok(typeof def.description === 'string' && def.description.length > 0, 'description');
          assert.equal(def.main, MODULE_PATHS[key]);
          assert.match(String(def.main), /^\.\/lib\/functions\/\w+\/\w+\.js$/);
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
          it('declares the type its definition has (polling or webhook)', () => {
            const definition = FUNCTIONS.find((d) => d.key === key);
            assert.ok(definition?.kind === 'trigger');
            assert.ok(def.type === 'polling' || def.type === 'webhook', `type is ${String(def.type)}`);
            assert.equal(def.type, definition.type);
          });
        }

        it('has help whose link is the README section on the documentation site', () => {
          const help = record(def.help, 'help');
          assert.ok(typeof help.description === 'string' && help.description.length > 0, 'help.description');
          const link = String(help.link);
          assert.ok(link.startsWith(`${DOCS_URL}#`), `${link} is not on ${DOCS_URL}`);
          const id = link.slice(DOCS_URL.length + 1);
          assert.ok(readmeIds.has(id), `README.md has no heading with the id ${id}`);
          assert.equal(id, headingId(`${String(def.title)} (${key})`), 'the link goes to another section');
        });

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

        it('has metadata that is JSON Schema draft-07 (with the platform\'s boolean required), a title on every field, no external $ref', () => {
          const metadata = isRecord(def.metadata) ? def.metadata : {};
          for (const side of ['in', 'out']) {
            const value = metadata[side];
            const schema = typeof value === 'string' ? readJson(value) : value;
            const where = typeof value === 'string' ? value : `metadata.${side}`;
            assert.deepEqual(validMetadata(schema), [], `${where} is not a valid schema`);
            assert.deepEqual(untitled(schema), [], `${where}: fields without a title`);
            const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1]);
            assert.deepEqual(refs.filter((r) => !r.startsWith('#')), [], `${where}: the platform resolves no external $ref`);
          }
        });

        it('is documented in README.md and has a spec', () => {
          const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
          assert.ok(readme.includes(`(${key})`), `README.md has no reference section for ${key}`);
          const dir = path.dirname(String(def.main)).replace(/^\.\/lib\//, 'spec/');
          const specs = fs.existsSync(path.join(ROOT, dir)) ? fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.startsWith(`${key}.`) && f.endsWith('.spec.ts')) : [];
          assert.ok(specs.length > 0, `no ${dir}/${key}.spec.ts`);
        });
      });
    }
  });
});

describe('generated files (npm run manifest)', () => {
  const files = generate();

  it('covers component.json, the README and a schema per function side', () => {
    const paths = files.map((f) => f.path);
    assert.ok(paths.includes('component.json') && paths.includes('README.md'));
    for (const def of FUNCTIONS) assert.ok(paths.some((p) => p.includes(`/${def.key}.out.json`)), `${def.key}: no output schema`);
  });

  for (const file of files) {
    it(`${file.path} is what the definitions produce`, () => {
      const current = fs.existsSync(path.join(ROOT, file.path)) ? fs.readFileSync(path.join(ROOT, file.path), 'utf8') : '';
      if (current === file.content) return;
      const a = current.split('\n');
      const b = file.content.split('\n');
      const line = a.findIndex((text, i) => text !== b[i]);
      assert.fail(`${file.path} differs from what lib/functions produces (run npm run manifest); first difference at line ${line + 1}:\n`
        + `  file:      ${a[line] ?? '(end of file)'}\n  generated: ${b[line] ?? '(end of file)'}`);
    });
  }

  it('leaves no schema that no function produces', () => {
    assert.deepEqual(strayFiles(files), []);
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

  const rules: Array<[string, string[], string[]]> = [
    // layer, the lib/ folders it may import, the packages it may import
    ['lib/graph', ['lib/graph'], ['axios', 'simple-oauth2']],
    ['lib/outlook', ['lib/outlook', 'lib/graph'], ['cldr-core/supplemental/windowsZones.json']],
    ['lib/platform', ['lib/platform', 'lib/outlook', 'lib/graph'], ['axios', 'elasticio-node/lib/messages']],
    ['lib/functions', ['lib/functions', 'lib/platform', 'lib/outlook', 'lib/graph'], []],
  ];
  for (const [layer, folders, packages] of rules) {
    it(`${layer} imports only ${[...folders, ...packages, 'Node built-ins'].join(', ')}`, () => {
      const bad = edges.filter((e) => within(e.file, layer)
        && !(e.specifier.startsWith('.') ? folders.some((f) => within(e.to, f)) : isBuiltin(e.specifier) || packages.includes(e.specifier)));
      assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
    });
  }

  it('every file of lib/ is in one of the layers', () => {
    const loose = files.filter((f) => f.startsWith('lib/') && !rules.some(([layer]) => within(f, layer)));
    assert.deepEqual(loose, []);
  });

  it('nothing outside lib/functions imports a function definition', () => {
    const bad = edges.filter((e) => within(e.to, 'lib/functions') && !within(e.file, 'lib/functions'));
    assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
  });

  it('lib/ never imports dev/ or spec/', () => {
    const bad = edges.filter((e) => within(e.to, 'dev') || within(e.to, 'spec'));
    assert.deepEqual(bad.map((e) => `${e.file} → ${e.specifier}`), []);
  });
});

describe('documents cited in comments', () => {
  const files = [...sourcesUnder('lib'), ...sourcesUnder('dev'), ...sourcesUnder('spec'), 'verifyCredentials.ts'];

  it('name files that exist in the repository', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const comments = text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? [];
      for (const cited of comments.flatMap((c) => [...c.matchAll(/(?<![\w/.:-])([\w./-]+\.md)\b/g)].map((m) => m[1]))) {
        const candidates = [path.join(ROOT, cited), path.join(ROOT, path.dirname(file), cited)];
        if (!candidates.some((c) => fs.existsSync(c))) missing.push(`${file}: ${cited}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
