import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { contentDisposition } from '../content-disposition.ts';
import { metricsAccess } from '../metrics-access.ts';
import { DataDirProbe } from '../../store/data-dir-probe.ts';

// The name in the path is cosmetic (the download is named from the stored metadata): any length is fine.
const FileParams = z.object({ id: z.string().max(64), name: z.string() });
const FileQuery = z.object({ sig: z.string().max(64), exp: z.coerce.number().int().positive().optional() });

export function systemRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));

    const dataDir = new DataDirProbe(services.config.dataDir);
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const notReady = (message: string) => reply.status(503).send({ error: { code: 'NOT_READY', message } });
      try {
        await services.store.ping();
      } catch {
        return notReady('the store does not answer');
      }
      const full = await dataDir.check();
      if (full !== null) return notReady(full);
      return { status: 'ready', store: services.store.dialect };
    });

    app.get(
      '/metrics',
      { schema: { hide: true }, preHandler: metricsAccess(services.config.metrics) },
      async (_request, reply) => {
        const body = await services.metrics.registry.metrics();
        return reply.type(services.metrics.registry.contentType).send(body);
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
        const check = services.files.check(id, exp, sig);
        if (check === 'invalid') return reply.status(404).send(notFound);
        if (check === 'expired') {
          return reply.status(410).send({
            error: {
              code: 'ATTACHMENT_URL_EXPIRED',
              message: 'this file link has expired: reload the conversation to get a fresh one',
            },
          });
        }
        const file = await services.attachments.read(id);
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
          .header('cache-control', `private, max-age=${services.files.secondsLeft(exp ?? 0)}`)
          .send(file.bytes);
      },
    );
  };
}
