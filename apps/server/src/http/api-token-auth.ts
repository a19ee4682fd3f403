import { scopesOfRole, type ApiTokenScope, type Role } from '@frontline/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';
import type { ApiTokenService } from '../modules/auth/api-token-service.ts';
import type { Session } from '../modules/auth/session-service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request is authenticated by an API token instead of a session cookie. */
    apiToken?: { id: number; scopes: ApiTokenScope[] };
  }
}

/**
 * The scope an API token needs for an operator route, by path and method; null: not open to tokens (managing
 * tokens, logging out, routes not listed here). Paths are the route patterns under `/api/v1`.
 * @example requiredScope('POST', '/api/v1/cases/:id/messages') // → 'cases:write'
 */
export function requiredScope(method: string, route: string): ApiTokenScope | null {
  const path = route.replace(/^\/api\/v1/, '');
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/auth/me') return read ? 'operators:read' : null;
  if (/^\/(cases|customers|customer-merges)(\/|$)/.test(path)) return read ? 'cases:read' : 'cases:write';
  if (path === '/search') return read ? 'cases:read' : null;
  if (path === '/attachments') return method === 'POST' ? 'cases:write' : null;
  if (/^\/operators\/me\//.test(path)) return read ? 'operators:read' : 'operators:write';
  if (/^\/operators(\/|$)/.test(path)) return read ? 'operators:read' : 'operators:admin';
  if (path === '/queues' || path === '/entry-points') return read ? 'operators:read' : null;
  if (/^\/audit(\/|$)/.test(path)) return read ? 'audit:read' : null;
  if (/^\/channels(\/|$)/.test(path)) return 'channels:admin';
  if (/^\/admin\//.test(path)) return read ? 'operators:read' : 'operators:admin';
  return null;
}

/** The API token of `Authorization: Bearer …` on an operator route, if any. */
export function apiTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * Authenticates an operator route by API token (no cookie, no CSRF: the token is not sent by browsers on its
 * own): 401 `API_TOKEN_INVALID` for a bad token, 403 `FORBIDDEN` when the owner's role does not allow the
 * route, 403 `API_TOKEN_SCOPE_MISSING` when the token lacks the route's scope (or the role no longer allows it).
 */
export async function authorizeApiToken(
  apiTokens: Pick<ApiTokenService, 'authenticate'>,
  request: FastifyRequest,
  token: string,
  roles: readonly Role[],
): Promise<Session> {
  const principal = await apiTokens.authenticate(token);
  const { role } = principal.operator;
  if (!roles.includes(role))
    throw new AppError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
  const scope = requiredScope(request.method, request.routeOptions.url ?? request.url);
  if (scope === null)
    throw new AppError('API_TOKEN_SCOPE_MISSING', 'this route cannot be used with an API token');
  if (!principal.scopes.includes(scope) || !scopesOfRole[role].includes(scope)) {
    throw new AppError('API_TOKEN_SCOPE_MISSING', `this API token lacks the scope ${scope}`);
  }
  request.apiToken = { id: principal.tokenId, scopes: principal.scopes };
  return {
    // Not a cookie session: the realtime socket needs one, so nothing is ever keyed by this id.
    id: `api-token:${principal.tokenId}`,
    operator: principal.operator,
    queueIds: principal.queueIds,
    csrfToken: '',
    expiresAt: principal.expiresAt ?? '',
  };
}
