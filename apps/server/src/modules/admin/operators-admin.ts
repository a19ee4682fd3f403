import {
  ChannelLimits,
  type AdminOperator,
  type Operator,
  type UpdateOperatorRoutingRequest,
} from '@frontline/shared';
import type { Kysely } from 'kysely';
import { AppError } from '../../lib/errors.ts';
import type { Database, OperatorRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { EventWriter } from '../events/event-writer.ts';
import { operatorAudience } from '../events/case-audience.ts';
import { toOperator } from '../views.ts';
import {
  requireDistinctSkills,
  requireReference,
  changeOf,
  type Actor,
  type AdminDeps,
} from './admin-deps.ts';

/** Stored `channel_limits` → limits; unreadable or missing: none. */
export function parseChannelLimits(json: string | null): ChannelLimits {
  if (json === null) return {};
  try {
    const parsed = ChannelLimits.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Operators' routing as admins set it (docs/administration.md): role, queues, skills with levels, capacity
 * units, per-channel limits, disabled or not. Each change is audited and published as `operator.updated`
 * in its transaction, so the router and the workspaces of every node see it at once (the CLI's changes too:
 * the running server's relay publishes what the CLI wrote to the outbox).
 */
export class OperatorsAdmin {
  constructor(private readonly deps: AdminDeps & { events: Pick<EventWriter, 'toOperators'> }) {}

  /** Every operator, disabled ones too, by name. */
  async list(): Promise<AdminOperator[]> {
    return this.read(this.deps.store.db);
  }

  /** The operator of `email`, for the CLI. */
  async findByEmail(email: string): Promise<AdminOperator | undefined> {
    const row = await this.deps.store.db
      .selectFrom('operators')
      .select('id')
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row ? (await this.read(this.deps.store.db, row.id))[0] : undefined;
  }

  /**
   * Changes the fields sent. 409 `OPERATOR_OWN_ADMIN_ROLE` when an admin would take their own admin role;
   * 422 `ADMIN_REFERENCE_UNKNOWN` for a queue or skill that does not exist.
   */
  async update(actor: Actor, id: number, req: UpdateOperatorRoutingRequest): Promise<AdminOperator> {
    return this.deps.store.write(async (tx) => {
      const before = await this.one(tx, id);
      if (actor === id && req.role !== undefined && req.role !== 'admin' && before.role === 'admin')
        throw new AppError(
          'OPERATOR_OWN_ADMIN_ROLE',
          'you cannot take away your own admin role; ask another admin',
        );
      if (req.queueIds !== undefined)
        for (const q of req.queueIds) await requireReference(tx, 'queues', q, 'queueIds');
      if (req.skills !== undefined) {
        requireDistinctSkills(req.skills, 'skills');
        for (const s of req.skills) await requireReference(tx, 'skills', s.skillId, 'skills');
      }
      const set = {
        ...(req.role === undefined ? {} : { role: req.role }),
        ...(req.capacity === undefined ? {} : { capacity: req.capacity }),
        ...(req.channelLimits === undefined ? {} : { channel_limits: JSON.stringify(req.channelLimits) }),
      };
      if (Object.keys(set).length > 0)
        await tx.db.updateTable('operators').set(set).where('id', '=', id).execute();
      if (req.queueIds !== undefined) {
        await tx.db.deleteFrom('operator_queues').where('operator_id', '=', id).execute();
        const queueIds = [...new Set(req.queueIds)];
        if (queueIds.length > 0)
          await tx.db
            .insertInto('operator_queues')
            .values(queueIds.map((queueId) => ({ operator_id: id, queue_id: queueId })))
            .execute();
      }
      if (req.skills !== undefined) {
        await tx.db.deleteFrom('operator_skills').where('operator_id', '=', id).execute();
        if (req.skills.length > 0)
          await tx.db
            .insertInto('operator_skills')
            .values(req.skills.map((s) => ({ operator_id: id, skill_id: s.skillId, level: s.level })))
            .execute();
      }
      const after = await this.one(tx, id);
      await this.publish(tx, after);
      await this.deps.audit.record(
        tx,
        actor,
        'operator.update',
        'operator',
        id,
        changeOf(req, before, after),
      );
      return after;
    });
  }

  /**
   * Disables (offline, sessions ended) or enables an operator, for the CLI; the HTTP API has
   * `PATCH /operators/:id`, which also closes the operator's sockets on this node at once.
   */
  async setDisabled(actor: Actor, id: number, disabled: boolean): Promise<AdminOperator> {
    return this.deps.store.write(async (tx) => {
      await this.one(tx, id);
      await tx.db
        .updateTable('operators')
        .set(disabled ? { disabled: 1, presence: 'offline' } : { disabled: 0 })
        .where('id', '=', id)
        .execute();
      if (disabled) await tx.db.deleteFrom('sessions').where('operator_id', '=', id).execute();
      const after = await this.one(tx, id);
      await this.publish(tx, after);
      await this.deps.audit.record(
        tx,
        actor,
        disabled ? 'operator.disable' : 'operator.enable',
        'operator',
        id,
        {},
      );
      return after;
    });
  }

  private async publish(tx: Tx, operator: AdminOperator): Promise<void> {
    const { skills: _skills, channelLimits: _limits, ...rest } = operator;
    const dto: Operator = rest;
    await this.deps.events.toOperators(
      tx,
      { type: 'operator.updated', operator: dto },
      operatorAudience(operator.id),
    );
  }

  private async one(tx: Tx, id: number): Promise<AdminOperator> {
    const [operator] = await this.read(tx.db, id);
    if (!operator) throw new AppError('OPERATOR_NOT_FOUND', `operator ${id} not found`);
    return operator;
  }

  private async read(db: Kysely<Database>, id?: number): Promise<AdminOperator[]> {
    let query = db.selectFrom('operators').selectAll().orderBy('name').orderBy('id');
    if (id !== undefined) query = query.where('id', '=', id);
    const rows: OperatorRow[] = await query.execute();
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const queues = await db
      .selectFrom('operator_queues')
      .selectAll()
      .where('operator_id', 'in', ids)
      .execute();
    const skills = await db
      .selectFrom('operator_skills')
      .selectAll()
      .where('operator_id', 'in', ids)
      .orderBy('skill_id')
      .execute();
    return rows.map((r) => ({
      ...toOperator(
        r,
        queues
          .filter((q) => q.operator_id === r.id)
          .map((q) => q.queue_id)
          .sort((a, b) => a - b),
      ),
      disabled: r.disabled === 1,
      skills: skills
        .filter((s) => s.operator_id === r.id)
        .map((s) => ({ skillId: s.skill_id, level: s.level })),
      channelLimits: parseChannelLimits(r.channel_limits),
    }));
  }
}
