import type { AdminSlaPolicy, CreateSlaPolicyRequest, UpdateSlaPolicyRequest } from '@frontline/shared';
import type { Selectable } from 'kysely';
import { AppError } from '../../lib/errors.ts';
import type { SlaPoliciesTable } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { changeOf, requireReference, type Actor, type AdminDeps } from './admin-deps.ts';

const toView = (r: Selectable<SlaPoliciesTable>): AdminSlaPolicy => ({
  id: r.id,
  name: r.name,
  firstResponseSeconds: r.first_response_seconds,
  nextResponseSeconds: r.next_response_seconds,
  resolutionSeconds: r.resolution_seconds,
  warnPercent: r.warn_percent,
  businessHoursOnly: r.business_hours_only === 1,
  overflowAfterSeconds: r.overflow_after_seconds,
  overflowQueueId: r.overflow_queue_id,
  escalateOnBreach: r.escalate_on_breach === 1,
});

/** The columns of the fields sent. */
function columnsOf(req: UpdateSlaPolicyRequest) {
  const flag = (b: boolean) => (b ? 1 : 0);
  return {
    ...(req.name === undefined ? {} : { name: req.name }),
    ...(req.firstResponseSeconds === undefined ? {} : { first_response_seconds: req.firstResponseSeconds }),
    ...(req.nextResponseSeconds === undefined ? {} : { next_response_seconds: req.nextResponseSeconds }),
    ...(req.resolutionSeconds === undefined ? {} : { resolution_seconds: req.resolutionSeconds }),
    ...(req.warnPercent === undefined ? {} : { warn_percent: req.warnPercent }),
    ...(req.businessHoursOnly === undefined ? {} : { business_hours_only: flag(req.businessHoursOnly) }),
    ...(req.overflowAfterSeconds === undefined ? {} : { overflow_after_seconds: req.overflowAfterSeconds }),
    ...(req.overflowQueueId === undefined ? {} : { overflow_queue_id: req.overflowQueueId }),
    ...(req.escalateOnBreach === undefined ? {} : { escalate_on_breach: flag(req.escalateOnBreach) }),
  };
}

/**
 * SLA policies (docs/administration.md, docs/routing.md#sla): targets per clock, the warning share, whether
 * they count business hours only, overflow to a backup queue, escalation. Deleting a policy leaves its
 * entry points without an SLA.
 */
export class SlaPoliciesAdmin {
  constructor(private readonly deps: AdminDeps) {}

  async list(): Promise<AdminSlaPolicy[]> {
    const rows = await this.deps.store.db.selectFrom('sla_policies').selectAll().orderBy('id').execute();
    return rows.map(toView);
  }

  async create(actor: Actor, req: CreateSlaPolicyRequest): Promise<AdminSlaPolicy> {
    return this.deps.store.write(async (tx) => {
      await this.checkReferences(tx, req);
      const row = await tx.db
        .insertInto('sla_policies')
        .values({
          first_response_seconds: null,
          next_response_seconds: null,
          resolution_seconds: null,
          overflow_after_seconds: null,
          overflow_queue_id: null,
          ...columnsOf(req),
          name: req.name,
          created_at: this.deps.clock.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = toView(row);
      await this.deps.audit.record(tx, actor, 'sla_policy.create', 'sla_policy', row.id, { ...view });
      return view;
    });
  }

  async update(actor: Actor, id: number, req: UpdateSlaPolicyRequest): Promise<AdminSlaPolicy> {
    return this.deps.store.write(async (tx) => {
      const before = await this.find(tx, id);
      await this.checkReferences(tx, req);
      const set = columnsOf(req);
      const row =
        Object.keys(set).length === 0
          ? undefined
          : await tx.db
              .updateTable('sla_policies')
              .set(set)
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirstOrThrow();
      const after = row ? toView(row) : before;
      await this.deps.audit.record(
        tx,
        actor,
        'sla_policy.update',
        'sla_policy',
        id,
        changeOf(req, before, after),
      );
      return after;
    });
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const policy = await this.find(tx, id);
      await tx.db
        .updateTable('entry_points')
        .set({ sla_policy_id: null })
        .where('sla_policy_id', '=', id)
        .execute();
      await tx.db.deleteFrom('sla_policies').where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, 'sla_policy.delete', 'sla_policy', id, { name: policy.name });
    });
  }

  private async checkReferences(tx: Tx, req: UpdateSlaPolicyRequest): Promise<void> {
    if (req.overflowQueueId != null)
      await requireReference(tx, 'queues', req.overflowQueueId, 'overflowQueueId');
  }

  private async find(tx: Tx, id: number): Promise<AdminSlaPolicy> {
    const row = await tx.db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('SLA_POLICY_NOT_FOUND', `SLA policy ${id} not found`);
    return toView(row);
  }
}
