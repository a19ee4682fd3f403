import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../lib/errors.ts';

/** Whether an `Authorization` header carries exactly `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * preHandler of `/metrics` on the main port. With METRICS_PORT the metrics live on their own listener
 * (404 here); with METRICS_TOKEN a bearer token is required; with neither, only a loopback client that
 * did not come through a proxy (no X-Forwarded-For / Forwarded) may read them.
 */
export function metricsAccess(metrics: Config['metrics']) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (metrics.port !== undefined)
      throw new AppError('NOT_FOUND', `metrics are served on port ${metrics.port}, not here`);
    if (metrics.token !== undefined) {
      if (bearerMatches(request.headers.authorization, metrics.token)) return;
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('AUTH_REQUIRED', 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    const proxied =
      request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
    if (!isLoopback(request.ip) || proxied)
      throw new AppError(
        'FORBIDDEN',
        'metrics are served to loopback clients only; set METRICS_TOKEN (bearer) or METRICS_PORT to scrape from elsewhere',
      );
  };
}
