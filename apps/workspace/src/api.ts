import {
  ApiToken,
  Attachment,
  CannedReply,
  CaseDetail,
  CaseRecap,
  CaseSummary,
  ChannelAccountView,
  CreatedApiToken,
  CustomerCard,
  CustomerMergeResult,
  CustomerUnmergeResult,
  EntryPoint,
  ErrorBody,
  FailedRawEventList,
  Message,
  MessageTemplate,
  ReplyChannel,
  Operator,
  PresenceState,
  Queue,
  SearchResults,
  SessionResponse,
  ShiftEndResponse,
  caseListHeaders,
  type CannedReplyListQuery,
  type CaseListStatus,
  type CreateApiTokenRequest,
  type CreateCannedReplyRequest,
  type CreateChannelRequest,
  type Locale,
  type Presence,
  type UpdateCannedReplyRequest,
} from '@frontline/shared';
import { adminEndpoints, list, type Parser } from './admin-api.ts';
import { ApiError } from './api-error.ts';

export interface CaseListParams {
  status?: CaseListStatus;
  queueId?: number | null;
  assignee?: 'me' | 'any' | 'none';
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of the inbox: the cases, how many match on all pages, and the cursor of the next page. */
export interface CasePage {
  cases: CaseSummary[];
  /** null when the server did not say (an older server). */
  total: number | null;
  nextCursor: string | null;
}

export interface SendMessageParams {
  clientMsgId: string;
  text: string;
  attachmentIds: string[];
  note: boolean;
  /** An approved template instead of free text (outside the channel's reply window). */
  template?: { name: string; language: string; params: string[] };
  /** Quick-reply button labels under the reply (channels whose case detail says `buttons: true`). */
  buttons?: string[];
  /** The customer's identity to reply to (one of `getReplyChannels`); absent: the server's default. */
  identityId?: number;
  /** E-mail only: the reply's own subject and CC addresses. */
  email?: { subject?: string; cc?: string[] };
}

export interface ApiOptions {
  /** Defaults to `/api/v1` (same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called when a request other than login/me comes back 401: the session is gone. */
  onUnauthorized?: () => void;
}

export type Api = ReturnType<typeof createApi>;

/**
 * The typed client for the Frontline operator API: cookie session, CSRF header on every non-GET,
 * every response validated with the shared zod schemas.
 * @example
 * const api = createApi({ onUnauthorized: () => showLogin() });
 * const { operator } = await api.login({ email, password });
 */
export function createApi(options: ApiOptions = {}) {
  const baseUrl = options.baseUrl ?? '/api/v1';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let csrfToken: string | null = null;

  async function send(method: string, path: string, body?: unknown, authProbe = false): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await doFetch(baseUrl + path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch (cause) {
      throw new ApiError({ status: 0, code: 'NETWORK', message: 'the server could not be reached', cause });
    }
    if (res.ok) return res;
    const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
    const error = parsed.success
      ? new ApiError({
          status: res.status,
          code: parsed.data.error.code,
          message: parsed.data.error.message,
          details: parsed.data.error.details,
        })
      : new ApiError({
          status: res.status,
          code: `HTTP_${res.status}`,
          message: res.statusText || 'request failed',
        });
    if (res.status === 401 && !authProbe) options.onUnauthorized?.();
    throw error;
  }

  async function json<T>(
    parser: Parser<T>,
    method: string,
    path: string,
    body?: unknown,
    authProbe = false,
  ): Promise<T> {
    const res = await send(method, path, body, authProbe);
    const data: unknown = await res.json();
    return parser.parse(data);
  }

  async function empty(method: string, path: string, body?: unknown): Promise<void> {
    await send(method, path, body);
  }

  /** One page of the inbox (totals and the next cursor come in response headers). */
  async function listCasePage(params: CaseListParams): Promise<CasePage> {
    const query = new URLSearchParams();
    if (params.status) query.set('status', params.status);
    if (params.queueId != null) query.set('queueId', String(params.queueId));
    if (params.assignee) query.set('assignee', params.assignee);
    if (params.cursor) query.set('cursor', params.cursor);
    const qs = query.toString();
    const res = await send('GET', `/cases${qs ? `?${qs}` : ''}`);
    const cases = list(CaseSummary).parse(await res.json());
    const total = Number.parseInt(res.headers.get(caseListHeaders.total) ?? '', 10);
    return {
      cases,
      total: Number.isNaN(total) ? null : total,
      nextCursor: res.headers.get(caseListHeaders.nextCursor),
    };
  }

  function remember(session: SessionResponse): SessionResponse {
    csrfToken = session.csrfToken;
    return session;
  }

  return {
    async login(credentials: { email: string; password: string }): Promise<SessionResponse> {
      return remember(await json(SessionResponse, 'POST', '/auth/login', credentials, true));
    },
    /** The current session, or `null` when signed out. */
    async me(): Promise<SessionResponse | null> {
      try {
        return remember(await json(SessionResponse, 'GET', '/auth/me', undefined, true));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    async logout(): Promise<void> {
      try {
        await send('POST', '/auth/logout', undefined, true);
      } finally {
        csrfToken = null;
      }
    },
    /** My presence; `reason` is a break reason (with `away` only). */
    setPresence: (presence: Presence, reason?: string) =>
      json(Operator, 'PUT', '/operators/me/presence', reason ? { presence, reason } : { presence }),
    /** My presence and the break reasons I may choose from. */
    getPresence: () => json(PresenceState, 'GET', '/operators/me/presence'),
    /** Ends my shift: I go offline and my open cases go back to their queues. */
    endShift: () => json(ShiftEndResponse, 'POST', '/operators/me/shift-end'),
    setLocale: (locale: Locale) => empty('PUT', '/operators/me/locale', { locale }),
    listOperators: () => json(list(Operator), 'GET', '/operators'),
    listQueues: () => json(list(Queue), 'GET', '/queues'),
    listEntryPoints: () => json(list(EntryPoint), 'GET', '/entry-points'),
    listCasePage,
    async listCases(params: CaseListParams): Promise<CaseSummary[]> {
      return (await listCasePage(params)).cases;
    },
    getCase: (caseId: number) => json(CaseDetail, 'GET', `/cases/${caseId}`),
    /** Customers, cases and messages matching `q` that I may see, grouped (docs/search.md). */
    search: (q: string, limit = 8) =>
      json(SearchResults, 'GET', `/search?${new URLSearchParams({ q, limit: String(limit) }).toString()}`),
    /** The customer card: contact points, identities, cases, merge suggestions, undoable merges. */
    getCustomerCard: (customerId: number) => json(CustomerCard, 'GET', `/customers/${customerId}`),
    renameCustomer: (customerId: number, displayName: string | null) =>
      json(CustomerCard, 'PATCH', `/customers/${customerId}`, { displayName }),
    /** Adds a claimed (unattested) phone or e-mail. */
    addContactPoint: (customerId: number, point: { kind: 'phone' | 'email'; value: string }) =>
      json(CustomerCard, 'POST', `/customers/${customerId}/contact-points`, point),
    removeContactPoint: (customerId: number, contactPointId: number) =>
      json(CustomerCard, 'DELETE', `/customers/${customerId}/contact-points/${contactPointId}`),
    /** Merges `otherCustomerId` into `customerId` (needs `customers.merge`; the card says `canMerge`). */
    mergeCustomers: (customerId: number, otherCustomerId: number) =>
      json(CustomerMergeResult, 'POST', `/customers/${customerId}/merge`, { otherCustomerId }),
    undoMerge: (mergeId: number) => json(CustomerUnmergeResult, 'POST', `/customer-merges/${mergeId}/undo`),
    getTimeline: (customerId: number) => json(list(Message), 'GET', `/customers/${customerId}/timeline`),
    /** The recap for the next operator, computed from the case's messages now. */
    getRecap: (caseId: number) => json(CaseRecap, 'GET', `/cases/${caseId}/recap`),
    getTemplates: (caseId: number) => json(list(MessageTemplate), 'GET', `/cases/${caseId}/templates`),
    /** Where a reply of the case can go: the customer's identities, available or why not, the default. */
    getReplyChannels: (caseId: number) => json(list(ReplyChannel), 'GET', `/cases/${caseId}/reply-channels`),
    sendMessage: (caseId: number, message: SendMessageParams) =>
      json(Message, 'POST', `/cases/${caseId}/messages`, message),
    /** Ask the customer for their phone with the channel's share-phone button (case detail `requestPhone`). */
    requestPhone: (caseId: number, request: { clientMsgId: string; language: Locale }) =>
      json(Message, 'POST', `/cases/${caseId}/request-phone`, request),
    uploadAttachment(file: File): Promise<Attachment> {
      const form = new FormData();
      form.append('file', file, file.name);
      return json(Attachment, 'POST', '/attachments', form);
    },
    assign: (caseId: number, operatorId: number | null) =>
      json(CaseSummary, 'POST', `/cases/${caseId}/assign`, { operatorId }),
    transfer: (caseId: number, target: { queueId?: number; operatorId?: number }) =>
      json(CaseSummary, 'POST', `/cases/${caseId}/transfer`, target),
    resolve: (caseId: number) => json(CaseSummary, 'POST', `/cases/${caseId}/resolve`),
    reopen: (caseId: number) => json(CaseSummary, 'POST', `/cases/${caseId}/reopen`),
    markRead: (caseId: number) => empty('POST', `/cases/${caseId}/read`),
    /** Admin only: every channel account; secrets appear only as the names in `secretsSet`. */
    listChannels: () => json(list(ChannelAccountView), 'GET', '/channels'),
    /** Admin only: connect a channel (the server validates, seals the secrets and calls the provider). */
    createChannel: (request: CreateChannelRequest) => json(ChannelAccountView, 'POST', '/channels', request),
    checkChannel: (channelId: number) => json(ChannelAccountView, 'POST', `/channels/${channelId}/check`),
    /** Admin only: provider events that failed for good, newest first, with their reason. */
    listFailedEvents: () => json(FailedRawEventList, 'GET', '/channels/failed-events'),
    /** Admin only: process a failed event again (after its cause was fixed). */
    reprocessEvent: (eventId: number) => empty('POST', `/channels/failed-events/${eventId}/reprocess`),
    /** Stops the channel (status `disabled`); its history stays. */
    disconnectChannel: (channelId: number) => json(ChannelAccountView, 'DELETE', `/channels/${channelId}`),
    /** My API tokens (the tokens themselves are never returned). */
    listApiTokens: () => json(list(ApiToken), 'GET', '/auth/tokens'),
    /** Creates an API token; the answer is the only time `token` is shown. */
    createApiToken: (request: CreateApiTokenRequest) =>
      json(CreatedApiToken, 'POST', '/auth/tokens', request),
    revokeApiToken: (tokenId: number) => json(ApiToken, 'DELETE', `/auth/tokens/${tokenId}`),
    /** The canned replies I may use, most used first (`queueId`: the case's queue and all queues). */
    listCannedReplies(query: CannedReplyListQuery = {}): Promise<CannedReply[]> {
      const params = new URLSearchParams();
      if (query.queueId !== undefined) params.set('queueId', String(query.queueId));
      if (query.scope !== undefined) params.set('scope', query.scope);
      const qs = params.toString();
      return json(list(CannedReply), 'GET', `/canned-replies${qs ? `?${qs}` : ''}`);
    },
    createCannedReply: (request: CreateCannedReplyRequest) =>
      json(CannedReply, 'POST', '/canned-replies', request),
    updateCannedReply: (replyId: number, change: UpdateCannedReplyRequest) =>
      json(CannedReply, 'PATCH', `/canned-replies/${replyId}`, change),
    deleteCannedReply: (replyId: number) => empty('DELETE', `/canned-replies/${replyId}`),
    /** Counts one use of a reply (it was inserted into the composer). */
    countCannedReplyUse: (replyId: number) => json(CannedReply, 'POST', `/canned-replies/${replyId}/use`),
    ...adminEndpoints({ json: (parser, method, path, body) => json(parser, method, path, body), empty }),
  };
}
