import {
  AdminBusinessHours,
  AdminEntryPoint,
  AdminQueue,
  AdminSlaPolicy,
  CreateBusinessHoursRequest,
  CreateEntryPointRequest,
  CreateQueueRequest,
  CreateSkillRequest,
  CreateSlaPolicyRequest,
  Skill,
  UpdateBusinessHoursRequest,
  UpdateEntryPointRequest,
  UpdateQueueRequest,
  UpdateSkillRequest,
  UpdateSlaPolicyRequest,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BusinessHoursAdmin } from '../../modules/admin/business-hours-admin.ts';
import type { EntryPointsAdmin } from '../../modules/admin/entry-points-admin.ts';
import type { QueuesAdmin } from '../../modules/admin/queues-admin.ts';
import type { SkillsAdmin } from '../../modules/admin/skills-admin.ts';
import type { SlaPoliciesAdmin } from '../../modules/admin/sla-policies-admin.ts';
import { requireRole, type AuthGuardDeps } from '../auth-guard.ts';
import { adminCrudRoutes } from './admin-crud.ts';

/** What the ACD catalogue routes use. */
export interface AdminCatalogueRouteDeps {
  guard: AuthGuardDeps;
  skills: SkillsAdmin;
  queues: QueuesAdmin;
  entryPoints: EntryPointsAdmin;
  slaPolicies: SlaPoliciesAdmin;
  businessHours: BusinessHoursAdmin;
}

/**
 * The ACD's catalogue under `/admin` (docs/administration.md): skills, queues, entry points, SLA policies,
 * business hours. Supervisors and admins read; admins change, each change audited.
 */
export function adminCatalogueRoutes(deps: AdminCatalogueRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const read = requireRole(deps.guard, ['supervisor', 'admin']);
    const write = requireRole(deps.guard, ['admin']);
    adminCrudRoutes(app, {
      path: 'skills',
      names: { one: 'Skill', many: 'Skills' },
      title: 'skills',
      read,
      write,
      create: CreateSkillRequest,
      update: UpdateSkillRequest,
      view: Skill,
      resource: deps.skills,
    });
    adminCrudRoutes(app, {
      path: 'queues',
      names: { one: 'AdminQueue', many: 'AdminQueues' },
      title: 'queues',
      read,
      write,
      create: CreateQueueRequest,
      update: UpdateQueueRequest,
      view: AdminQueue,
      resource: deps.queues,
    });
    adminCrudRoutes(app, {
      path: 'entry-points',
      names: { one: 'AdminEntryPoint', many: 'AdminEntryPoints' },
      title: 'entry points',
      read,
      write,
      create: CreateEntryPointRequest,
      update: UpdateEntryPointRequest,
      view: AdminEntryPoint,
      resource: deps.entryPoints,
      errors: { create: [422], update: [422] },
    });
    adminCrudRoutes(app, {
      path: 'sla-policies',
      names: { one: 'SlaPolicy', many: 'SlaPolicies' },
      title: 'SLA policies',
      read,
      write,
      create: CreateSlaPolicyRequest,
      update: UpdateSlaPolicyRequest,
      view: AdminSlaPolicy,
      resource: deps.slaPolicies,
      errors: { create: [422], update: [422] },
    });
    adminCrudRoutes(app, {
      path: 'business-hours',
      names: { one: 'BusinessHours', many: 'BusinessHoursList' },
      title: 'business hours',
      read,
      write,
      create: CreateBusinessHoursRequest,
      update: UpdateBusinessHoursRequest,
      view: AdminBusinessHours,
      resource: deps.businessHours,
    });
  };
}
