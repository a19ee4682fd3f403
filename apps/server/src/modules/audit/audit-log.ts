import type { Clock } from '../../lib/clock.ts';
import type { Store, Tx } from '../../store/store.ts';

/** One audit entry as the API shows it. */
export interface AuditEntry {
  id: number;
  actorOperatorId: number | null;
  action: string;
  targetType: string;
  targetId: string;
  details: unknown;
  createdAt: string;
}

/** Who did what to which object, written in the same transaction as the change itself. */
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(
    tx: Tx,
    actorOperatorId: number | null,
    action: string,
    targetType: string,
    targetId: number | string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await tx.db
      .insertInto('audit_log')
      .values({
        actor_operator_id: actorOperatorId,
        action,
        target_type: targetType,
        target_id: String(targetId),
        details: JSON.stringify(details),
        created_at: this.clock.now().toISOString(),
      })
      .execute();
  }

  /** The newest `limit` entries, newest first. */
  async recent(db: Store['db'], limit: number): Promise<AuditEntry[]> {
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      actorOperatorId: r.actor_operator_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: JSON.parse(r.details) as unknown,
      createdAt: r.created_at,
    }));
  }
}
