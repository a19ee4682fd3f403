import type { Operator } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { EventWriter } from '../events/event-writer.ts';
import { operatorAudience } from '../events/case-audience.ts';
import type { PresenceService } from '../presence/presence-service.ts';
import { OperatorAccounts, type OperatorAccountsDeps } from './operator-accounts.ts';

/**
 * Operator accounts in the running system: also the changes other operators' screens and routing see.
 * Presence is `PresenceService`'s (modules/presence/).
 */
export class OperatorService extends OperatorAccounts {
  constructor(
    private readonly live: OperatorAccountsDeps & {
      events: EventWriter;
      presence: Pick<PresenceService, 'goOfflineWithin'>;
    },
  ) {
    super(live);
  }

  /**
   * Disables (or enables again) an operator (admin action, audited). A disabled operator cannot log in,
   * is shown offline and is left out of routing; the caller ends the operator's sessions.
   */
  async setDisabled(operatorId: number, disabled: boolean, actorId: number): Promise<Operator> {
    if (operatorId === actorId && disabled)
      throw new AppError('CONFLICT', 'you cannot disable your own account; ask another admin');
    return this.deps.store.write(async (tx) => {
      let row = await tx.db
        .updateTable('operators')
        .set({ disabled: disabled ? 1 : 0 })
        .where('id', '=', operatorId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorId} not found`);
      // Offline as a logout is: the unstarted cases go back to the queue.
      if (disabled) row = (await this.live.presence.goOfflineWithin(tx, operatorId, 'disabled')) ?? row;
      const dto = await this.dto(row, tx.db);
      await this.live.events.toOperators(
        tx,
        { type: 'operator.updated', operator: dto },
        operatorAudience(operatorId),
      );
      await this.deps.audit.record(
        tx,
        actorId,
        disabled ? 'operator.disable' : 'operator.enable',
        'operator',
        operatorId,
        {},
      );
      return { ...dto, disabled };
    });
  }
}
