import { ApiError } from './api-error.ts';
import type { FieldProblems } from './build-channel-request.ts';
import type { ChannelFormSpec } from './channel-forms.ts';
import { isMessageKey, type MessageKey } from './i18n.ts';

/** A failed "Connect channel" request, ready to show: a banner, an optional server text, flagged fields. */
export interface ChannelFormError {
  /** The banner text (`vars` fill its placeholders). */
  key: MessageKey;
  vars?: Record<string, string>;
  /** The server's human-readable explanation, shown prominently (e.g. why Telegram refused the token). */
  detail: string | null;
  /** Fields to mark; problems never carry the submitted values. */
  fields: FieldProblems;
}

const topLevelFields = new Set(['kind', 'name', 'entryPointId']);

/** `['secrets', 'botToken']`, `'secrets.botToken'` or `'/secrets/botToken'` → `['secrets', 'botToken']`. */
function pathSegments(path: unknown): string[] {
  if (Array.isArray(path)) return path.map((p) => String(p));
  if (typeof path !== 'string') return [];
  return path.split(/[./]/).filter((p) => p !== '');
}

/**
 * The form field a validation detail points at, or `null`. The server reports body paths
 * (`secrets.botToken`, `/config/apiRoot`, `['config', 'smtp', 'host']`) and, for per-kind checks, paths
 * relative to `secrets` or `config` (`botToken`, `['smtp', 'host']`): those are resolved through the
 * kind's field spec, whose nested config fields have dotted names (`smtp.host`).
 */
function fieldFor(path: unknown, spec: ChannelFormSpec): string | null {
  const segments = pathSegments(path);
  const [head] = segments;
  if (head === undefined) return null;
  if ((head === 'secrets' || head === 'config') && segments.length > 1) {
    const rest = segments.slice(1).join('.');
    const known = spec[head].some((f) => f.name === rest);
    return known ? `${head}.${rest}` : null;
  }
  if (topLevelFields.has(head)) return head;
  const relative = segments.join('.');
  if (spec.secrets.some((f) => f.name === relative)) return `secrets.${relative}`;
  if (spec.config.some((f) => f.name === relative)) return `config.${relative}`;
  return null;
}

function detailPaths(details: unknown): unknown[] {
  if (!Array.isArray(details)) return [];
  return details.map((d: unknown) => (d !== null && typeof d === 'object' && 'path' in d ? d.path : null));
}

/**
 * Maps an error from `createChannel` to what the form shows. Pure: no i18n, no React.
 * - `VALIDATION_FAILED` → the flagged fields as `invalid` (the server's detail texts are not shown on
 *   fields, so a submitted value is never echoed); the server message only when no field matched.
 * - `CONFLICT` → the name is taken.
 * - `CHANNEL_CONNECT_FAILED` → the provider's refusal, as the server words it.
 * - anything else → the app-wide `error.<CODE>` text, else the generic text with the message.
 * @example mapChannelError(new ApiError({ status: 409, code: 'CONFLICT', message: '…' }), channelForms.telegram)
 * // → { key: 'channelForm.error.CONFLICT', detail: null, fields: { name: 'invalid' } }
 */
export function mapChannelError(error: unknown, spec: ChannelFormSpec): ChannelFormError {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { key: 'error.generic', vars: { message }, detail: null, fields: {} };
  }
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const fields: FieldProblems = {};
      for (const path of detailPaths(error.details)) {
        const field = fieldFor(path, spec);
        if (field) fields[field] = 'invalid';
      }
      const matched = Object.keys(fields).length > 0;
      return { key: 'channelForm.error.VALIDATION_FAILED', detail: matched ? null : error.message, fields };
    }
    case 'CONFLICT':
      return { key: 'channelForm.error.CONFLICT', detail: null, fields: { name: 'invalid' } };
    case 'CHANNEL_CONNECT_FAILED':
      return { key: 'channelForm.error.CHANNEL_CONNECT_FAILED', detail: error.message, fields: {} };
  }
  const key = `error.${error.code}`;
  if (isMessageKey(key)) return { key, detail: null, fields: {} };
  return { key: 'error.generic', vars: { message: error.message }, detail: null, fields: {} };
}
