/**
 * Writes dev/graph-schema/v1.0.json: the part of Microsoft Graph's published v1.0 schema that the component and the
 * sandbox use (types with their properties, enums, and the paths under /users/{id} and /subscriptions with their
 * methods, query options, bodies and responses).
 *
 * Source: Microsoft's generated TypeScript SDK packages (@microsoft/msgraph-sdk, -users, -subscriptions), which
 * Microsoft builds from the v1.0 OpenAPI description, itself generated from the CSDL
 * (microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml). The packages are pinned by version and their
 * npm integrity (sha512) is recorded in the extract, so the same input gives the same file. Their serialisation code keeps
 * what this needs of the CSDL: each property's EDM type (DateTimeOffset, Date, Duration, Guid, Binary, …), enum members,
 * base types and derived types, navigation properties, bound actions and functions, and each path's query options.
 *
 *   npm run graph-schema                 installs the pinned packages into a temporary folder and writes the extract
 *   npm run graph-schema -- --from DIR   reads packages already installed under DIR/node_modules
 *
 * To move to a newer schema, change SDK_VERSION, run it, and review the diff of v1.0.json and the conformance spec.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const SDK_VERSION = '1.0.0-preview.90';
const PACKAGES = ['@microsoft/msgraph-sdk', '@microsoft/msgraph-sdk-users', '@microsoft/msgraph-sdk-subscriptions'];
const OUT = path.join(__dirname, 'v1.0.json');

/** The entity and complex types the component and the sandbox deal in; complex types they reference come along. */
const ROOT_TYPES = [
  'entity', 'outlookItem', 'message', 'eventMessage', 'eventMessageRequest', 'eventMessageResponse', 'calendarSharingMessage',
  'mailFolder', 'mailSearchFolder', 'contact', 'contactFolder', 'event', 'calendar', 'calendarGroup', 'attachment',
  'fileAttachment', 'itemAttachment', 'referenceAttachment', 'subscription', 'outlookCategory', 'messageRule',
  'inferenceClassificationOverride', 'extension', 'openTypeExtension', 'singleValueLegacyExtendedProperty',
  'multiValueLegacyExtendedProperty', 'user', 'mailboxSettings', 'scheduleInformation', 'meetingTimeSuggestionsResult',
  'uploadSession', 'attachmentItem', 'mailTips', 'reminder',
  'automaticRepliesSetting',
];

/** The folders of @microsoft/msgraph-sdk-users/users/item whose paths are kept. */
const USER_SUBTREES = [
  'messages', 'mailFolders', 'events', 'calendar', 'calendars', 'calendarView', 'calendarGroups', 'contacts',
  'contactFolders', 'findMeetingTimes', 'sendMail', 'mailboxSettings', 'outlook', 'getMailTips', 'inferenceClassification',
  'reminderViewWithStartDateTimeWithEndDateTime',
];

export interface TypeDef {
  kind: 'entity' | 'complex';
  base?: string;
  /** Structural properties: name → type ("string", "dateTimeOffset", "enum:importance", "recipient", "Collection(…)"). */
  properties: Record<string, string>;
  /** Navigation properties (to entity types): name → type. */
  navigation: Record<string, string>;
}

export interface Operation {
  /** Query options the path takes for this method ($select, $filter, …, and named ones such as changeType). */
  query: string[];
  /** Request body: a type name of `types`. */
  body?: string;
  /** Response body: a type name of `types`. */
  response?: string;
}

export interface GraphSchema {
  source: { description: string; packages: Array<{ name: string; version: string; integrity: string }> };
  enums: Record<string, string[]>;
  types: Record<string, TypeDef>;
  /** Path pattern ("/users/{id}/messages/{id}/move") → method → operation. */
  paths: Record<string, Record<string, Operation>>;
}

interface RawType { base?: string; props: Record<string, string> }

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

const PRIMITIVE_GETTERS: Record<string, string> = {
  getStringValue: 'string', getBooleanValue: 'boolean', getNumberValue: 'number', getDateValue: 'dateTimeOffset',
  getDateOnlyValue: 'date', getTimeOnlyValue: 'timeOfDay', getDurationValue: 'duration', getGuidValue: 'guid',
  getByteArrayValue: 'binary',
};

/** The type a deserializer's getter reads. `local` names types defined in the same file (request and response bodies). */
function typeOfGetter(getter: string, args: string, local: (name: string) => string): string | undefined {
  if (PRIMITIVE_GETTERS[getter]) return PRIMITIVE_GETTERS[getter];
  const factory = /create(\w+)FromDiscriminatorValue/.exec(args)?.[1];
  const enumName = /(\w+)Object\b/.exec(args)?.[1];
  switch (getter) {
    case 'getEnumValue': return enumName ? `enum:${lowerFirst(enumName)}` : undefined;
    case 'getCollectionOfEnumValues': return enumName ? `Collection(enum:${lowerFirst(enumName)})` : undefined;
    case 'getObjectValue': return factory ? local(factory) : undefined;
    case 'getCollectionOfObjectValues': return factory ? `Collection(${local(factory)})` : undefined;
    case 'getCollectionOfPrimitiveValues': return `Collection(${/"(\w+)"/.exec(args)?.[1] ?? 'string'})`;
    default: return undefined;
  }
}

/** Every `deserializeIntoX` of a file: X's base (the deserializer it extends) and its properties. */
export function parseDeserializers(text: string, local: (name: string) => string = lowerFirst): Map<string, RawType> {
  const out = new Map<string, RawType>();
  const fn = /export function deserializeInto(\w+)\(\w+ = \{\}\) \{\n([\s\S]*?)\n\}\n/g;
  for (const [, name, body] of text.matchAll(fn)) {
    const base = /^\s*return Object\.assign\((?:Object\.assign\()?\{\}, deserializeInto(\w+)\(/.exec(body)?.[1];
    const props: Record<string, string> = {};
    // `x.p = n.getX()`, or with a default: `var _a; x.p = (_a = n.getX()) !== null … : default`.
    for (const [, key, getter, args] of body.matchAll(/"([^"]+)": n => \{ (?:var _a; )?[\w.]+ = (?:\(_a = )?n\.(\w+)\(([^)]*)\)/g)) {
      const type = typeOfGetter(getter, args, local);
      if (type) props[key] = type;
    }
    out.set(local(name), { base: base ? local(base) : undefined, props });
  }
  return out;
}

/** Every `export const XObject = { Member: "value", … }` enum of the models file. */
export function parseEnums(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, name, body] of text.matchAll(/export const (\w+)Object = \{\n([\s\S]*?)\n\};/g)) {
    out.set(lowerFirst(name), [...body.matchAll(/^\s+\w+: "([^"]*)",?$/gm)].map((m) => m[1]));
  }
  return out;
}

/** "{+baseurl}/users/{user%2Did}/messages/{message%2Did}{?%24select}" → "/users/{id}/messages/{id}". */
export function pathPattern(template: string): string {
  return template.replace('{+baseurl}', '').replace(/(\{\?[^}]*\}|\?.*)$/, '').replace(/\{[\w%]+%2Did\d*\}/g, '{id}')
    .replace(/='\{\w+\}'/g, "='{value}'");
}

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return e.name === 'index.js' ? [full] : [];
  });
}

interface PathFile { pattern: string; operations: Record<string, Operation>; localTypes: Map<string, RawType> }

/** The request builder of one folder: its path, and per method the query options, body and response types. */
function parseRequestBuilder(file: string, key: string): PathFile | undefined {
  const text = readText(file);
  const template = /export const \w+UriTemplate = "([^"]+)";/.exec(text)?.[1];
  const metadata = /export const \w+RequestsMetadata = \{\n([\s\S]*?)\n\};/.exec(text)?.[1];
  if (!template || !metadata) return undefined;
  const pattern = pathPattern(template);
  const localNames = new Set([...text.matchAll(/export function deserializeInto(\w+)\(/g)].map((m) => m[1]));
  const local = (name: string): string => (localNames.has(name) ? `${key}#${name}` : lowerFirst(name));
  const localTypes = parseDeserializers(text, local);
  const mappers = new Map([...text.matchAll(/const (\w+QueryParametersMapper) = \{\n([\s\S]*?)\n\};/g)]
    .map(([, name, body]) => [name, [...body.matchAll(/: "([^"]+)"/g)].map((m) => decodeURIComponent(m[1]))]));
  // Parameters the template requires (calendarView's ?startDateTime=…&endDateTime=…) are query options of its GET.
  const required = [...template.matchAll(/[?&](\w+)=\{/g)].map((m) => m[1]);
  const operations: Record<string, Operation> = {};
  for (const [, method, body] of metadata.matchAll(/^ {4}(get|post|patch|put|delete): \{\n([\s\S]*?)\n {4}\},?$/gm)) {
    const mapper = /queryParametersMapper: (\w+)/.exec(body)?.[1];
    const bodyType = /requestBodySerializer: serialize(\w+)/.exec(body)?.[1];
    const response = /responseBodyFactory: create(\w+)FromDiscriminatorValue/.exec(body)?.[1];
    operations[method] = {
      query: [...(mapper ? mappers.get(mapper) ?? [] : []), ...(method === 'get' ? required : [])].sort(),
      ...(bodyType ? { body: local(bodyType) } : {}),
      ...(response ? { response: local(response) } : {}),
    };
  }
  return { pattern, operations, localTypes };
}

function integrityOf(root: string, name: string): string {
  const lock = JSON.parse(readText(path.join(root, 'node_modules', '.package-lock.json'))) as { packages: Record<string, { integrity?: string; version?: string }> };
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.integrity) throw new Error(`no integrity recorded for ${name} under ${root}`);
  return entry.integrity;
}

/** Builds the extract from packages installed under `root`/node_modules. */
export function extract(root: string): GraphSchema {
  const modules = path.join(root, 'node_modules', '@microsoft');
  const modelsText = readText(path.join(modules, 'msgraph-sdk', 'models', 'index.js'));
  const models = parseDeserializers(modelsText);
  const allEnums = parseEnums(modelsText);

  const files: Array<[string, string]> = [
    ...[path.join(modules, 'msgraph-sdk-users', 'users', 'item', 'index.js'), ...USER_SUBTREES.flatMap((s) => filesUnder(path.join(modules, 'msgraph-sdk-users', 'users', 'item', s)))]
      .map((f): [string, string] => [f, path.relative(path.join(modules, 'msgraph-sdk-users'), path.dirname(f))]),
    ...filesUnder(path.join(modules, 'msgraph-sdk-subscriptions', 'subscriptions'))
      .map((f): [string, string] => [f, path.relative(path.join(modules, 'msgraph-sdk-subscriptions'), path.dirname(f))]),
  ];
  const paths: GraphSchema['paths'] = {};
  const raw = new Map(models);
  for (const [file, key] of files) {
    const parsed = parseRequestBuilder(file, key.split(path.sep).join('/'));
    if (!parsed) continue;
    paths[parsed.pattern] = { ...paths[parsed.pattern], ...parsed.operations };
    for (const [name, type] of parsed.localTypes) raw.set(name, type);
  }

  // The types to keep: the roots, every type a kept path sends or returns, and the complex types they reference.
  const isEntity = (name: string): boolean => {
    for (let t: string | undefined = name; t; t = raw.get(t)?.base) if (t === 'entity') return true;
    return false;
  };
  const wanted = new Set<string>(ROOT_TYPES);
  for (const ops of Object.values(paths)) for (const op of Object.values(ops)) for (const t of [op.body, op.response]) if (t) wanted.add(t);
  const queue = [...wanted];
  const enums = new Set<string>();
  const named = (type: string): string => type.replace(/^Collection\((.*)\)$/, '$1');
  while (queue.length) {
    const name = queue.pop() as string;
    const type = raw.get(name);
    if (!type) throw new Error(`type ${name} is not in the SDK`);
    const refs = [type.base, ...Object.values(type.props).map(named)].filter((t): t is string => Boolean(t));
    for (const ref of refs) {
      if (ref.startsWith('enum:')) { enums.add(ref.slice(5)); continue; }
      if (PRIMITIVE_TYPES.has(ref) || wanted.has(ref)) continue;
      // Navigation to an entity type outside the roots stays a name; complex types and bases come along.
      if (isEntity(ref) && ref !== type.base) continue;
      wanted.add(ref);
      queue.push(ref);
    }
  }
  // Derived types of kept types whose base is kept (an attachment list holds fileAttachments, …) are roots already;
  // the discriminator is checked against `types` by the validator.
  const types: Record<string, TypeDef> = {};
  for (const name of [...wanted].sort()) {
    const type = raw.get(name) as RawType;
    const properties: Record<string, string> = {};
    const navigation: Record<string, string> = {};
    for (const [prop, t] of Object.entries(type.props).sort(([a], [b]) => a.localeCompare(b))) {
      if (prop === '@odata.type') continue;
      const target = named(t);
      // Only an entity has navigation properties; an action's parameters and a complex type's members are properties.
      if (isEntity(name) && !PRIMITIVE_TYPES.has(target) && !target.startsWith('enum:') && isEntity(target)) navigation[prop] = t;
      else properties[prop] = t;
    }
    types[name] = { kind: isEntity(name) ? 'entity' : 'complex', ...(type.base ? { base: type.base } : {}), properties, navigation };
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    source: {
      description: 'Microsoft Graph v1.0, as Microsoft\'s generated TypeScript SDK serialises it (from the v1.0 OpenAPI description, generated from the CSDL in microsoftgraph/msgraph-metadata)',
      packages: PACKAGES.map((name) => ({ name, version: SDK_VERSION, integrity: integrityOf(root, name) })),
    },
    enums: Object.fromEntries([...enums].sort().map((e) => {
      const members = allEnums.get(e);
      if (!members) throw new Error(`enum ${e} is not in the SDK`);
      return [e, members];
    })),
    types,
    paths: sortedPaths,
  };
}

export const PRIMITIVE_TYPES = new Set(['string', 'boolean', 'number', 'dateTimeOffset', 'date', 'timeOfDay', 'duration', 'guid', 'binary']);

function install(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-sdk-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...PACKAGES.map((p) => `${p}@${SDK_VERSION}`)], { cwd: dir, stdio: 'inherit' });
  return dir;
}

if (require.main === module) {
  const at = process.argv.indexOf('--from');
  const root = at > 0 ? path.resolve(process.argv[at + 1]) : install();
  const schema = extract(root);
  fs.writeFileSync(OUT, `${JSON.stringify(schema, null, 1)}\n`);
  process.stdout.write(`wrote ${OUT}: ${Object.keys(schema.types).length} types, ${Object.keys(schema.enums).length} enums, ${Object.keys(schema.paths).length} paths\n`);
}
