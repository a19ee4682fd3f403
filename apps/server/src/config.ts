import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role, type ChannelKind } from '@frontline/shared';
import { z } from 'zod';
import type { EmailSettings } from './channels/email/email-settings.ts';
import { isPhoneRegion, type PhoneRegion } from './lib/normalize-phone.ts';
import { minPasswordLength } from './modules/auth/password-policy-problem.ts';
import type { ChatLimits } from './modules/chat/visitor-limits.ts';
import { readRealtimeLimits, type RealtimeLimits } from './lib/realtime-limits.ts';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  REDIS_URL: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  SECRET_KEY: z.string().min(32, 'SECRET_KEY must be at least 32 characters').optional(),
  WIDGET_SECRET: z.string().min(16).optional(),
  FRONTLINE_ADMIN_EMAIL: z.string().email().optional(),
  FRONTLINE_ADMIN_PASSWORD: z
    .string()
    .min(minPasswordLength, `FRONTLINE_ADMIN_PASSWORD must be at least ${minPasswordLength} characters`)
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  /**
   * Which reverse proxies may set X-Forwarded-For/-Proto/-Host: a hop count (`1` = the one proxy in
   * front) or a comma-separated list of addresses / CIDR ranges (`10.0.0.0/8,127.0.0.1`, also the names
   * `loopback`, `linklocal`, `uniquelocal`). Unset: X-Forwarded-* is ignored.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Bearer token that `/metrics` requires (Prometheus `authorization: {credentials: …}`). */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Serve `/metrics` on its own listener (METRICS_HOST:METRICS_PORT) instead of the main port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** The platform's SMTP receiving server (MX or forwarding target for e-mail channels); unset: off. */
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_HOST: z.string().default('0.0.0.0'),
  MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  /** The longest one reply's provider calls may take before the attempt is abandoned and retried. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** How long a signed file URL works (seconds); clients get fresh ones whenever they load messages. */
  FILE_URL_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  /** Lifetime of a chat visitor token; the SDK refreshes it before it runs out. */
  CHAT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** How long after its last refresh an expired visitor token may still be exchanged for a new one. */
  CHAT_TOKEN_REFRESH_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  /** Messages a visitor may send per minute (sustained); 0 = no limit. */
  CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** Messages a visitor may send at once before the per-minute rate applies. */
  CHAT_MESSAGE_BURST: z.coerce.number().int().min(1).default(10),
  /** Largest message a visitor may send (HTTP body or WebSocket frame), in bytes. */
  CHAT_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024, 'CHAT_MAX_MESSAGE_BYTES is at most 65536 (the WebSocket frame limit)')
    .default(32 * 1024),
  /**
   * The region whose national spellings a typed phone is read in (`8 927 …` is Russian in `RU`): an ISO
   * 3166-1 alpha-2 code. Phones with a country code are read as such in any region.
   */
  DEFAULT_PHONE_REGION: z
    .string()
    .trim()
    .toUpperCase()
    .default('RU')
    .refine(isPhoneRegion, 'DEFAULT_PHONE_REGION must be a two-letter country code such as RU, KZ or DE'),
  /** Open chat WebSockets per visitor (per node); one more is closed with 4429. */
  CHAT_MAX_SOCKETS_PER_VISITOR: z.coerce.number().int().min(1).default(10),
  /** Roles that may merge and unmerge customers, comma-separated (`customers.merge`). */
  MERGE_ROLES: z
    .string()
    .default('supervisor,admin')
    .transform((value, ctx) => {
      const roles = value
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== '');
      const parsed = z.array(Role).min(1).safeParse(roles);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: 'MERGE_ROLES must list roles among operator, supervisor, admin (e.g. supervisor,admin)',
        });
        return z.NEVER;
      }
      return [...new Set(parsed.data)];
    }),
});

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of a TRUST_PROXY list: an address, a CIDR range or a named range; false when malformed. */
function isProxyEntry(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY as Fastify's `trustProxy` takes it, or a message saying what is wrong with it. */
function parseTrustProxy(value: string | undefined): false | number | string[] | string {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true')
    return 'TRUST_PROXY=true would let any client forge its address; give the number of proxies in front (e.g. 1) or their addresses / CIDR ranges';
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isProxyEntry(e));
  if (bad.length > 0)
    return `TRUST_PROXY: not an address or CIDR range: ${bad.map((b) => JSON.stringify(b)).join(', ')} (expected e.g. 1, or 10.0.0.0/8,127.0.0.1)`;
  return entries;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  publicUrl: string | undefined;
  /** Key for signing visitor tokens and encrypting channel secrets. */
  secretKey: string;
  /** Whether `secretKey` was generated at start (tokens then do not survive a restart). */
  secretKeyEphemeral: boolean;
  /** HMAC key the host application's backend uses to sign customer identities for the widget/SDK. */
  widgetSecret: string | undefined;
  admin: { email: string; password: string } | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  cookieSecure: boolean | 'auto';
  /** Deadline of one delivery attempt (all provider calls of one reply), ms. */
  deliveryTimeoutMs: number;
  /** Fastify's `trustProxy`: false (ignore X-Forwarded-*), a hop count, or the proxies' addresses/ranges. */
  trustProxy: false | number | string[];
  /** Customer chat: visitor token lifetimes and per-visitor limits. */
  chat: ChatLimits;
  /** The realtime fan-out's window and bounds (`REALTIME_*`, docs/realtime.md). */
  realtime: RealtimeLimits;
  /**
   * Who may read `/metrics`: with `token`, bearers of it; with `port`, only that listener serves it
   * (on `host`); with neither, loopback clients of the main port only.
   */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /**
   * Each channel kind's own platform settings, as its adapter declares them (`settingsSchema`): only that
   * channel's receiver gets its slice (e-mail: the SMTP listener).
   */
  channels: ChannelSettings;
  /** How long a signed file URL works, in seconds. */
  fileUrlTtlSeconds: number;
  /** The region typed phones without a country code are read in (`DEFAULT_PHONE_REGION`, default RU). */
  phoneRegion: PhoneRegion;
  /** The roles of each configurable permission (`MERGE_ROLES`: `customers.merge`). */
  permissions: { 'customers.merge': Role[] };
}

/** The platform settings of the channel kinds that need some, keyed by kind. */
export interface ChannelSettings {
  email: EmailSettings;
}

/** The settings slice of one channel kind, for its adapter's `settingsSchema` (undefined: it needs none). */
export function channelSettingsOf(config: Config, kind: ChannelKind): unknown {
  const slices: Partial<Record<ChannelKind, unknown>> = config.channels;
  return slices[kind];
}

export type { ChatLimits };

/** The only reader of `process.env`: validates it and fails fast with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.FRONTLINE_ADMIN_EMAIL === undefined) !== (e.FRONTLINE_ADMIN_PASSWORD === undefined)) {
    throw new Error(
      'invalid configuration: set both FRONTLINE_ADMIN_EMAIL and FRONTLINE_ADMIN_PASSWORD, or neither',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicUrl: e.PUBLIC_URL,
    secretKey: e.SECRET_KEY ?? randomBytes(32).toString('hex'),
    secretKeyEphemeral: e.SECRET_KEY === undefined,
    widgetSecret: e.WIDGET_SECRET,
    admin:
      e.FRONTLINE_ADMIN_EMAIL && e.FRONTLINE_ADMIN_PASSWORD
        ? { email: e.FRONTLINE_ADMIN_EMAIL.toLowerCase(), password: e.FRONTLINE_ADMIN_PASSWORD }
        : undefined,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    deliveryTimeoutMs: e.DELIVERY_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    realtime: readRealtimeLimits(env),
    chat: {
      tokenTtlSeconds: e.CHAT_TOKEN_TTL_SECONDS,
      tokenRefreshSeconds: e.CHAT_TOKEN_REFRESH_SECONDS,
      messagesPerMinute: e.CHAT_MESSAGES_PER_MINUTE,
      messageBurst: e.CHAT_MESSAGE_BURST,
      maxMessageBytes: e.CHAT_MAX_MESSAGE_BYTES,
      maxSocketsPerVisitor: e.CHAT_MAX_SOCKETS_PER_VISITOR,
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    channels: {
      email: {
        ...(e.SMTP_PORT !== undefined ? { smtpPort: e.SMTP_PORT } : {}),
        smtpHost: e.SMTP_HOST,
        maxMailBytes: e.MAIL_MAX_BYTES,
      },
    },
    fileUrlTtlSeconds: e.FILE_URL_TTL_SECONDS,
    phoneRegion: e.DEFAULT_PHONE_REGION,
    permissions: { 'customers.merge': e.MERGE_ROLES },
  };
}

/**
 * Without SECRET_KEY, a key is generated once and kept in DATA_DIR (mode 0600), so visitor tokens and
 * encrypted channel secrets survive restarts of a single-node install.
 */
export function withPersistentSecretKey(config: Config): Config {
  if (!config.secretKeyEphemeral) return config;
  const file = join(config.dataDir, 'secret.key');
  mkdirSync(config.dataDir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, config.secretKey, { mode: 0o600, flag: 'wx' });
  return { ...config, secretKey: readFileSync(file, 'utf8').trim(), secretKeyEphemeral: false };
}
