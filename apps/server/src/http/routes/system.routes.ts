import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { DataDirProbe } from '../../store/data-dir-probe.ts';

const FileParams = z.object({ id: z.string().max(64), name: z.string().max(300) });

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

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const body = await services.metrics.registry.metrics();
      return reply.type(services.metrics.registry.contentType).send(body);
    });

    app.get(
      '/api/v1/files/:id/:name',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Download a file by its signed URL',
          params: FileParams,
          querystring: z.object({ sig: z.string().max(64) }),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const notFound = { error: { code: 'ATTACHMENT_NOT_FOUND', message: 'file not found' } };
        if (!services.files.verify(id, request.query.sig)) return reply.status(404).send(notFound);
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
          .header(
            'content-disposition',
            `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.meta.filename)}`,
          )
          .header('cache-control', 'private, max-age=86400, immutable')
          .send(file.bytes);
      },
    );
  };
}
