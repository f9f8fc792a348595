/**
 * Parameters: how a function declares what it reads from its step configuration and its input message. A
 * parameter is a field of the shared catalogue (label, help, schema fragment, configuration view, parser) placed in
 * one function: in its configuration, in its input, or in both (the input then overrides the configuration).
 * Everything the function reads is parsed here, before any request, and the function sees only these typed values.
 */
import { ConfigurationError } from '../outlook/errors';
import { isRecord } from '../outlook/values/text';

/** The subset of JSON Schema the platform's metadata and our generator use. */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  title?: string;
  description?: string;
  enum?: readonly string[];
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  /** The platform's draft-3 style: `true` on the property itself. */
  required?: boolean;
  default?: unknown;
  examples?: readonly unknown[];
  additionalProperties?: boolean | JsonSchema;
}

export type ViewClass = 'TextFieldView' | 'TextAreaView' | 'CheckBoxView' | 'SelectView' | 'MultiSelectView' | 'PasswordFieldView';

/** How the field looks in the flow designer when it is part of the step configuration. */
export interface View {
  viewClass: ViewClass;
  /** SelectView: the values and their labels, or the name of a picker (a select model). */
  model?: Readonly<Record<string, string>> | string;
  prompt?: string;
  placeholder?: string;
}

/** The kind of Outlook item an id field names; tests and the tour substitute a real one of that kind. */
export type ItemKind = 'message' | 'mailFolder' | 'event' | 'calendar' | 'contact' | 'contactFolder' | 'attachment' | 'storedFile' | 'draft';

/** A field of the catalogue: defined once, placed in many functions. */
export interface FieldSpec<T> {
  label: string;
  /** One or two sentences: the configuration field's note, the schema's description and the README's text. */
  help?: string;
  schema: JsonSchema;
  view: View;
  /** The value, undefined when absent; throws a ConfigurationError naming `name` when it is wrong. */
  parse(value: unknown, name: string): T | undefined;
  refersTo?: ItemKind;
  /** A value this field refuses (wrong type, outside its enum, malformed): the specs check the error names the field. */
  invalid: unknown;
}

export type Placement = 'config' | 'input' | 'both';

export interface ParamOptions<T> {
  placement: Placement;
  required: boolean;
  default?: T;
  /** The configuration key, when it differs from the parameter's name. */
  configKey?: string;
  /** The input key, when it differs from the parameter's name. */
  inputKey?: string;
  /** Older input keys still accepted, after the input key (e.g. `id` for `messageId`). */
  aliases: readonly string[];
}

/** A field placed in a function. `R` is true when the function always gets a value (required or defaulted). */
export class Param<T, R extends boolean = boolean> {
  /** Phantom marker of whether a value is guaranteed. */
  declare readonly guaranteed: R;

  constructor(readonly spec: FieldSpec<T>, readonly options: ParamOptions<T>) {}

  /** The parameter must be given: its absence fails the execution before any request. */
  required(): Param<T, true> {
    return new Param<T, true>(this.spec, { ...this.options, required: true });
  }

  withDefault(value: T): Param<T, true> {
    return new Param<T, true>(this.spec, { ...this.options, default: value });
  }

  /** The same field under another label, help or view details. */
  as(overrides: Partial<Pick<FieldSpec<T>, 'label' | 'help'>> & { view?: Partial<View> }): Param<T, R> {
    const spec: FieldSpec<T> = { ...this.spec, ...overrides, view: { ...this.spec.view, ...overrides.view } };
    return new Param<T, R>(spec, this.options);
  }

  keys(keys: { config?: string; input?: string; aliases?: readonly string[] }): Param<T, R> {
    return new Param<T, R>(this.spec, {
      ...this.options, configKey: keys.config ?? this.options.configKey, inputKey: keys.input ?? this.options.inputKey,
      aliases: keys.aliases ?? this.options.aliases,
    });
  }

  configKeyOf(name: string): string { return this.options.configKey ?? name; }
  inputKeyOf(name: string): string { return this.options.inputKey ?? name; }
  inConfig(): boolean { return this.options.placement !== 'input'; }
  inInput(): boolean { return this.options.placement !== 'config'; }
}

/** Places a catalogue field: `place(fields.mailbox, 'both')`. */
export function place<T>(spec: FieldSpec<T>, placement: Placement): Param<T, false> {
  return new Param<T, false>(spec, { placement, required: false, aliases: [] });
}

export type Params = Record<string, Param<unknown>>;

type ValueOf<P> = P extends Param<infer T, infer R> ? (R extends true ? T : T | undefined) : never;

/** What a function receives: exactly the parameters it declared, typed. */
export type Values<P extends Params> = { readonly [K in keyof P]: ValueOf<P[K]> };

/** `Label (key)`: how an error names a field, so it can be found both in the designer and in a mapping. */
export function fieldName(param: Param<unknown>, name: string, from: 'config' | 'input'): string {
  return `${param.spec.label} (${from === 'config' ? param.configKeyOf(name) : param.inputKeyOf(name)})`;
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** The first given value among the input keys, then the configuration key; the key it was found under. */
function lookup(param: Param<unknown>, name: string, body: Record<string, unknown>, cfg: Record<string, unknown>): { value: unknown; key: string } | undefined {
  if (param.inInput()) {
    for (const key of [param.inputKeyOf(name), ...param.options.aliases]) {
      if (given(body[key])) return { value: body[key], key };
    }
  }
  const key = param.configKeyOf(name);
  if (param.inConfig() && given(cfg[key])) return { value: cfg[key], key };
  return undefined;
}

/** Parses every parameter: the typed values, or a ConfigurationError naming the first wrong field. */
export function parseParams<P extends Params>(params: P, input: { body: unknown; cfg: unknown }): Values<P> {
  if (input.body !== undefined && input.body !== null && !isRecord(input.body)) throw new ConfigurationError('message body', 'must be an object');
  const body = isRecord(input.body) ? input.body : {};
  const cfg = isRecord(input.cfg) ? input.cfg : {};
  const values: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(params)) {
    const found = lookup(param, name, body, cfg);
    const parsed = found === undefined ? undefined : param.spec.parse(found.value, `${param.spec.label} (${found.key})`);
    if (parsed === undefined && param.options.default === undefined && param.options.required) {
      throw new ConfigurationError(fieldName(param, name, param.inInput() ? 'input' : 'config'), 'is required');
    }
    values[name] = parsed ?? param.options.default;
  }
  return values as Values<P>;
}
