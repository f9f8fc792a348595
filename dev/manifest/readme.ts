/** The README's per-function reference, written from the definitions: fields, input, output, example, permissions. */
import type { FunctionDefinition } from '../../lib/platform/definition';
import type { JsonSchema, Param } from '../../lib/platform/params';
import type { Permission } from '../../lib/platform/permissions';

const cell = (text: string | undefined): string => (text ?? '').replace(/<\/?b>/g, '**').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map(code).join(', ');
  if (schema.type === 'array') return `list${schema.items?.type ? ` of ${schema.items.type}` : ''}`;
  return schema.type ?? 'any';
}

function configTable(def: FunctionDefinition): string[] {
  const rows = Object.entries(def.params).filter(([, p]) => p.inConfig());
  if (rows.length === 0) return [];
  return [
    '| Configuration field | Required | Meaning |', '|---|---|---|',
    ...rows.map(([name, p]) => `| ${p.spec.label} (${code(p.configKeyOf(name))}) | ${p.options.required && !p.inInput() ? 'yes' : 'no'} | ${cell(meaning(p, name, 'config'))} |`),
    '',
  ];
}

function meaning(p: Param<unknown>, name: string, from: 'config' | 'input'): string {
  const parts = [p.spec.help ? `${p.spec.help.replace(/\.$/, '')}.` : ''];
  if (p.options.default !== undefined && typeof p.options.default !== 'object') parts.push(`Default: ${code(String(p.options.default))}.`);
  if (from === 'config' && p.inInput()) parts.push(`The input's ${code(p.inputKeyOf(name))} overrides it.`);
  if (from === 'input' && p.inConfig()) parts.push('Overrides the configuration field.');
  if (from === 'input' && p.options.aliases.length) parts.push(`Also accepted as ${p.options.aliases.map(code).join(', ')}.`);
  return parts.filter(Boolean).join(' ');
}

function inputTable(def: FunctionDefinition): string[] {
  const rows = Object.entries(def.params).filter(([, p]) => p.inInput());
  if (rows.length === 0) return [];
  return [
    '| Input field | Type | Required | Meaning |', '|---|---|---|---|',
    ...rows.map(([name, p]) => `| ${code(p.inputKeyOf(name))} (${p.spec.label}) | ${cell(typeOf(p.spec.schema))} | `
      + `${p.options.required && !p.inConfig() ? 'yes' : 'no'} | ${cell(meaning(p, name, 'input'))} |`),
    '',
  ];
}

function permissionText(permissions: readonly Permission[]): string {
  const list = (scopes: readonly string[]): string => scopes.map(code).join(' or ');
  const own = permissions.map((p) => list(p.own)).join(', and ');
  if (permissions.some((p) => p.shared.length === 0)) return `${own}; the signed-in user's own mailbox only (Graph has no delegated permission for another user's)`;
  const shared = permissions.map((p) => list(p.shared)).join(', and ');
  return own === shared ? `${own}, on any mailbox` : `${own}; on another user's mailbox ${shared}`;
}

function outputFields(schema: JsonSchema): string {
  const names = Object.keys(schema.properties ?? {});
  return names.map(code).join(', ');
}

function example(title: string, value: unknown): string[] {
  if (value === undefined) return [];
  return [`${title}:`, '```json', JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ').replace(/\{ /g, '{').replace(/ \}/g, '}'), '```', ''];
}

/** The README heading of a function's reference section, and so its anchor. */
export function referenceHeading(def: FunctionDefinition): string {
  return `${def.title} (${def.key})`;
}

function section(def: FunctionDefinition): string {
  const kind = def.kind === 'trigger' ? `${def.type === 'polling' ? 'Polling' : 'Webhook'} trigger` : 'Action';
  const lines = [
    `### ${referenceHeading(def)}`,
    `${kind}. ${def.description}. ${def.help}.`,
    '',
    `**Permissions**: ${permissionText(def.permissions)}.${def.workAccountsOnly ? ` Work or school accounts only (Graph offers ${def.workAccountsOnly} to no personal Microsoft account).` : ''}`
      + ` **Graph**: ${def.docs.map((d) => `[${d.replace(/^https:\/\/learn\.microsoft\.com\/graph\/(api\/)?/, '')}](${d})`).join(', ')}.`,
    '',
    ...configTable(def),
    ...inputTable(def),
    `**Output** ([schema](lib/schemas/${def.kind === 'trigger' ? 'triggers' : 'actions'}/${def.key}.out.json)): ${outputFields(def.output)}.`,
    '',
    ...(def.example.config ? example('Configuration example', def.example.config) : []),
    ...example('Input example', def.example.input),
    ...example('Output example', def.example.output),
  ];
  return lines.join('\n');
}

export function readmeReference(functions: readonly FunctionDefinition[]): string {
  const triggers = functions.filter((d) => d.kind === 'trigger');
  const actions = functions.filter((d) => d.kind === 'action');
  return ['## Triggers', '', ...triggers.map(section), '## Actions', '', ...actions.map(section)].join('\n');
}
