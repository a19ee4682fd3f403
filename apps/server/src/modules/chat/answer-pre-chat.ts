import type { PreChatRequest, PreChatResponse } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { PhoneRegion } from '../../lib/normalize-phone.ts';
import type { Store } from '../../store/store.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ContactPointInput } from '../customers/upsert-identity.ts';
import { preChatState, validatePreChat } from './pre-chat.ts';

export interface AnswerPreChatDeps {
  store: Store;
  clock: Clock;
  region: PhoneRegion;
  cases: Pick<CaseService, 'upsertIdentity'>;
}

const alreadyAnswered = () =>
  new AppError('PRE_CHAT_ALREADY_ANSWERED', 'this visitor has answered the pre-chat form already');

/**
 * Stores a visitor's pre-chat answers (once per entry point): the phone and e-mail as **claimed** contact
 * points of their customer (never attested, so they link or merge nobody: equal ones only show as merge
 * suggestions), the name as the customer's name when they have none. Refusals: 422 `PRE_CHAT_NOT_EXPECTED`
 * (the entry point asks nothing, or nothing is left to ask), 409 `PRE_CHAT_ALREADY_ANSWERED`, 400
 * `PRE_CHAT_INVALID` (`validatePreChat`).
 */
export async function answerPreChat(
  deps: AnswerPreChatDeps,
  visitor: { identityId: number; entryPointId: number; channelAccountId: number; externalId: string },
  req: PreChatRequest,
): Promise<PreChatResponse> {
  const state = await preChatState(deps.store.db, visitor);
  if (!state.configured)
    throw new AppError('PRE_CHAT_NOT_EXPECTED', 'this entry point has no pre-chat form: just chat');
  if (state.answered) throw alreadyAnswered();
  if (state.fields.length === 0)
    throw new AppError('PRE_CHAT_NOT_EXPECTED', 'the pre-chat form has nothing left to ask this visitor');
  const answers = validatePreChat(state.fields, req, deps.region);
  const now = deps.clock.now().toISOString();
  await deps.store.write(async (tx) => {
    // The key makes "once" hold under concurrent sends too: the second insert finds the row and stops.
    const first = await tx.db
      .insertInto('pre_chat_answers')
      .values({
        identity_id: visitor.identityId,
        entry_point_id: visitor.entryPointId,
        answers: JSON.stringify(answers),
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['identity_id', 'entry_point_id']).doNothing())
      .returning('identity_id')
      .executeTakeFirst();
    if (!first) throw alreadyAnswered();
    const contactPoints: ContactPointInput[] = [];
    if (answers.phone) contactPoints.push({ kind: 'phone', value: answers.phone, attestedBy: null });
    if (answers.email) contactPoints.push({ kind: 'email', value: answers.email, attestedBy: null });
    const identity = await deps.cases.upsertIdentity(
      tx,
      { channelAccountId: visitor.channelAccountId, externalId: visitor.externalId, contactPoints },
      now,
    );
    if (answers.name) {
      await tx.db
        .updateTable('customers')
        .set({ display_name: answers.name })
        .where('id', '=', identity.customer_id)
        .where('display_name', 'is', null)
        .execute();
    }
  });
  return answers;
}
