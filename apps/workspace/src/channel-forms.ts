import { generateWebhookSecret } from './generate-webhook-secret.ts';
import type { MessageKey } from './i18n.ts';

/**
 * Channel kinds an admin can connect from the workspace. The built-in web chat is not here: it
 * exists from the start and cannot be connected or disconnected.
 */
export const connectableKinds = ['telegram', 'whatsapp', 'viber'] as const;
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
  whatsapp: {
    labelKey: 'channel.whatsapp',
    config: [
      {
        name: 'phoneNumberId',
        labelKey: 'channelForm.whatsapp.phoneNumberId',
        hintKey: 'channelForm.whatsapp.phoneNumberIdHint',
        required: true,
        placeholder: '106540352242922',
        pattern: /^\d{5,20}$/,
      },
      {
        name: 'apiVersion',
        labelKey: 'channelForm.whatsapp.apiVersion',
        required: false,
        placeholder: 'v21.0',
        advanced: true,
        pattern: /^v\d+\.\d+$/,
      },
      {
        name: 'graphRoot',
        labelKey: 'channelForm.whatsapp.graphRoot',
        required: false,
        placeholder: 'https://graph.facebook.com',
        inputType: 'url',
        advanced: true,
        pattern: /^https?:\/\/\S+$/,
      },
    ],
    secrets: [
      {
        name: 'accessToken',
        labelKey: 'channelForm.whatsapp.accessToken',
        required: true,
        placeholder: 'EAAG…',
        pattern: /^[A-Za-z0-9_|.-]{16,1024}$/,
      },
      {
        name: 'appSecret',
        labelKey: 'channelForm.whatsapp.appSecret',
        hintKey: 'channelForm.whatsapp.appSecretHint',
        required: true,
        pattern: /^[A-Za-z0-9_-]{8,256}$/,
      },
      {
        name: 'verifyToken',
        labelKey: 'channelForm.whatsapp.verifyToken',
        hintKey: 'channelForm.whatsapp.verifyTokenHint',
        required: true,
        pattern: /^[\x21-\x7e]{8,256}$/,
      },
    ],
  },
  viber: {
    labelKey: 'channel.viber',
    config: [
      {
        name: 'senderName',
        labelKey: 'channelForm.viber.senderName',
        hintKey: 'channelForm.viber.senderNameHint',
        required: true,
        placeholder: 'Поддержка',
        pattern: /^.{1,28}$/,
      },
      {
        name: 'apiRoot',
        labelKey: 'channelForm.viber.apiRoot',
        required: false,
        placeholder: 'https://chatapi.viber.com',
        inputType: 'url',
        advanced: true,
        pattern: /^https?:\/\/\S+$/,
      },
    ],
    secrets: [
      {
        name: 'authToken',
        labelKey: 'channelForm.viber.authToken',
        hintKey: 'channelForm.viber.authTokenHint',
        required: true,
        pattern: /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/,
      },
    ],
  },
} satisfies Record<ConnectableKind, ChannelFormSpec>;

/** True when `kind` has a form spec (narrows a `<select>` value). */
export function isConnectableKind(kind: string): kind is ConnectableKind {
  return (connectableKinds as readonly string[]).includes(kind);
}
