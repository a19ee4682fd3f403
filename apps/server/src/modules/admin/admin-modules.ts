import type { EventWriter } from '../events/event-writer.ts';
import type { AdminDeps } from './admin-deps.ts';
import { BusinessHoursAdmin } from './business-hours-admin.ts';
import { EntryPointsAdmin } from './entry-points-admin.ts';
import { OperatorsAdmin } from './operators-admin.ts';
import { QueuesAdmin } from './queues-admin.ts';
import { RoutingSettingsAdmin } from './routing-settings-admin.ts';
import { SkillsAdmin } from './skills-admin.ts';
import { SlaPoliciesAdmin } from './sla-policies-admin.ts';

/** The ACD administration, one module per resource (docs/administration.md). */
export interface AdminModules {
  skills: SkillsAdmin;
  queues: QueuesAdmin;
  entryPoints: EntryPointsAdmin;
  slaPolicies: SlaPoliciesAdmin;
  businessHours: BusinessHoursAdmin;
  operators: OperatorsAdmin;
  routingSettings: RoutingSettingsAdmin;
}

/**
 * Builds the administration modules on the store, clock, audit log and event writer; `routingSettingsChanged`
 * runs after a routing settings change commits.
 */
export function createAdminModules(
  deps: AdminDeps & { events: Pick<EventWriter, 'toOperators'>; routingSettingsChanged?: () => void },
): AdminModules {
  return {
    skills: new SkillsAdmin(deps),
    queues: new QueuesAdmin(deps),
    entryPoints: new EntryPointsAdmin(deps),
    slaPolicies: new SlaPoliciesAdmin(deps),
    businessHours: new BusinessHoursAdmin(deps),
    operators: new OperatorsAdmin(deps),
    routingSettings: new RoutingSettingsAdmin({
      ...deps,
      ...(deps.routingSettingsChanged ? { onChange: deps.routingSettingsChanged } : {}),
    }),
  };
}
