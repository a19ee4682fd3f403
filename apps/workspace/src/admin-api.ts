import {
  AdminBusinessHours,
  AdminEntryPoint,
  AdminOperator,
  AdminQueue,
  AdminSlaPolicy,
  Operator,
  RoutingSettings,
  Skill,
  type CreateBusinessHoursRequest,
  type CreateEntryPointRequest,
  type CreateQueueRequest,
  type CreateSkillRequest,
  type CreateSlaPolicyRequest,
  type UpdateBusinessHoursRequest,
  type UpdateEntryPointRequest,
  type UpdateOperatorRoutingRequest,
  type UpdateQueueRequest,
  type UpdateSkillRequest,
  type UpdateSlaPolicyRequest,
} from '@frontline/shared';

/** Anything that validates outside data into `T` (a zod schema). */
export interface Parser<T> {
  parse(data: unknown): T;
}

/** A parser of a JSON array of `item`. */
export const list = <T>(item: Parser<T>): Parser<T[]> => ({
  parse(data: unknown): T[] {
    if (!Array.isArray(data)) throw new TypeError('expected a JSON array');
    return data.map((entry: unknown) => item.parse(entry));
  },
});

/** How the API client sends a request: parsed JSON back, or nothing back. */
export interface Requester {
  json<T>(parser: Parser<T>, method: string, path: string, body?: unknown): Promise<T>;
  empty(method: string, path: string, body?: unknown): Promise<void>;
}

/**
 * The ACD administration's calls (`/admin/…`: skills, queues, entry points, SLA policies, business hours,
 * operators' routing, routing settings). Reads are for supervisors and admins, changes for admins.
 */
export function adminEndpoints(r: Requester) {
  return {
    listSkills: () => r.json(list(Skill), 'GET', '/admin/skills'),
    createSkill: (req: CreateSkillRequest) => r.json(Skill, 'POST', '/admin/skills', req),
    updateSkill: (id: number, req: UpdateSkillRequest) => r.json(Skill, 'PATCH', `/admin/skills/${id}`, req),
    deleteSkill: (id: number) => r.empty('DELETE', `/admin/skills/${id}`),

    listAdminQueues: () => r.json(list(AdminQueue), 'GET', '/admin/queues'),
    createQueue: (req: CreateQueueRequest) => r.json(AdminQueue, 'POST', '/admin/queues', req),
    updateQueue: (id: number, req: UpdateQueueRequest) =>
      r.json(AdminQueue, 'PATCH', `/admin/queues/${id}`, req),
    deleteQueue: (id: number) => r.empty('DELETE', `/admin/queues/${id}`),

    listAdminEntryPoints: () => r.json(list(AdminEntryPoint), 'GET', '/admin/entry-points'),
    createEntryPoint: (req: CreateEntryPointRequest) =>
      r.json(AdminEntryPoint, 'POST', '/admin/entry-points', req),
    updateEntryPoint: (id: number, req: UpdateEntryPointRequest) =>
      r.json(AdminEntryPoint, 'PATCH', `/admin/entry-points/${id}`, req),

    listSlaPolicies: () => r.json(list(AdminSlaPolicy), 'GET', '/admin/sla-policies'),
    createSlaPolicy: (req: CreateSlaPolicyRequest) =>
      r.json(AdminSlaPolicy, 'POST', '/admin/sla-policies', req),
    updateSlaPolicy: (id: number, req: UpdateSlaPolicyRequest) =>
      r.json(AdminSlaPolicy, 'PATCH', `/admin/sla-policies/${id}`, req),
    deleteSlaPolicy: (id: number) => r.empty('DELETE', `/admin/sla-policies/${id}`),

    listBusinessHours: () => r.json(list(AdminBusinessHours), 'GET', '/admin/business-hours'),
    createBusinessHours: (req: CreateBusinessHoursRequest) =>
      r.json(AdminBusinessHours, 'POST', '/admin/business-hours', req),
    updateBusinessHours: (id: number, req: UpdateBusinessHoursRequest) =>
      r.json(AdminBusinessHours, 'PATCH', `/admin/business-hours/${id}`, req),
    deleteBusinessHours: (id: number) => r.empty('DELETE', `/admin/business-hours/${id}`),

    listAdminOperators: () => r.json(list(AdminOperator), 'GET', '/admin/operators'),
    updateOperatorRouting: (id: number, req: UpdateOperatorRoutingRequest) =>
      r.json(AdminOperator, 'PATCH', `/admin/operators/${id}`, req),
    /** Disables (sessions and sockets closed) or enables an operator. */
    setOperatorDisabled: (id: number, disabled: boolean) =>
      r.json(Operator, 'PATCH', `/operators/${id}`, { disabled }),

    getRoutingSettings: () => r.json(RoutingSettings, 'GET', '/admin/settings/routing'),
    /** Replaces the whole settings (fields left out take their defaults). */
    putRoutingSettings: (settings: RoutingSettings) =>
      r.json(RoutingSettings, 'PUT', '/admin/settings/routing', settings),
  };
}

export type AdminApi = ReturnType<typeof adminEndpoints>;
