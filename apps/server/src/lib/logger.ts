import { pino, type Logger } from 'pino';

/** Paths never written to logs, whatever level. */
export const redactedPaths = [
  'password',
  '*.password',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'secret',
  '*.secret',
  '*.secrets',
  'token',
  '*.token',
  'visitorToken',
  '*.visitorToken',
  'config.secretKey',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } });
}
export type { Logger };
