import { AppError } from '../../lib/errors.ts';
import type { Tx } from '../../store/store.ts';

/** 404 `OPERATOR_NOT_FOUND` unless `operatorId` is an enabled operator (a case may be handed to them). */
export async function requireOperator(tx: Tx, operatorId: number): Promise<void> {
  const op = await tx.db
    .selectFrom('operators')
    .select('id')
    .where('id', '=', operatorId)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  if (!op) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorId} not found`);
}
