import { issueProblem } from '../../lib/field-problem.ts';
import { AdminOperator, ErrorBody, RoutingSettings, UpdateOperatorRoutingRequest } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OperatorsAdmin } from '../../modules/admin/operators-admin.ts';
import {
  invalidRoutingSettings,
  type RoutingSettingsAdmin,
} from '../../modules/admin/routing-settings-admin.ts';
import { requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';
import { AdminIdParams } from './admin-crud.ts';

/** What the operator-routing and routing-settings routes use. */
export interface AdminOperatorRouteDeps {
  guard: AuthGuardDeps;
  operators: OperatorsAdmin;
  routingSettings: RoutingSettingsAdmin;
}

/**
 * Operators' routing (role, queues, skills, capacity, channel limits) and the center's routing settings,
 * under `/admin` (docs/administration.md). Supervisors and admins read; admins change, audited.
 */
export function adminOperatorRoutes(deps: AdminOperatorRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const read = requireRole(deps.guard, ['supervisor', 'admin']);
    const write = requireRole(deps.guard, ['admin']);
    const tags = ['admin'];
    app.get(
      '/admin/operators',
      {
        preHandler: read,
        schema: {
          tags,
          operationId: 'listAdminOperators',
          summary: 'Every operator with their routing settings, disabled ones too (supervisor, admin)',
          response: { 200: z.array(AdminOperator), 403: ErrorBody },
        },
      },
      () => deps.operators.list(),
    );
    app.patch(
      '/admin/operators/:id',
      {
        preHandler: write,
        schema: {
          tags,
          operationId: 'updateOperatorRouting',
          summary:
            "Change an operator's role, queues, skills, capacity or channel limits: the fields sent (admin, audited; routing sees it at once)",
          params: AdminIdParams,
          body: UpdateOperatorRoutingRequest,
          response: { 200: AdminOperator, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        },
      },
      (request) => deps.operators.update(sessionOf(request).operator.id, request.params.id, request.body),
    );
    app.get(
      '/admin/settings/routing',
      {
        preHandler: read,
        schema: {
          tags,
          operationId: 'getRoutingSettings',
          summary: 'The routing settings (supervisor, admin)',
          response: { 200: RoutingSettings, 403: ErrorBody },
        },
      },
      () => deps.routingSettings.read(),
    );
    app.put(
      '/admin/settings/routing',
      {
        preHandler: write,
        // A body the schema refuses is answered 400 ROUTING_SETTINGS_INVALID with the problems.
        attachValidation: true,
        schema: {
          tags,
          operationId: 'putRoutingSettings',
          summary: 'Replace the routing settings; fields left out take their defaults (admin, audited)',
          body: RoutingSettings,
          response: { 200: RoutingSettings, 403: ErrorBody, 409: ErrorBody },
        },
      },
      (request) => {
        if (request.validationError) {
          const issues = (
            request.validationError as {
              validation?: {
                instancePath?: string;
                message?: string;
                keyword?: string;
                params?: Record<string, unknown>;
              }[];
            }
          ).validation;
          throw invalidRoutingSettings(
            (issues ?? []).map((v) =>
              issueProblem((v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.'), {
                ...v.params,
                code: v.keyword ?? 'invalid',
                message: v.message,
              }),
            ),
          );
        }
        return deps.routingSettings.replace(sessionOf(request).operator.id, request.body);
      },
    );
  };
}
