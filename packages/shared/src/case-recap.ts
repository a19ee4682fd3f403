import { z } from 'zod';
import { ChannelKind } from './channel-kind.ts';
import { CaseStatus } from './domain.ts';

/** A sentence (or a few) quoted from one message of the case, as the recap shows it. */
export const RecapQuote = z.object({
  messageId: z.number().int(),
  /** The quoted sentences, greetings and thanks left out, cut at 200 characters. */
  text: z.string(),
  at: z.string(),
  channelKind: ChannelKind.nullable(),
  /** The quote is a question (a `?`, an interrogative word or the particle «ли»). */
  question: z.boolean(),
});
export type RecapQuote = z.infer<typeof RecapQuote>;

/** What kind of promise an operator made (the pattern that recognised it). */
export const CommitmentKind = z.enum(['callback', 'follow_up', 'escalation', 'deadline']);
export type CommitmentKind = z.infer<typeof CommitmentKind>;

/** A promise an operator made to the customer in a reply. */
export const RecapCommitment = z.object({
  messageId: z.number().int(),
  at: z.string(),
  /** The operator who wrote it (null when the operator is unknown). */
  authorName: z.string().nullable(),
  kind: CommitmentKind,
  /** The sentence holding the promise. */
  text: z.string(),
  /** The deadline as the operator wrote it ("в течение 24 часов", "by Friday"); null when none was given. */
  deadline: z.string().nullable(),
  /** When a deadline given as a duration runs out (message time + duration); null otherwise. */
  dueAt: z.string().nullable(),
  /** `dueAt` has passed and the promise is not fulfilled. */
  overdue: z.boolean(),
  /** The later operator reply that fulfilled it; null while it is open. */
  fulfilledByMessageId: z.number().int().nullable(),
});
export type RecapCommitment = z.infer<typeof RecapCommitment>;

/** Something the next operator has to act on. */
export const RecapOpenItem = z.object({
  kind: z.enum(['question', 'commitment', 'note']),
  messageId: z.number().int(),
  at: z.string(),
  text: z.string(),
});
export type RecapOpenItem = z.infer<typeof RecapOpenItem>;

/** One channel account the case's messages went through, with counts per direction. */
export const RecapChannel = z.object({
  channelAccountId: z.number().int(),
  channelKind: ChannelKind.nullable(),
  channelName: z.string().nullable(),
  /** How many different customer identities wrote or were written to on it. */
  identities: z.number().int(),
  messagesIn: z.number().int(),
  messagesOut: z.number().int(),
  lastAt: z.string(),
});
export type RecapChannel = z.infer<typeof RecapChannel>;

/**
 * The recap of a case for the operator who picks it up: computed from the case's messages on every request
 * (extractive, no model), so it is always as new as the messages.
 */
export const CaseRecap = z.object({
  caseId: z.number().int(),
  status: CaseStatus,
  entryPoint: z.object({ id: z.number().int(), slug: z.string(), nameRu: z.string(), nameEn: z.string() }),
  /** The e-mail subject of the first customer message, else its first substantive sentence. */
  topic: z.string().nullable(),
  firstQuestion: RecapQuote.nullable(),
  /** The customer's latest substantive message no operator has replied to since; null when all are answered. */
  latestUnanswered: RecapQuote.nullable(),
  commitments: z.array(RecapCommitment),
  /** Unanswered questions, open promises and internal notes, oldest first. */
  openItems: z.array(RecapOpenItem),
  channels: z.array(RecapChannel),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** Seconds from opening to now (to resolution for a resolved case). */
  openSeconds: z.number().int(),
  /** Since when the customer has been waiting for a reply; null when nobody is waiting. */
  waitingSince: z.string().nullable(),
  messages: z.object({ in: z.number().int(), out: z.number().int(), note: z.number().int() }),
  /** Only the first and the last messages of a very long case were read. */
  truncated: z.boolean(),
  computedAt: z.string(),
});
export type CaseRecap = z.infer<typeof CaseRecap>;
