import type { SwaggerOptions } from '@fastify/swagger';
import * as shared from '@frontline/shared';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requiredScope } from './api-token-auth.ts';

/**
 * Stable `operationId`s (what code generators name their methods after), by `METHOD route`. A route missing
 * here still gets a unique one derived from its method and path (`operationIdOf`).
 */
const operationIds: Record<string, string> = {
  'GET /api/v1/files/:id/:name': 'downloadFile',
  'POST /api/v1/auth/login': 'login',
  'GET /api/v1/auth/me': 'getSession',
  'POST /api/v1/auth/logout': 'logout',
  'GET /api/v1/operators': 'listOperators',
  'POST /api/v1/operators': 'createOperator',
  'PUT /api/v1/operators/me/presence': 'setMyPresence',
  'PUT /api/v1/operators/me/locale': 'setMyLocale',
  'GET /api/v1/queues': 'listQueues',
  'GET /api/v1/entry-points': 'listEntryPoints',
  'GET /api/v1/audit': 'listAuditLog',
  'GET /api/v1/cases': 'listCases',
  'GET /api/v1/cases/:id': 'getCase',
  'GET /api/v1/cases/:id/templates': 'listCaseTemplates',
  'GET /api/v1/cases/:id/recap': 'getCaseRecap',
  'GET /api/v1/customers/:id': 'getCustomer',
  'GET /api/v1/customers/:id/timeline': 'getCustomerTimeline',
  'PATCH /api/v1/customers/:id': 'updateCustomer',
  'POST /api/v1/customers/:id/contact-points': 'addCustomerContactPoint',
  'DELETE /api/v1/customers/:id/contact-points/:contactPointId': 'removeCustomerContactPoint',
  'POST /api/v1/customers/:id/merge': 'mergeCustomer',
  'POST /api/v1/customer-merges/:id/undo': 'undoCustomerMerge',
  'POST /api/v1/cases/:id/messages': 'sendCaseMessage',
  'POST /api/v1/cases/:id/assign': 'assignCase',
  'POST /api/v1/cases/:id/transfer': 'transferCase',
  'POST /api/v1/cases/:id/resolve': 'resolveCase',
  'POST /api/v1/cases/:id/reopen': 'reopenCase',
  'POST /api/v1/cases/:id/read': 'markCaseRead',
  'POST /api/v1/attachments': 'uploadAttachment',
  'GET /api/v1/channels': 'listChannels',
  'POST /api/v1/channels': 'createChannel',
  'POST /api/v1/channels/:id/check': 'checkChannel',
  'DELETE /api/v1/channels/:id': 'disableChannel',
  'GET /api/v1/chat/entry-points': 'listChatEntryPoints',
  'POST /api/v1/chat/sessions': 'startChatSession',
  'GET /api/v1/chat/history': 'getChatHistory',
  'POST /api/v1/chat/messages': 'sendChatMessage',
  'POST /api/v1/chat/pre-chat': 'answerChatPreChat',
  'POST /api/v1/chat/read': 'markChatRead',
  'POST /api/v1/chat/typing': 'sendChatTyping',
  'POST /api/v1/chat/attachments': 'uploadChatAttachment',
};

/** Operations anyone may call (no operator session or token): login, starting a chat, signed file URLs. */
const publicOperations = new Set([
  'POST /api/v1/auth/login',
  'GET /api/v1/chat/entry-points',
  'POST /api/v1/chat/sessions',
  'GET /api/v1/files/:id/:name',
]);

/** The two file uploads: one multipart field `file`. */
const multipartOperations = new Set(['POST /api/v1/attachments', 'POST /api/v1/chat/attachments']);

const uploadBody = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'the file (one per request)' } },
};

/**
 * The shared zod schemas published as named components (`#/components/schemas/<name>`), so generated clients
 * get one type per DTO instead of an inline copy per operation.
 */
const componentSchemas: Record<string, z.ZodType> = {
  ErrorBody: shared.ErrorBody,
  LoginRequest: shared.LoginRequest,
  SessionResponse: shared.SessionResponse,
  Operator: shared.Operator,
  CreateOperatorRequest: shared.CreateOperatorRequest,
  PresenceRequest: shared.PresenceRequest,
  LocaleRequest: shared.LocaleRequest,
  Queue: shared.Queue,
  EntryPoint: shared.EntryPoint,
  Attachment: shared.Attachment,
  Identity: shared.Identity,
  ContactPoint: shared.ContactPoint,
  Customer: shared.Customer,
  CustomerCard: shared.CustomerCard,
  MergeSuggestion: shared.MergeSuggestion,
  CustomerCase: shared.CustomerCase,
  CustomerMergeView: shared.CustomerMergeView,
  UpdateCustomerRequest: shared.UpdateCustomerRequest,
  AddContactPointRequest: shared.AddContactPointRequest,
  MergeCustomerRequest: shared.MergeCustomerRequest,
  CustomerMergeResult: shared.CustomerMergeResult,
  CustomerUnmergeResult: shared.CustomerUnmergeResult,
  MessageNotice: shared.MessageNotice,
  Message: shared.Message,
  CaseSummary: shared.CaseSummary,
  CaseDetail: shared.CaseDetail,
  CaseRecap: shared.CaseRecap,
  ReplyWindow: shared.ReplyWindow,
  MessageTemplate: shared.MessageTemplate,
  SendMessageRequest: shared.SendMessageRequest,
  AssignRequest: shared.AssignRequest,
  TransferRequest: shared.TransferRequest,
  ChannelAccountView: shared.ChannelAccountView,
  CreateChannelRequest: shared.CreateChannelRequest,
  ApiToken: shared.ApiToken,
  ApiTokenScope: shared.ApiTokenScope,
  CreateApiTokenRequest: shared.CreateApiTokenRequest,
  CreatedApiToken: shared.CreatedApiToken,
  CannedReply: shared.CannedReply,
  Skill: shared.Skill,
  SkillRef: shared.SkillRef,
  AdminQueue: shared.AdminQueue,
  AdminEntryPoint: shared.AdminEntryPoint,
  AdminSlaPolicy: shared.AdminSlaPolicy,
  AdminBusinessHours: shared.AdminBusinessHours,
  AdminOperator: shared.AdminOperator,
  UpdateOperatorRoutingRequest: shared.UpdateOperatorRoutingRequest,
  RoutingSettings: shared.RoutingSettings,
  CannedReplyScope: shared.CannedReplyScope,
  CreateCannedReplyRequest: shared.CreateCannedReplyRequest,
  UpdateCannedReplyRequest: shared.UpdateCannedReplyRequest,
  StartChatRequest: shared.StartChatRequest,
  StartChatResponse: shared.StartChatResponse,
  PreChatField: shared.PreChatField,
  PreChatRequest: shared.PreChatRequest,
  PreChatResponse: shared.PreChatResponse,
  ChatSendRequest: shared.ChatSendRequest,
  ChatAck: shared.ChatAck,
  ChatHistoryResponse: shared.ChatHistoryResponse,
};

const registry = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(componentSchemas)) registry.add(schema, { id });

const zodTransform = createJsonSchemaTransform({ schemaRegistry: registry });
const zodTransformObject = createJsonSchemaTransformObject({ schemaRegistry: registry });

/**
 * The `operationId` of a route: the stable name above, else derived from method and path
 * (`GET /api/v1/cases/:id/notes` → `getCasesByIdNotes`).
 */
export function operationIdOf(method: string, url: string): string {
  const named = operationIds[`${method} ${url}`];
  if (named) return named;
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split('-'));
  const camel = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return `${method.toLowerCase()}${camel}`;
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: shared.ErrorBody } } };
}

/** When each error status happens (the `code`s clients switch on). */
const errorDescriptions: Record<string, string> = {
  400: 'Invalid request (`VALIDATION_FAILED` with `details`, or `BAD_REQUEST`)',
  401: 'Not authenticated: no or expired session (`AUTH_REQUIRED`, `AUTH_SESSION_EXPIRED`), bad API token (`API_TOKEN_INVALID`)',
  403: 'Not allowed: role (`FORBIDDEN`), API token scope (`API_TOKEN_SCOPE_MISSING`), missing CSRF header (`CSRF_INVALID`), a customer you cannot see (`CUSTOMER_NOT_VISIBLE`)',
  404: 'The object does not exist or is not visible to you (`…_NOT_FOUND`)',
  409: 'Conflicts with the current state (`CONFLICT`, `CASE_RESOLVED`, `REPLY_WINDOW_CLOSED`, `IDEMPOTENCY_MISMATCH`, `CUSTOMER_ALREADY_MERGED` …)',
  413: 'The file is too large (`ATTACHMENT_TOO_LARGE`)',
  415: 'The file type is not allowed (`ATTACHMENT_TYPE_NOT_ALLOWED`)',
  422: 'Refused by the channel or its provider (`CHANNEL_CONNECT_FAILED`, `BUTTONS_NOT_SUPPORTED`), or a change naming an object that does not exist (`ADMIN_REFERENCE_UNKNOWN`)',
  429: 'Too many requests (`RATE_LIMITED`, `AUTH_RATE_LIMITED`)',
};

type Audience = 'public' | 'operator' | 'visitor';

/** The error answers an operation may give, by status (the route's own ErrorBody answers get descriptions). */
function errorResponses(
  method: string,
  url: string,
  audience: Audience,
  declared: Record<string, unknown>,
): Record<string, ReturnType<typeof errorResponse>> {
  const statuses = new Set(['400']);
  if (audience !== 'public') statuses.add('401');
  if (audience === 'operator') statuses.add('403');
  if (url.includes(':')) statuses.add('404');
  if (method !== 'GET' && audience !== 'public') statuses.add('409');
  for (const [status, schema] of Object.entries(declared))
    if (schema === shared.ErrorBody) statuses.add(status);
  const visitor =
    audience === 'visitor'
      ? 'Not authenticated: missing or invalid visitor token (`CHAT_TOKEN_INVALID`)'
      : null;
  return Object.fromEntries(
    [...statuses].map((status) => [
      status,
      errorResponse((status === '401' && visitor) || errorDescriptions[status] || 'Error (see `error.code`)'),
    ]),
  );
}

/** Drops the components no operation refers to (the schema registry yields an input and an output variant). */
function withoutUnusedComponents<
  T extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } },
>(document: T): T {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const refs = (value: unknown): string[] =>
    JSON.stringify(value)
      .match(/#\/components\/schemas\/[^"]+/g)
      ?.map((ref) => ref.slice('#/components/schemas/'.length)) ?? [];
  const used = new Set(refs(document.paths));
  const pending = [...used];
  while (pending.length > 0) {
    const name = pending.pop();
    for (const ref of name === undefined ? [] : refs(schemas[name])) {
      if (!used.has(ref)) {
        used.add(ref);
        pending.push(ref);
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } };
}

type TransformInput = Parameters<typeof zodTransform>[0];

/** Completes each route's schema for the document: operationId, security, error answers, upload bodies. */
function transform(input: TransformInput): ReturnType<typeof zodTransform> {
  const { schema, url, route } = input;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const method = methods.find((m) => m !== 'HEAD') ?? 'GET';
  const key = `${method} ${url}`;
  // Only the REST API is documented: not the app shell, demo, widget script, webhooks or the document itself.
  if (!url.startsWith('/api/v1/') || url === '/api/v1/openapi.json') {
    return { schema: { ...(schema ?? {}), hide: true }, url };
  }
  const base = schema ?? {};
  const audience: Audience = publicOperations.has(key)
    ? 'public'
    : url.startsWith('/api/v1/chat/')
      ? 'visitor'
      : 'operator';
  const declared = z
    .record(z.string(), z.unknown())
    .catch({})
    .parse(base.response ?? {});
  const success = Object.fromEntries(Object.entries(declared).filter(([, s]) => s !== shared.ErrorBody));
  const scope = audience === 'operator' ? requiredScope(method, url) : null;
  const access =
    audience !== 'operator'
      ? null
      : scope === null
        ? 'Needs a session (not available with an API token).'
        : `API token scope: \`${scope}\`.`;
  const description = [base.description, access].filter(Boolean).join('\n\n');
  const completed = {
    ...base,
    operationId: base.operationId ?? operationIdOf(method, url),
    ...(description ? { description } : {}),
    ...(audience === 'public' ? { security: [] } : {}),
    ...(audience === 'operator' && scope === null ? { security: [{ session: [], csrf: [] }] } : {}),
    response: { ...success, ...errorResponses(method, url, audience, declared) },
  };
  const out = zodTransform({ ...input, schema: completed });
  if (multipartOperations.has(key) && out.schema) {
    return { ...out, schema: { ...out.schema, body: uploadBody, consumes: ['multipart/form-data'] } };
  }
  return out;
}

/** @fastify/swagger options of the REST API's OpenAPI document (`/api/v1/openapi.json`). */
export function openApiOptions(): SwaggerOptions {
  return {
    openapi: {
      info: {
        title: 'Frontline API',
        version: '1',
        description: [
          'Operator API: a session cookie (`POST /auth/login`) plus the `X-CSRF-Token` header on every write, or',
          'an API token (`Authorization: Bearer fl_…`, no cookie and no CSRF header; scopes limit what it can do).',
          'Customer chat API: a visitor bearer token from `POST /chat/sessions`.',
          'Errors are always `{"error":{"code","message","details?"}}` with a stable `code`.',
        ].join(' '),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fl_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'fl_ token',
            description: 'A personal API token (Profile → API tokens, or `npm run cli -- token create`)',
          },
          visitorToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A visitor token of the customer chat',
          },
        },
      },
      // Either the session cookie together with the CSRF header (on writes), or an API token.
      security: [{ session: [], csrf: [] }, { apiToken: [] }],
    },
    transform,
    transformObject: (input) => withoutUnusedComponents(zodTransformObject(input)),
  };
}
