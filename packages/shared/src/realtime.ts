import { z } from 'zod';
import { CaseSummary, Message, Operator } from './domain.ts';
import { MessageStatus } from './message-status.ts';

/**
 * Domain events pushed to operators over `/api/v1/realtime`. Each carries a cursor `id`
 * (monotonic); a client that reconnects with `?since=<last id>` receives everything it missed.
 */
export const OperatorEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('case.updated'), case: CaseSummary }),
  /** A new message; `case` is the case as it stands after it (then no separate `case.updated` is sent). */
  z.object({ type: z.literal('message.created'), message: Message, case: CaseSummary.optional() }),
  z.object({
    type: z.literal('message.status'),
    caseId: z.number().int(),
    messageId: z.number().int(),
    status: MessageStatus,
    reason: z.string().nullable(),
  }),
  z.object({ type: z.literal('operator.updated'), operator: Operator }),
]);
export type OperatorEvent = z.infer<typeof OperatorEvent>;

/** Server → operator frames. `event` frames are durable (have an id); `typing` is ephemeral. */
export const OperatorServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), id: z.number().int(), event: OperatorEvent }),
  z.object({ type: z.literal('ready'), cursor: z.number().int() }),
  z.object({ type: z.literal('typing'), caseId: z.number().int(), who: z.literal('customer') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type OperatorServerFrame = z.infer<typeof OperatorServerFrame>;

/**
 * Close codes of the operator socket when its session stops being valid. A client must not reconnect
 * with the same session after them: it has to log in again (4401) or the account is disabled (4403).
 */
export const operatorSocketClose = {
  /** Logged out, or the session expired. */
  sessionEnded: 4401,
  /** An admin disabled the operator. */
  operatorDisabled: 4403,
} as const;

/** Operator → server frames. */
export const OperatorClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('typing'), caseId: z.number().int() }),
  z.object({ type: z.literal('ping') }),
]);
export type OperatorClientFrame = z.infer<typeof OperatorClientFrame>;
