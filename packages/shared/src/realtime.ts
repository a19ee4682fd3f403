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
  /**
   * A case breached an SLA target of a policy that escalates (docs/routing.md): to supervisors and admins,
   * once per case. `clock` is the target breached, `dueAt` when it was due.
   */
  z.object({
    type: z.literal('case.escalated'),
    case: CaseSummary,
    clock: z.enum(['first_response', 'next_response', 'resolution']),
    dueAt: z.string(),
  }),
]);
export type OperatorEvent = z.infer<typeof OperatorEvent>;

/**
 * One inbox row change, coalesced: what a queue member's list needs about a case after the events folded
 * into it (docs/realtime.md). `case` is the newest summary of the case in the window; `message` the newest
 * customer/operator message after that summary when the event carried no summary (the row is bumped
 * from it). `id` is the cursor of the newest event folded in: a row older than one already applied for
 * the same case is ignored.
 */
export const InboxRow = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  case: CaseSummary.optional(),
  message: Message.optional(),
});
export type InboxRow = z.infer<typeof InboxRow>;

/** Why the server asks for a resync (then the client reloads its inbox and open case over REST). */
export const ResyncReason = z.enum([
  /** The resume cursor is further behind than the server replays. */
  'behind',
  /** The socket did not read fast enough; its queued frames were dropped (and the socket is closed). */
  'slow',
]);
export type ResyncReason = z.infer<typeof ResyncReason>;

/** An operator who has a case open (collision signal); `typing`: writing a reply or a note in it now. */
export const CaseViewer = z.object({ operatorId: z.number().int(), name: z.string(), typing: z.boolean() });
export type CaseViewer = z.infer<typeof CaseViewer>;

/** A single server → operator frame (what a `batch` carries). */
export const OperatorSingleFrame = z.discriminatedUnion('type', [
  /** A full durable event (to the assignee and to who has the case open; every event of no case). */
  z.object({ type: z.literal('event'), id: z.number().int(), event: OperatorEvent }),
  /** Coalesced inbox rows (to queue members, supervisors and admins). */
  z.object({ type: z.literal('rows'), rows: z.array(InboxRow) }),
  /** The replay is over (and nothing older is missing): the stream is live from `cursor`. */
  z.object({ type: z.literal('ready'), cursor: z.number().int() }),
  /** Reload state over REST, then continue from `cursor` (see `ResyncReason`). */
  z.object({ type: z.literal('resync'), cursor: z.number().int(), reason: ResyncReason }),
  z.object({ type: z.literal('typing'), caseId: z.number().int(), who: z.literal('customer') }),
  /**
   * Who has the case open and who types in it (to the sockets that have it open, the receiver included),
   * sent whenever that changes. Ephemeral.
   */
  z.object({ type: z.literal('viewers'), caseId: z.number().int(), viewers: z.array(CaseViewer) }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type OperatorSingleFrame = z.infer<typeof OperatorSingleFrame>;

/**
 * Server → operator frames. `event` frames are durable (have an id); `typing` is ephemeral. Live frames
 * come in `batch`es (one per socket per tick); a batch's `cursor` is where a reconnect resumes from after
 * applying it: no event at or below it is still on its way (an event's row may trail its id by the
 * coalescing window, so the resume cursor is this, not the last event id).
 */
export const OperatorServerFrame = z.union([
  OperatorSingleFrame,
  z.object({ type: z.literal('batch'), cursor: z.number().int(), frames: z.array(OperatorSingleFrame) }),
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
  /**
   * The socket read too slowly and its queued frames were dropped: reconnect (the `resync` frame sent
   * before it, when it arrives, says to reload the inbox and open case over REST first).
   */
  resync: 4409,
} as const;

/** How many cases one operator socket may declare open at once (`view`). */
export const maxViewedCases = 20;

/** Operator → server frames. */
export const OperatorClientFrame = z.discriminatedUnion('type', [
  /**
   * The operator types in a case: relayed to the customer (not with `note: true`, an internal note) and
   * shown to colleagues who have the case open (`viewers`).
   */
  z.object({ type: z.literal('typing'), caseId: z.number().int(), note: z.boolean().optional() }),
  z.object({ type: z.literal('ping') }),
  /**
   * The cases this socket has open (replaces the previous set; `[]` when none): their full events come to
   * it, not only their inbox rows. At most `maxViewedCases`.
   */
  z.object({ type: z.literal('view'), caseIds: z.array(z.number().int()).max(maxViewedCases) }),
]);
export type OperatorClientFrame = z.infer<typeof OperatorClientFrame>;
