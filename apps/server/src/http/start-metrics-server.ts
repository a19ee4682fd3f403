import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { Logger } from '../lib/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { bearerMatches } from './metrics-access.ts';

/**
 * The separate metrics listener (METRICS_PORT on METRICS_HOST, loopback by default): `GET /metrics` only,
 * behind METRICS_TOKEN when it is set. Resolves once listening; `close` stops it.
 */
export async function startMetricsServer(deps: {
  metrics: Metrics;
  settings: Config['metrics'];
  logger: Logger;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const { metrics, settings, logger } = deps;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'only GET /metrics is served here' } }));
      return;
    }
    if (settings.token !== undefined && !bearerMatches(req.headers.authorization, settings.token)) {
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Bearer realm="metrics"',
      });
      res.end(
        JSON.stringify({
          error: { code: 'AUTH_REQUIRED', message: 'send Authorization: Bearer <METRICS_TOKEN>' },
        }),
      );
      return;
    }
    metrics.registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'metrics collection failed');
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'metrics collection failed' } }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port ?? 0, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
