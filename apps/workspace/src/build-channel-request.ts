import type { CreateChannelRequest } from '@frontline/shared';
import type { ChannelFieldSpec, ChannelFormSpec, ConnectableKind } from './channel-forms.ts';

/** What the admin typed into the "Connect channel" form (checkboxes as `'true'` / `'false'`). */
export interface ChannelFormInput {
  kind: ConnectableKind;
  name: string;
  /** `''` for "no entry point". */
  entryPointId: string;
  /** Keyed by field name, dotted names as they are (`'smtp.host'`). */
  config: Record<string, string>;
  secrets: Record<string, string>;
}

/** Why a field was refused: `required` (empty) or `invalid` (never carries the value). */
export type FieldProblem = 'required' | 'invalid';

/** Field ids are `name`, `entryPointId`, `kind`, `config.<name>` and `secrets.<name>`. */
export type FieldProblems = Record<string, FieldProblem>;

export type BuiltChannelRequest =
  { ok: true; request: CreateChannelRequest } | { ok: false; fields: FieldProblems };

/** The API refuses longer secret values (`CreateChannelRequest.secrets`). */
const maxSecretLength = 4096;

/**
 * What a field holds in the form: the typed value, else its default (a checkbox starts as
 * `defaultValue`), else `''`.
 * @example formValue({ 'imap.secure': 'false' }, imapSecureField) // → 'false'
 */
export function formValue(values: Record<string, string>, field: ChannelFieldSpec): string {
  return values[field.name] ?? field.defaultValue ?? '';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Sets `target.a.b.c = value` for the name `a.b.c`, creating the objects on the way. */
function setPath(target: Record<string, unknown>, name: string, value: unknown): void {
  const keys = name.split('.');
  const last = keys.pop() ?? name;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    const child = isObject(next) ? next : {};
    node[key] = child;
    node = child;
  }
  node[last] = value;
}

/** The value to send for a filled field, or `null` when it fails the field's checks. */
function convert(field: ChannelFieldSpec, value: string): unknown {
  if (field.pattern && !field.pattern.test(value)) return null;
  if (field.validate && !field.validate(value)) return null;
  if (field.toValue) return field.toValue(value);
  if (field.valueType === 'boolean') return value === 'true';
  if (field.valueType === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return null;
    const n = Number(value);
    if (field.min !== undefined && n < field.min) return null;
    if (field.max !== undefined && n > field.max) return null;
    return n;
  }
  return value;
}

/**
 * Checks the form in the browser and builds the `POST /channels` body: values trimmed, empty optional
 * config left out (the server applies its default), dotted config names nested (`smtp.host` →
 * `{ smtp: { host } }`), numbers and checkboxes sent typed, fields `requiredWith` an empty field left
 * out (so an optional `imap` object is not sent at all), empty secrets with a generator filled with a
 * freshly generated value (e.g. Telegram's webhook secret).
 * @example buildChannelRequest(input, channelForms.telegram) // → { ok: true, request: { kind: 'telegram', … } }
 */
export function buildChannelRequest(input: ChannelFormInput, spec: ChannelFormSpec): BuiltChannelRequest {
  const fields: FieldProblems = {};
  const name = input.name.trim();
  if (!name) fields.name = 'required';
  else if (name.length > 200) fields.name = 'invalid';

  /** A field goes with an empty one: neither required nor sent. */
  const inactive = (field: ChannelFieldSpec) =>
    field.requiredWith !== undefined && (input.config[field.requiredWith] ?? '').trim() === '';

  const config: Record<string, unknown> = {};
  for (const field of spec.config) {
    if (inactive(field)) continue;
    const value = formValue(input.config, field).trim();
    if (!value) {
      if (field.required) fields[`config.${field.name}`] = 'required';
      continue;
    }
    const converted = convert(field, value);
    if (converted === null) fields[`config.${field.name}`] = 'invalid';
    else setPath(config, field.name, converted);
  }

  const secrets: Record<string, string> = {};
  for (const field of spec.secrets) {
    if (inactive(field)) continue;
    const value = (input.secrets[field.name] ?? '').trim();
    if (!value) {
      if (field.generate) secrets[field.name] = field.generate();
      else if (field.required) fields[`secrets.${field.name}`] = 'required';
      continue;
    }
    const valid =
      value.length <= maxSecretLength &&
      (!field.pattern || field.pattern.test(value)) &&
      (!field.validate || field.validate(value));
    if (!valid) fields[`secrets.${field.name}`] = 'invalid';
    else secrets[field.name] = value;
  }

  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const entryPointId = input.entryPointId === '' ? null : Number(input.entryPointId);
  return {
    ok: true,
    request: {
      kind: input.kind,
      name,
      entryPointId: Number.isInteger(entryPointId) ? entryPointId : null,
      config,
      secrets,
    },
  };
}
