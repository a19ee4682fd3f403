import {
  AssignRequest,
  Attachment,
  CaseDetail,
  CaseListQuery,
  CaseSummary,
  Customer,
  ErrorBody,
  Message,
  MessageTemplate,
  SendMessageRequest,
  TransferRequest,
  caseListHeaders,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../modules/cases/case-service.ts';
import { listCases } from '../../modules/cases/list-cases.ts';
import type { Services } from '../../services.ts';
import { actorOf, requireRole, sessionOf } from '../auth-guard.ts';
import { readUpload } from '../read-upload.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export function caseRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(services);
    const { store, cases } = services;
    const actor = (request: Parameters<typeof sessionOf>[0]): Actor => actorOf(sessionOf(request));

    async function loadCustomer(customerId: number): Promise<Customer> {
      const customer = await store.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', customerId)
        .executeTakeFirst();
      if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId} not found`);
      const identities = await store.db
        .selectFrom('identities')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('id')
        .execute();
      const contactPoints = await store.db
        .selectFrom('contact_points')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('id')
        .execute();
      return {
        id: customer.id,
        displayName: customer.display_name,
        createdAt: customer.created_at,
        identities: identities.flatMap((i) => {
          const kind = services.channels.kindOf(i.channel_account_id);
          return kind === null
            ? []
            : [
                {
                  id: i.id,
                  channelKind: kind,
                  channelAccountId: i.channel_account_id,
                  externalId: i.external_id,
                  displayName: i.display_name,
                  verifiedBy: i.verified_by,
                  unreachableReason: i.unreachable_reason,
                },
              ];
        }),
        contactPoints: contactPoints.map((c) => ({
          id: c.id,
          kind: c.kind,
          value: c.value,
          attestedBy: c.attested_by,
        })),
      };
    }

    app.get(
      '/cases',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary: 'Inbox: cases visible to me, newest change first, one page at a time',
          description:
            'Keyset pagination: the `X-Next-Cursor` response header (absent on the last page) is the `cursor` of ' +
            'the next page; `X-Total-Count` is the number of cases matching the filter on all pages.',
          querystring: CaseListQuery,
          response: { 200: z.array(CaseSummary), 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const page = await listCases(
          store.db,
          (id) => services.channels.kindOf(id),
          actor(request),
          request.query,
        );
        reply.header(caseListHeaders.total, String(page.total));
        if (page.nextCursor !== null) reply.header(caseListHeaders.nextCursor, page.nextCursor);
        return page.items;
      },
    );

    app.get(
      '/cases/:id',
      {
        preHandler: anyone,
        schema: { tags: ['cases'], params: IdParams, response: { 200: CaseDetail, 404: ErrorBody } },
      },
      async (request) => {
        const row = await cases.loadVisibleCase(actor(request), request.params.id);
        const replyWindow = await cases.replyWindow(store.db, row);
        return {
          ...(await cases.summarize(store.db, row)),
          customer: await loadCustomer(row.customer_id),
          replyWindow,
          buttons: cases.buttonsSupported(replyWindow.channelKind),
        };
      },
    );

    app.get(
      '/cases/:id/templates',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary:
            'Approved templates of the channel the customer last used (to send outside the reply window)',
          params: IdParams,
          response: { 200: z.array(MessageTemplate), 404: ErrorBody },
        },
      },
      async (request) => {
        const row = await cases.loadVisibleCase(actor(request), request.params.id);
        if (row.last_identity_id === null) return [];
        const identity = await store.db
          .selectFrom('identities')
          .select('channel_account_id')
          .where('id', '=', row.last_identity_id)
          .executeTakeFirstOrThrow();
        return cases.templatesFor(identity.channel_account_id);
      },
    );

    app.get(
      '/customers/:id',
      {
        preHandler: anyone,
        schema: { tags: ['customers'], params: IdParams, response: { 200: Customer, 404: ErrorBody } },
      },
      async (request) => {
        await cases.requireCustomerVisible(actor(request), request.params.id);
        return loadCustomer(request.params.id);
      },
    );

    app.get(
      '/customers/:id/timeline',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary: "The customer's whole timeline across cases and channels, oldest first",
          params: IdParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(2000).default(500) }),
          response: { 200: z.array(Message), 404: ErrorBody },
        },
      },
      async (request) => {
        await cases.requireCustomerVisible(actor(request), request.params.id);
        const rows = await store.db
          .selectFrom('messages')
          .leftJoin('operators', 'operators.id', 'messages.author_operator_id')
          .selectAll('messages')
          .select('operators.name as author_name')
          .where('messages.customer_id', '=', request.params.id)
          .orderBy('messages.id', 'desc')
          .limit(request.query.limit)
          .execute();
        return rows.reverse().map(({ author_name, ...m }) => cases.messageDto(m, author_name));
      },
    );

    app.post(
      '/cases/:id/messages',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary: 'Reply to the customer or add an internal note (idempotent on clientMsgId)',
          params: IdParams,
          body: SendMessageRequest,
          response: { 201: Message, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const a = actor(request);
        const attachments = await services.attachments.ownedByOperator(a.id, request.body.attachmentIds);
        const message = await cases.sendMessage(a, request.params.id, request.body, attachments);
        return reply.status(201).send(message);
      },
    );

    const caseAction = (
      path: string,
      summary: string,
      run: (a: Actor, id: number, body: unknown) => Promise<CaseSummary>,
      body?: z.ZodType,
    ) =>
      app.post(
        `/cases/:id/${path}`,
        {
          preHandler: anyone,
          schema: {
            tags: ['cases'],
            summary,
            params: IdParams,
            ...(body ? { body } : {}),
            response: { 200: CaseSummary, 404: ErrorBody, 409: ErrorBody },
          },
        },
        (request) => run(actor(request), request.params.id, request.body),
      );

    caseAction(
      'assign',
      'Assign to an operator (null = unassign)',
      (a, id, b) => cases.assign(a, id, AssignRequest.parse(b).operatorId),
      AssignRequest,
    );
    caseAction(
      'transfer',
      'Transfer to a queue and/or operator',
      (a, id, b) => cases.transfer(a, id, TransferRequest.parse(b)),
      TransferRequest,
    );
    caseAction('resolve', 'Resolve the case', (a, id) => cases.resolve(a, id));
    caseAction('reopen', 'Reopen a resolved case (assigned to me)', (a, id) => cases.reopen(a, id));

    app.post(
      '/cases/:id/read',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary: 'Mark inbound messages read',
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await cases.markReadByOperator(actor(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/attachments',
      {
        preHandler: anyone,
        schema: {
          tags: ['attachments'],
          summary: 'Upload a file (multipart field "file")',
          consumes: ['multipart/form-data'],
          response: { 201: Attachment, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (request, reply) => {
        const file = await readUpload(request);
        const meta = await services.attachments.upload({
          ...file,
          by: { operatorId: sessionOf(request).operator.id },
        });
        return reply.status(201).send({ ...meta, url: services.files.url(meta) });
      },
    );
  };
}
