import type { Clock } from '../../lib/clock.ts';
import type { Tx } from '../../store/store.ts';

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
}
