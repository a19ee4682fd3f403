import { timingSafeEqual } from 'node:crypto';
import type { Role } from '@frontline/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../modules/cases/case-service.ts';
import type { ApiTokenService } from '../modules/auth/api-token-service.ts';
import type { Session, SessionService } from '../modules/auth/session-service.ts';
import { apiTokenOf, authorizeApiToken } from './api-token-auth.ts';

export const sessionCookie = 'fl_session';

/** What the guard checks a request with: the cookie sessions and the API tokens. */
export interface AuthGuardDeps {
  sessions: Pick<SessionService, 'resolve'>;
  apiTokens: Pick<ApiTokenService, 'authenticate'>;
}

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function actorOf(session: Session): Actor {
  return {
    id: session.operator.id,
    name: session.operator.name,
    role: session.operator.role,
    queueIds: session.queueIds,
  };
}

/**
 * preHandler: the request must carry a live operator session (cookie) with one of `roles`;
 * cookie-authenticated writes must also carry the session's CSRF token in `X-CSRF-Token`. A request with
 * `Authorization: Bearer <API token>` is authenticated by the token and its scopes instead (api-token-auth.ts).
 */
export function requireRole(
  deps: AuthGuardDeps,
  roles: readonly Role[] = ['operator', 'supervisor', 'admin'],
) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const apiToken = apiTokenOf(request);
    if (apiToken !== undefined) {
      request.session = await authorizeApiToken(deps.apiTokens, request, apiToken, roles);
      return;
    }
    const token = request.cookies[sessionCookie];
    const session = token ? await deps.sessions.resolve(token) : null;
    if (!session) throw new AppError('AUTH_REQUIRED', 'log in first');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
        throw new AppError('CSRF_INVALID', 'missing or wrong X-CSRF-Token header');
      }
    }
    if (!roles.includes(session.operator.role)) {
      throw new AppError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
    }
    request.session = session;
  };
}

export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw new AppError('AUTH_REQUIRED', 'log in first');
  return request.session;
}
