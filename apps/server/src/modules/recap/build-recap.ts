import type {
  CaseRecap,
  CaseStatus,
  ChannelKind,
  RecapChannel,
  RecapCommitment,
  RecapOpenItem,
  RecapQuote,
} from '@frontline/shared';
import { addDuration } from './find-deadline.ts';
import { findCommitment, isHolding } from './find-commitment.ts';
import { clip, readSentences, type ReadSentence } from './read-sentences.ts';

/** One message of the case, as the recap needs it. */
export interface RecapMessage {
  id: number;
  direction: 'in' | 'out' | 'note';
  text: string;
  createdAt: string;
  /** The channel account it went through; null for notes. */
  channel: { accountId: number; kind: ChannelKind | null; name: string | null } | null;
  identityId: number | null;
  /** The operator who wrote it; null for the customer, the system and automatic answers. */
  author: { operatorId: number; name: string | null } | null;
  /** A reply that could not be delivered answers nothing. */
  failed?: boolean;
  /** Why the message is automatic (auto-reply, bounce, auto-acknowledgement); such messages ask and answer nothing. */
  automated?: string | null;
  /** The e-mail subject. */
  subject?: string | null;
}

/** What a recap is built from: the case, its messages oldest first, and the time it is built at. */
export interface RecapInput {
  case: {
    id: number;
    status: CaseStatus;
    openedAt: string;
    resolvedAt: string | null;
    entryPoint: CaseRecap['entryPoint'];
  };
  messages: readonly RecapMessage[];
  now: Date;
  /** Only the first and the last messages of a long case were loaded. */
  truncated?: boolean;
}

/** The operator notes the recap lists: the latest few (older ones are in the timeline). */
export const maxNotes = 5;

/** A message the customer wrote themselves (not an auto-reply or a bounce): only these ask or wait. */
const fromCustomer = (m: RecapMessage) => m.direction === 'in' && !m.automated;

/** An operator's reply that reached (or is on its way to) the customer: it answers what came before it. */
const isOperatorReply = (m: RecapMessage) =>
  m.direction === 'out' && m.author !== null && !m.failed && !m.automated;

/** A quote is short: the whole message (its substantive sentences) when it fits, else only its questions. */
export const maxQuote = 200;

function quote(m: RecapMessage, sentences: readonly ReadSentence[]): RecapQuote | null {
  const substantive = sentences.filter((s) => !s.filler);
  if (substantive.length === 0) return null;
  const questions = substantive.filter((s) => s.question);
  const whole = substantive.map((s) => s.text).join(' ');
  const picked =
    whole.length <= maxQuote || questions.length === 0 ? whole : questions.map((s) => s.text).join(' ');
  return {
    messageId: m.id,
    text: clip(picked, maxQuote),
    at: m.createdAt,
    channelKind: m.channel?.kind ?? null,
    question: questions.length > 0,
  };
}

/** The channels the messages went through, in order of first use, with counts per direction. */
function channelsOf(messages: readonly RecapMessage[]): RecapChannel[] {
  const byAccount = new Map<number, RecapChannel & { ids: Set<number> }>();
  for (const m of messages) {
    if (m.direction === 'note' || m.channel === null) continue;
    const entry = byAccount.get(m.channel.accountId) ?? {
      channelAccountId: m.channel.accountId,
      channelKind: m.channel.kind,
      channelName: m.channel.name,
      identities: 0,
      messagesIn: 0,
      messagesOut: 0,
      lastAt: m.createdAt,
      ids: new Set<number>(),
    };
    if (m.direction === 'in') entry.messagesIn++;
    else entry.messagesOut++;
    if (m.identityId !== null) entry.ids.add(m.identityId);
    entry.lastAt = m.createdAt;
    byAccount.set(m.channel.accountId, entry);
  }
  return [...byAccount.values()].map(({ ids, ...channel }) => ({ ...channel, identities: ids.size }));
}

/**
 * The operator replies' promises, each marked fulfilled by the first later operator reply that says something
 * besides greetings, questions and new promises (docs/recap.md, "Commitments").
 */
function commitmentsOf(
  messages: readonly RecapMessage[],
  sentencesOf: (m: RecapMessage) => readonly ReadSentence[],
  now: Date,
): RecapCommitment[] {
  const all: RecapCommitment[] = [];
  for (const m of messages) {
    if (!isOperatorReply(m)) continue;
    const sentences = sentencesOf(m).filter((s) => !s.filler);
    const found = sentences.map((s) => ({ s, commitment: findCommitment(s.text) }));
    const answers = found.some(
      ({ s, commitment }) => commitment === null && !s.question && !isHolding(s.text),
    );
    if (answers) {
      for (const c of all) if (c.fulfilledByMessageId === null) c.fulfilledByMessageId = m.id;
    }
    for (const { s, commitment } of found) {
      if (commitment === null) continue;
      const duration = commitment.deadline?.duration ?? null;
      const dueAt = duration ? addDuration(new Date(m.createdAt), duration).toISOString() : null;
      all.push({
        messageId: m.id,
        at: m.createdAt,
        authorName: m.author?.name ?? null,
        kind: commitment.kind,
        text: clip(s.text),
        deadline: commitment.deadline?.phrase ?? null,
        dueAt,
        overdue: false,
        fulfilledByMessageId: null,
      });
    }
  }
  for (const c of all)
    c.overdue = c.fulfilledByMessageId === null && c.dueAt !== null && Date.parse(c.dueAt) < now.getTime();
  return all;
}

function openSeconds(input: RecapInput): number {
  const end = input.case.resolvedAt ? Date.parse(input.case.resolvedAt) : input.now.getTime();
  return Math.max(0, Math.floor((end - Date.parse(input.case.openedAt)) / 1000));
}

/**
 * The recap of a case for the next operator, from its messages alone (pure: same input, same recap). The
 * rules are in docs/recap.md: topic, the first question, the latest unanswered message, the operators'
 * promises and whether a later reply fulfilled them, what is still open, the channels used, how long it is open.
 * @example buildRecap({ case, messages, now: new Date() }).latestUnanswered?.text // → 'Когда вернут деньги?'
 */
export function buildRecap(input: RecapInput): CaseRecap {
  const { messages } = input;
  const read = new Map(messages.map((m) => [m.id, readSentences(m.text)] as const));
  const sentencesOf = (m: RecapMessage) => read.get(m.id) ?? [];
  const customer = messages.filter(fromCustomer);

  const firstSubject = messages.find((m) => m.direction === 'in')?.subject?.trim();
  const topicSentence = customer.flatMap((m) => sentencesOf(m)).find((s) => !s.filler);
  const topic = firstSubject ? clip(firstSubject, 120) : topicSentence ? clip(topicSentence.text, 120) : null;

  const firstAsking = customer.find((m) => sentencesOf(m).some((s) => s.question));
  const firstQuestion = firstAsking ? quote(firstAsking, sentencesOf(firstAsking)) : null;

  let lastReply = -1;
  messages.forEach((m, i) => {
    if (isOperatorReply(m)) lastReply = i;
  });
  const unanswered = messages
    .slice(lastReply + 1)
    .filter(fromCustomer)
    .map((m) => quote(m, sentencesOf(m)))
    .filter((q) => q !== null);
  const latestUnanswered = unanswered.at(-1) ?? null;

  const commitments = commitmentsOf(messages, sentencesOf, input.now);
  const notes = messages
    .filter((m) => m.direction === 'note' && m.author !== null && sentencesOf(m).some((s) => !s.filler))
    .slice(-maxNotes);
  const openItems: RecapOpenItem[] = [
    ...unanswered
      .filter((q) => q.question)
      .map((q) => ({ kind: 'question' as const, messageId: q.messageId, at: q.at, text: q.text })),
    ...commitments
      .filter((c) => c.fulfilledByMessageId === null)
      .map((c) => ({ kind: 'commitment' as const, messageId: c.messageId, at: c.at, text: c.text })),
    ...notes.map((m) => ({ kind: 'note' as const, messageId: m.id, at: m.createdAt, text: clip(m.text) })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.messageId - b.messageId);

  const count = (direction: RecapMessage['direction']) =>
    messages.filter((m) => m.direction === direction).length;
  return {
    caseId: input.case.id,
    status: input.case.status,
    entryPoint: input.case.entryPoint,
    topic,
    firstQuestion,
    latestUnanswered,
    commitments,
    openItems,
    channels: channelsOf(messages),
    openedAt: input.case.openedAt,
    resolvedAt: input.case.resolvedAt,
    openSeconds: openSeconds(input),
    waitingSince: unanswered[0]?.at ?? null,
    messages: { in: count('in'), out: count('out'), note: count('note') },
    truncated: input.truncated ?? false,
    computedAt: input.now.toISOString(),
  };
}
