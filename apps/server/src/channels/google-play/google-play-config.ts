import { z } from 'zod';

/**
 * Non-secret settings of a Google Play reviews channel (one app). `apiRoot` and `tokenUrl` point tests at
 * the fake. Reviews are polled every `pollIntervalSeconds`, `pageSize` at a time, spending at most
 * `maxGetsPerHour` of the app's 200 GETs an hour (the rest is margin for health checks and other tools).
 * `translationLanguage` asks Google to translate review texts (the original is kept in the message).
 */
export const GooglePlayConfig = z.object({
  packageName: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/,
      'an Android package name looks like com.example.app',
    ),
  apiRoot: z.url().default('https://androidpublisher.googleapis.com/'),
  tokenUrl: z.url().default('https://oauth2.googleapis.com/token'),
  pollIntervalSeconds: z.number().int().min(1).max(86_400).default(300),
  pageSize: z.number().int().min(1).max(100).default(100),
  maxGetsPerHour: z.number().int().min(1).max(10_000).default(180),
  translationLanguage: z
    .string()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'a language code looks like en or pt-BR')
    .optional(),
});
export type GooglePlayConfig = z.infer<typeof GooglePlayConfig>;
