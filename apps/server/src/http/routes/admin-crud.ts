import { ErrorBody } from '@frontline/shared';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../modules/admin/admin-deps.ts';
import { sessionOf } from '../auth-guard.ts';

/** What an administered resource offers: list, create, change and (optionally) delete, each by an actor. */
export interface AdminResource<C, U, V> {
  list(): Promise<V[]>;
  create(actor: Actor, req: C): Promise<V>;
  update(actor: Actor, id: number, req: U): Promise<V>;
  remove?(actor: Actor, id: number): Promise<void>;
}

export const AdminIdParams = z.object({ id: z.coerce.number().int().min(1) });

const actorOf = (request: FastifyRequest) => sessionOf(request).operator.id;
const idOf = (request: FastifyRequest) => (request.params as z.infer<typeof AdminIdParams>).id;

/**
 * The routes of one administered resource under `/admin/<path>`: `GET` (supervisors and admins), `POST`,
 * `PATCH /:id` and, when it can be deleted, `DELETE /:id` (admins). `names` are the operationIds' nouns.
 * The schemas validate and document each request; the handlers read what they let through.
 */
export function adminCrudRoutes<C extends z.ZodType, U extends z.ZodType, V extends z.ZodType>(
  app: FastifyInstance,
  spec: {
    path: string;
    names: { one: string; many: string };
    title: string;
    read: preHandlerAsyncHookHandler;
    write: preHandlerAsyncHookHandler;
    create: C;
    update: U;
    view: V;
    resource: AdminResource<z.infer<C>, z.infer<U>, z.infer<V>>;
    /** Error answers beyond the defaults, by status. */
    errors?: { create?: number[]; update?: number[]; remove?: number[] };
  },
): void {
  const tags = ['admin'];
  const url = `/admin/${spec.path}`;
  const errorsOf = (statuses: number[] = []) =>
    Object.fromEntries([403, ...statuses].map((s) => [s, ErrorBody]));
  const route = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    preHandler: preHandlerAsyncHookHandler,
    schema: FastifySchema & { operationId: string; summary: string },
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => app.route({ method, url: path, preHandler, schema: { tags, ...schema }, handler });
  const { resource } = spec;

  route(
    'GET',
    url,
    spec.read,
    {
      operationId: `list${spec.names.many}`,
      summary: `The ${spec.title} (supervisor, admin)`,
      response: { 200: z.array(spec.view), ...errorsOf() },
    },
    () => resource.list(),
  );
  route(
    'POST',
    url,
    spec.write,
    {
      operationId: `create${spec.names.one}`,
      summary: `Create one of the ${spec.title} (admin, audited)`,
      body: spec.create,
      response: { 201: spec.view, ...errorsOf([409, ...(spec.errors?.create ?? [])]) },
    },
    async (request, reply) =>
      reply.status(201).send(await resource.create(actorOf(request), request.body as z.infer<C>)),
  );
  route(
    'PATCH',
    `${url}/:id`,
    spec.write,
    {
      operationId: `update${spec.names.one}`,
      summary: `Change one of the ${spec.title}: the fields sent (admin, audited)`,
      params: AdminIdParams,
      body: spec.update,
      response: { 200: spec.view, ...errorsOf([404, 409, ...(spec.errors?.update ?? [])]) },
    },
    (request) => resource.update(actorOf(request), idOf(request), request.body as z.infer<U>),
  );
  const remove = resource.remove?.bind(resource);
  if (!remove) return;
  route(
    'DELETE',
    `${url}/:id`,
    spec.write,
    {
      operationId: `delete${spec.names.one}`,
      summary: `Delete one of the ${spec.title} (admin, audited)`,
      params: AdminIdParams,
      response: { 204: z.null(), ...errorsOf([404, 409, ...(spec.errors?.remove ?? [])]) },
    },
    async (request, reply) => {
      await remove(actorOf(request), idOf(request));
      return reply.status(204).send(null);
    },
  );
}
