import { ChangePasswordRequest, ErrorBody, LoginRequest, SessionResponse } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import type { Config } from '../../config.ts';
import type { SessionService } from '../../modules/auth/session-service.ts';
import type { OperatorAccounts } from '../../modules/operators/operator-accounts.ts';
import type { PresenceService } from '../../modules/presence/presence-service.ts';
import { requireRole, sessionCookie, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the log-in routes use. */
export interface AuthRouteDeps {
  guard: AuthGuardDeps;
  sessions: SessionService;
  operators: Pick<OperatorAccounts, 'dto'>;
  /** A logout sets the operator offline (docs/routing.md, "Presence"). */
  presence: Pick<PresenceService, 'goOffline'>;
  /** Whether the session cookie is marked Secure (`auto`: when the request came over HTTPS). */
  cookieSecure: Config['cookieSecure'];
}

/** The e-mail a login attempt names (rate-limit key), read without trusting the body's shape. */
function loginEmailOf(body: unknown): string {
  const parsed = LoginRequest.pick({ email: true }).safeParse(body);
  return parsed.success ? parsed.data.email.toLowerCase() : '';
}

/** Log in and out, the current session, changing one's password. */
export function authRoutes(deps: AuthRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const secureCookie = deps.cookieSecure;
    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log in; sets an HttpOnly session cookie and returns the CSRF token',
          body: LoginRequest,
          response: { 200: SessionResponse, 401: ErrorBody, 429: ErrorBody },
        },
        config: {
          rateLimit: {
            max: 10,
            timeWindow: 60_000,
            hook: 'preHandler',
            keyGenerator: (req) => `${req.ip}|${loginEmailOf(req.body)}`,
            errorResponseBuilder: (_req, ctx) =>
              new AppError(
                'AUTH_RATE_LIMITED',
                `too many login attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
              ),
          },
        },
      },
      async (request, reply) => {
        const { token, session } = await deps.sessions.login(
          request.body.email,
          request.body.password,
          request.ip,
        );
        void reply.setCookie(sessionCookie, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: secureCookie === 'auto' ? request.protocol === 'https' : secureCookie,
          path: '/',
          expires: new Date(session.expiresAt),
        });
        return {
          operator: await deps.operators.dto(session.operator),
          csrfToken: session.csrfToken,
        };
      },
    );

    app.get(
      '/auth/me',
      {
        preHandler: requireRole(deps.guard),
        schema: {
          tags: ['auth'],
          summary: 'The current session',
          response: { 200: SessionResponse, 401: ErrorBody },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        return { operator: await deps.operators.dto(session.operator), csrfToken: session.csrfToken };
      },
    );

    app.put(
      '/auth/password',
      {
        preHandler: requireRole(deps.guard),
        schema: {
          tags: ['auth'],
          summary: 'Change your password (policy applies); your other sessions end',
          body: ChangePasswordRequest,
          response: { 204: z.null(), 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        await deps.sessions.changePassword(
          sessionOf(request),
          request.body.currentPassword,
          request.body.newPassword,
          request.ip,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/logout',
      {
        preHandler: requireRole(deps.guard),
        schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } },
      },
      async (request, reply) => {
        const token = request.cookies[sessionCookie];
        if (token) {
          // Still signed in elsewhere (another browser or device): the presence stays as it is there.
          const { otherSessions } = await deps.sessions.logout(token);
          if (otherSessions === 0) await deps.presence.goOffline(sessionOf(request).operator.id, 'logout');
        }
        void reply.clearCookie(sessionCookie, { path: '/' });
        return reply.status(204).send(null);
      },
    );
  };
}
