import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths never written to logs, whatever level. */
export const redactedPaths = [
  'password',
  '*.password',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  // Request headers copied into other objects, e.g. the multipart plugin's trace line of its busboy options.
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["x-csrf-token"]',
  '*.headers["set-cookie"]',
  '*.*.headers.cookie',
  '*.*.headers.authorization',
  '*.*.headers["x-csrf-token"]',
  'secret',
  '*.secret',
  '*.secrets',
  'token',
  '*.token',
  'visitorToken',
  '*.visitorToken',
  'config.secretKey',
];

/** The server's pino logger; `destination` (default stdout) lets tests capture what is written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
