import { generateWebhookSecret } from './generate-webhook-secret.ts';
import { parseTemplateLines } from './parse-template-lines.ts';
import { isServiceAccountJson } from './is-service-account-json.ts';
import type { MessageKey } from './i18n.ts';

/**
 * Channel kinds an admin can connect from the workspace. The built-in web chat is not here: it
 * exists from the start and cannot be connected or disconnected.
 */
export const connectableKinds = ['telegram', 'whatsapp', 'viber', 'email', 'google_play'] as const;
export type ConnectableKind = (typeof connectableKinds)[number];

/** Kinds that exist from the start and cannot be disconnected (the server refuses with `CONFLICT`). */
export const builtInKinds: ReadonlySet<string> = new Set(['webchat']);

/** One input of the "Connect channel" form. */
export interface ChannelFieldSpec {
  /**
   * The key sent in `config` or `secrets` (also the `data-testid` suffix). A dotted config name
   * (`smtp.host`) is sent nested: `{ smtp: { host } }`. Secrets are flat strings.
   */
  name: string;
  labelKey: MessageKey;
  hintKey?: MessageKey;
  required: boolean;
  placeholder?: string;
  /** `url` only matters for config fields; secrets are always `type=password` (or a textarea). */
  inputType?: 'text' | 'url';
  /**
   * Config only: what is sent. `number` (typed as text, sent as a number, `min`/`max` checked) or
   * `boolean` (a checkbox, always sent as `true`/`false`). Default: the trimmed string.
   */
  valueType?: 'number' | 'boolean';
  /** Numbers only: the accepted range (inclusive). */
  min?: number;
  max?: number;
  /** The value the input starts with; for a checkbox `'true'` (checked) or `'false'`. */
  defaultValue?: string;
  /** A multi-line textarea instead of a one-line input (e.g. a pasted JSON key file). */
  multiline?: boolean;
  /** Shown behind the "Advanced settings" toggle. */
  advanced?: boolean;
  /** Checked in the browser before sending (the server checks again). */
  pattern?: RegExp;
  /** A check a pattern cannot express (e.g. "parses as JSON"); the server checks again. */
  validate?: (value: string) => boolean;
  /** Config only: turns the text into the value sent (e.g. template lines into objects); null = invalid. */
  toValue?: (value: string) => unknown;
  /** Secrets only: the value sent when the admin leaves the field empty. */
  generate?: () => string;
  /**
   * The name of the config field this one goes with (`'imap.host'`). While that field is empty this
   * one is neither required nor sent, so an optional object (`imap`) is left out entirely; once it is
   * filled, `required` applies.
   */
  requiredWith?: string;
}

/** What the form asks for one channel kind: non-secret settings and write-only secrets. */
export interface ChannelFormSpec {
  labelKey: MessageKey;
  config: readonly ChannelFieldSpec[];
  secrets: readonly ChannelFieldSpec[];
}

/**
 * The per-kind field spec of the "Connect channel" form. Adding a kind is one entry here plus its
 * strings in `i18n.ts`; the form renders from this data.
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
        name: 'templates',
        labelKey: 'channelForm.whatsapp.templates',
        hintKey: 'channelForm.whatsapp.templatesHint',
        required: false,
        multiline: true,
        placeholder: 'order_ready | ru | Здравствуйте, {{1}}! Ваш заказ готов.',
        toValue: parseTemplateLines,
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
  email: {
    labelKey: 'channel.email',
    config: [
      {
        name: 'address',
        labelKey: 'channelForm.email.address',
        hintKey: 'channelForm.email.addressHint',
        required: true,
        placeholder: 'support@example.com',
        pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
      },
      {
        name: 'displayName',
        labelKey: 'channelForm.email.displayName',
        hintKey: 'channelForm.email.displayNameHint',
        required: false,
        placeholder: 'Support',
        pattern: /^.{1,100}$/,
      },
      {
        name: 'smtp.host',
        labelKey: 'channelForm.email.smtpHost',
        hintKey: 'channelForm.email.smtpHostHint',
        required: true,
        placeholder: 'smtp.example.com',
        pattern: /^\S+$/,
      },
      {
        name: 'smtp.port',
        labelKey: 'channelForm.email.smtpPort',
        hintKey: 'channelForm.email.smtpPortHint',
        required: false,
        placeholder: '587',
        valueType: 'number',
        min: 1,
        max: 65535,
      },
      {
        name: 'smtp.secure',
        labelKey: 'channelForm.email.smtpSecure',
        hintKey: 'channelForm.email.smtpSecureHint',
        required: false,
        valueType: 'boolean',
        defaultValue: 'false',
      },
      {
        name: 'smtp.user',
        labelKey: 'channelForm.email.smtpUser',
        hintKey: 'channelForm.email.smtpUserHint',
        required: false,
        placeholder: 'support@example.com',
      },
      {
        name: 'imap.host',
        labelKey: 'channelForm.email.imapHost',
        hintKey: 'channelForm.email.imapHostHint',
        required: false,
        placeholder: 'imap.example.com',
        pattern: /^\S+$/,
      },
      {
        name: 'imap.port',
        labelKey: 'channelForm.email.imapPort',
        required: false,
        placeholder: '993',
        valueType: 'number',
        min: 1,
        max: 65535,
        requiredWith: 'imap.host',
      },
      {
        name: 'imap.secure',
        labelKey: 'channelForm.email.imapSecure',
        required: false,
        valueType: 'boolean',
        defaultValue: 'true',
        requiredWith: 'imap.host',
      },
      {
        name: 'imap.user',
        labelKey: 'channelForm.email.imapUser',
        required: true,
        placeholder: 'support@example.com',
        requiredWith: 'imap.host',
      },
      {
        name: 'imap.mailbox',
        labelKey: 'channelForm.email.imapMailbox',
        required: false,
        placeholder: 'INBOX',
        requiredWith: 'imap.host',
      },
      {
        name: 'imap.initialSyncDays',
        labelKey: 'channelForm.email.imapInitialSyncDays',
        hintKey: 'channelForm.email.imapInitialSyncDaysHint',
        required: false,
        placeholder: '7',
        valueType: 'number',
        min: 0,
        max: 365,
        requiredWith: 'imap.host',
      },
      {
        name: 'domain',
        labelKey: 'channelForm.email.domain',
        hintKey: 'channelForm.email.domainHint',
        required: false,
        placeholder: 'support.example.com',
        advanced: true,
        pattern: /^[a-z0-9.-]+$/i,
      },
      {
        name: 'defaultSubject',
        labelKey: 'channelForm.email.defaultSubject',
        hintKey: 'channelForm.email.defaultSubjectHint',
        required: false,
        placeholder: 'Support request',
        advanced: true,
        pattern: /^.{1,200}$/,
      },
    ],
    secrets: [
      {
        name: 'smtpPassword',
        labelKey: 'channelForm.email.smtpPassword',
        hintKey: 'channelForm.email.smtpPasswordHint',
        required: false,
      },
      {
        name: 'imapPassword',
        labelKey: 'channelForm.email.imapPassword',
        required: true,
        requiredWith: 'imap.host',
      },
    ],
  },
  google_play: {
    labelKey: 'channel.google_play',
    config: [
      {
        name: 'packageName',
        labelKey: 'channelForm.google_play.packageName',
        hintKey: 'channelForm.google_play.packageNameHint',
        required: true,
        placeholder: 'com.example.app',
        pattern: /^[a-zA-Z]\w*(\.[a-zA-Z]\w*)+$/,
      },
      {
        name: 'translationLanguage',
        labelKey: 'channelForm.google_play.translationLanguage',
        hintKey: 'channelForm.google_play.translationLanguageHint',
        required: false,
        placeholder: 'ru',
        advanced: true,
        pattern: /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/,
      },
      {
        name: 'pollIntervalSeconds',
        labelKey: 'channelForm.google_play.pollIntervalSeconds',
        hintKey: 'channelForm.google_play.pollIntervalSecondsHint',
        required: false,
        placeholder: '300',
        advanced: true,
        valueType: 'number',
        min: 1,
        max: 86_400,
      },
      {
        name: 'apiRoot',
        labelKey: 'channelForm.google_play.apiRoot',
        required: false,
        placeholder: 'https://androidpublisher.googleapis.com/',
        inputType: 'url',
        advanced: true,
        pattern: /^https?:\/\/\S+$/,
      },
      {
        name: 'tokenUrl',
        labelKey: 'channelForm.google_play.tokenUrl',
        required: false,
        placeholder: 'https://oauth2.googleapis.com/token',
        inputType: 'url',
        advanced: true,
        pattern: /^https?:\/\/\S+$/,
      },
    ],
    secrets: [
      {
        name: 'serviceAccountJson',
        labelKey: 'channelForm.google_play.serviceAccountJson',
        hintKey: 'channelForm.google_play.serviceAccountJsonHint',
        required: true,
        placeholder: '{ "type": "service_account", "client_email": "…", "private_key": "…" }',
        multiline: true,
        validate: isServiceAccountJson,
      },
    ],
  },
} satisfies Record<ConnectableKind, ChannelFormSpec>;

/** True when `kind` has a form spec (narrows a `<select>` value). */
export function isConnectableKind(kind: string): kind is ConnectableKind {
  return (connectableKinds as readonly string[]).includes(kind);
}
