import {
  AssignRequest,
  Attachment,
  CaseDetail,
  CaseListQuery,
  CaseSummary,
  ErrorBody,
  Message,
  MessageTemplate,
  ReplyChannel,
  SendMessageRequest,
  TransferRequest,
  caseListHeaders,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../modules/cases/case-service.ts';
import { listCases } from '../../modules/cases/list-cases.ts';
import type { AttachmentStore } from '../../modules/attachments/attachment-store.ts';
import type { AttachmentUrls } from '../../modules/attachments/attachment-urls.ts';
import type { CaseService } from '../../modules/cases/case-service.ts';
import type { ChannelAccounts } from '../../modules/channels/channel-accounts.ts';
import type { CustomerProfiles } from '../../modules/customers/customer-profiles.ts';
import type { Store } from '../../store/store.ts';
import { actorOf, requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';
import { readUpload } from '../read-upload.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** What the case routes use. */
export interface CaseRouteDeps {
  guard: AuthGuardDeps;
  store: Store;
  cases: CaseService;
  customers: CustomerProfiles;
  channels: Pick<ChannelAccounts, 'kindOf'>;
  attachments: AttachmentStore;
  files: AttachmentUrls;
}

/** Inbox, case detail and actions, customer profile and timeline, operator uploads. */
export function caseRoutes(deps: CaseRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(deps.guard);
    const { store, cases, customers } = deps;
    const actor = (request: Parameters<typeof sessionOf>[0]): Actor => actorOf(sessionOf(request));

    app.get(
      '/cases',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary: 'Inbox: cases visible to me, newest change first, one page at a time',
          description:
            'Keyset pagination: the `X-Next-Cursor` response header (absent on the last page) is the `cursor` of ' +
            'the next page; `X-Total-Count` is the number of cases matching the filter on all pages. ' +
            'With `status=queued` the order is the queue order instead: highest priority first, then longest ' +
            'waiting (`queuedAt`, else `openedAt`), then lowest id.',
          querystring: CaseListQuery,
          response: { 200: z.array(CaseSummary), 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const page = await listCases(
          store.db,
          (id) => deps.channels.kindOf(id),
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
          customer: await customers.load(row.customer_id),
          replyWindow,
          buttons: cases.buttonsSupported(replyWindow.channelKind),
          requestPhone: cases.phoneRequestSupported(replyWindow.channelKind),
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
        return cases.templatesFor(await customers.channelAccountOf(row.last_identity_id));
      },
    );

    app.get(
      '/cases/:id/reply-channels',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary: "Where a reply can go: every identity of the case's customer, whether it can receive now",
          description:
            'Each identity with its channel, whether a reply can go there now and, if not, a stable `reason` ' +
            '(`reply_window_closed`, `identity_unreachable`, `channel_disabled`, `channel_misconfigured`, ' +
            '`channel_answers_only`). `default` marks where a reply without `identityId` goes: the choice ' +
            'remembered on the case while available, else the identity the customer last wrote from.',
          params: IdParams,
          response: { 200: z.array(ReplyChannel), 404: ErrorBody },
        },
      },
      async (request) => {
        const row = await cases.loadVisibleCase(actor(request), request.params.id);
        return cases.replyChannels(store.db, row);
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
        const timeline = await customers.timeline(request.params.id, request.query.limit);
        return timeline.map(({ message, authorName }) => cases.messageDto(message, authorName));
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
        const attachments = await deps.attachments.ownedByOperator(a.id, request.body.attachmentIds);
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
        const meta = await deps.attachments.upload({
          ...file,
          by: { operatorId: sessionOf(request).operator.id },
        });
        return reply.status(201).send({ ...meta, url: deps.files.url(meta) });
      },
    );
  };
}
