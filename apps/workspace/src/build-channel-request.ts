import type { CreateChannelRequest } from '@frontline/shared';
import type { ChannelFormSpec, ConnectableKind } from './channel-forms.ts';

/** What the admin typed into the "Connect channel" form. */
export interface ChannelFormInput {
  kind: ConnectableKind;
  name: string;
  /** `''` for "no entry point". */
  entryPointId: string;
  config: Record<string, string>;
  secrets: Record<string, string>;
}

/** Why a field was refused: `required` (empty) or `invalid` (never carries the value). */
export type FieldProblem = 'required' | 'invalid';

/** Field ids are `name`, `entryPointId`, `kind`, `config.<name>` and `secrets.<name>`. */
export type FieldProblems = Record<string, FieldProblem>;

export type BuiltChannelRequest =
  { ok: true; request: CreateChannelRequest } | { ok: false; fields: FieldProblems };

/**
 * Checks the form in the browser and builds the `POST /channels` body: values trimmed, empty optional
 * config left out (the server applies its default), empty secrets with a generator filled with a
 * freshly generated value (e.g. Telegram's webhook secret).
 * @example buildChannelRequest(input, channelForms.telegram) // → { ok: true, request: { kind: 'telegram', … } }
 */
export function buildChannelRequest(input: ChannelFormInput, spec: ChannelFormSpec): BuiltChannelRequest {
  const fields: FieldProblems = {};
  const name = input.name.trim();
  if (!name) fields.name = 'required';
  else if (name.length > 200) fields.name = 'invalid';

  const config: Record<string, string> = {};
  for (const field of spec.config) {
    const value = (input.config[field.name] ?? '').trim();
    if (!value) {
      if (field.required) fields[`config.${field.name}`] = 'required';
      continue;
    }
    if (field.pattern && !field.pattern.test(value)) fields[`config.${field.name}`] = 'invalid';
    else config[field.name] = value;
  }

  const secrets: Record<string, string> = {};
  for (const field of spec.secrets) {
    const value = (input.secrets[field.name] ?? '').trim();
    if (!value) {
      if (field.generate) secrets[field.name] = field.generate();
      else if (field.required) fields[`secrets.${field.name}`] = 'required';
      continue;
    }
    if (field.pattern && !field.pattern.test(value)) fields[`secrets.${field.name}`] = 'invalid';
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
