import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { AttachmentStore } from '../../modules/attachments/attachment-store.ts';
import type { AttachmentUrls } from '../../modules/attachments/attachment-urls.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { Store } from '../../store/store.ts';
import { contentDisposition } from '../content-disposition.ts';
import { metricsAccess } from '../metrics-access.ts';
import { DataDirProbe } from '../../store/data-dir-probe.ts';

// The name in the path is cosmetic (the download is named from the stored metadata): any length is fine.
const FileParams = z.object({ id: z.string().max(64), name: z.string() });
const FileQuery = z.object({ sig: z.string().max(64), exp: z.coerce.number().int().positive().optional() });

/** What the system routes use. */
export interface SystemRouteDeps {
  store: Pick<Store, 'ping' | 'dialect'>;
  /** Checked by /readyz: a full disk is not ready. */
  dataDir: string;
  metrics: Pick<Metrics, 'registry'>;
  /** Who may read /metrics on the main port. */
  metricsSettings: Config['metrics'];
  files: Pick<AttachmentUrls, 'check' | 'secondsLeft'>;
  attachments: Pick<AttachmentStore, 'read'>;
}

/** Health, readiness, /metrics and signed file downloads. */
export function systemRoutes(deps: SystemRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));

    const dataDir = new DataDirProbe(deps.dataDir);
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const notReady = (message: string) => reply.status(503).send({ error: { code: 'NOT_READY', message } });
      try {
        await deps.store.ping();
      } catch {
        return notReady('the store does not answer');
      }
      const full = await dataDir.check();
      if (full !== null) return notReady(full);
      return { status: 'ready', store: deps.store.dialect };
    });

    app.get(
      '/metrics',
      { schema: { hide: true }, preHandler: metricsAccess(deps.metricsSettings) },
      async (_request, reply) => {
        const body = await deps.metrics.registry.metrics();
        return reply.type(deps.metrics.registry.contentType).send(body);
      },
    );

    app.get(
      '/api/v1/files/:id/:name',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Download a file by its signed URL',
          params: FileParams,
          querystring: FileQuery,
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { exp, sig } = request.query;
        const notFound = { error: { code: 'ATTACHMENT_NOT_FOUND', message: 'file not found' } };
        const check = deps.files.check(id, exp, sig);
        if (check === 'invalid') return reply.status(404).send(notFound);
        if (check === 'expired') {
          return reply.status(410).send({
            error: {
              code: 'ATTACHMENT_URL_EXPIRED',
              message: 'this file link has expired: reload the conversation to get a fresh one',
            },
          });
        }
        const file = await deps.attachments.read(id);
        if (!file) return reply.status(404).send(notFound);
        const inline = file.meta.contentType.startsWith('image/');
        return reply
          .header('content-type', file.meta.contentType)
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-security-policy',
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
          )
          .header('content-disposition', contentDisposition(inline, file.meta.filename))
          .header('cache-control', `private, max-age=${deps.files.secondsLeft(exp ?? 0)}`)
          .send(file.bytes);
      },
    );
  };
}
