import { generateWebhookSecret } from './generate-webhook-secret.ts';
import type { MessageKey } from './i18n.ts';

/**
 * Channel kinds an admin can connect from the workspace. The built-in web chat is not here: it
 * exists from the start and cannot be connected or disconnected.
 */
export const connectableKinds = ['telegram'] as const;
export type ConnectableKind = (typeof connectableKinds)[number];

/** Kinds that exist from the start and cannot be disconnected (the server refuses with `CONFLICT`). */
export const builtInKinds: ReadonlySet<string> = new Set(['webchat']);

/** One input of the "Connect channel" form. */
export interface ChannelFieldSpec {
  /** The key sent in `config` or `secrets` (also the `data-testid` suffix). */
  name: string;
  labelKey: MessageKey;
  hintKey?: MessageKey;
  required: boolean;
  placeholder?: string;
  /** `url` only matters for config fields; secrets are always `type=password`. */
  inputType?: 'text' | 'url';
  /** Shown behind the "Advanced settings" toggle. */
  advanced?: boolean;
  /** Checked in the browser before sending (the server checks again). */
  pattern?: RegExp;
  /** Secrets only: the value sent when the admin leaves the field empty. */
  generate?: () => string;
}

/** What the form asks for one channel kind: non-secret settings and write-only secrets. */
export interface ChannelFormSpec {
  labelKey: MessageKey;
  config: readonly ChannelFieldSpec[];
  secrets: readonly ChannelFieldSpec[];
}

/**
 * The per-kind field spec of the "Connect channel" form. Adding a kind (whatsapp, viber, email,
 * googleplay) is one entry here plus its strings in `i18n.ts`; the form renders from this data.
 * @example channelForms.telegram.secrets.map((f) => f.name) // → ['botToken', 'webhookSecret']
 */
export const channelForms = {
  telegram: {
    labelKey: 'channel.telegram',
    config: [
      {
        name: 'apiRoot',
        labelKey: 'channelForm.telegram.apiRoot',
        hintKey: 'channelForm.telegram.apiRootHint',
        required: false,
        placeholder: 'https://api.telegram.org',
        inputType: 'url',
        advanced: true,
        pattern: /^https?:\/\/\S+$/,
      },
    ],
    secrets: [
      {
        name: 'botToken',
        labelKey: 'channelForm.telegram.botToken',
        hintKey: 'channelForm.telegram.botTokenHint',
        required: true,
        placeholder: '123456789:AAH…',
        pattern: /^\d+:[A-Za-z0-9_-]+$/,
      },
      {
        name: 'webhookSecret',
        labelKey: 'channelForm.telegram.webhookSecret',
        hintKey: 'channelForm.telegram.webhookSecretHint',
        required: false,
        pattern: /^[A-Za-z0-9_-]{1,256}$/,
        generate: () => generateWebhookSecret(),
      },
    ],
  },
} satisfies Record<ConnectableKind, ChannelFormSpec>;

/** True when `kind` has a form spec (narrows a `<select>` value). */
export function isConnectableKind(kind: string): kind is ConnectableKind {
  return (connectableKinds as readonly string[]).includes(kind);
}
