import type { ChannelKind } from '@frontline/shared';
import type { RecapInput, RecapMessage } from '../../src/modules/recap/build-recap.ts';

/** The conversations of the recap tests start on Monday 2 March 2026, 09:00 UTC. */
export const conversationStart = Date.parse('2026-03-02T09:00:00.000Z');

/** `minutes` after the start, as the ISO time messages carry. */
export const minutesIn = (minutes: number) => new Date(conversationStart + minutes * 60_000).toISOString();

/** One line of a test conversation: who wrote it, the text, and what differs from a plain web-chat line. */
export interface Line {
  who: 'customer' | 'operator' | 'note' | 'auto';
  text: string;
  /** Minutes after the start; default: the line's position (one line a minute). */
  at?: number;
  channel?: ChannelKind;
  failed?: boolean;
  subject?: string;
  /** The operator's name; default «Анна». */
  author?: string;
}

export const customer = (text: string, extra: Partial<Line> = {}): Line => ({
  who: 'customer',
  text,
  ...extra,
});
export const operator = (text: string, extra: Partial<Line> = {}): Line => ({
  who: 'operator',
  text,
  ...extra,
});
export const note = (text: string, extra: Partial<Line> = {}): Line => ({ who: 'note', text, ...extra });
/** The channel's automatic answer (no operator wrote it). */
export const auto = (text: string, extra: Partial<Line> = {}): Line => ({ who: 'auto', text, ...extra });

/** One channel account (and one customer identity on it) per kind, with stable ids. */
const accounts: Record<ChannelKind, number> = {
  webchat: 1,
  telegram: 2,
  email: 3,
  whatsapp: 4,
  viber: 5,
  google_play: 6,
};

/**
 * A recap input from conversation lines: message ids 1, 2, 3 … in order; `now` defaults to an hour after the
 * last line.
 */
export function conversation(
  lines: readonly Line[],
  options: { now?: number; status?: RecapInput['case']['status']; resolvedAt?: number } = {},
): RecapInput {
  const messages: RecapMessage[] = lines.map((line, i) => {
    const kind = line.channel ?? 'webchat';
    const isNote = line.who === 'note';
    return {
      id: i + 1,
      direction: line.who === 'customer' ? 'in' : isNote ? 'note' : 'out',
      text: line.text,
      createdAt: minutesIn(line.at ?? i),
      channel: isNote ? null : { accountId: accounts[kind], kind, name: `${kind} account` },
      identityId: isNote ? null : 10 + accounts[kind],
      author:
        line.who === 'operator' || line.who === 'note'
          ? { operatorId: 7, name: line.author ?? 'Анна' }
          : null,
      failed: line.failed ?? false,
      automated: line.who === 'auto' ? 'auto-acknowledgement' : null,
      subject: line.subject ?? null,
    };
  });
  const last = lines.reduce((max, line, i) => Math.max(max, line.at ?? i), 0);
  return {
    case: {
      id: 42,
      status: options.status ?? 'assigned',
      openedAt: minutesIn(0),
      resolvedAt: options.resolvedAt === undefined ? null : minutesIn(options.resolvedAt),
      entryPoint: { id: 1, slug: 'general', nameRu: 'Общие вопросы', nameEn: 'General questions' },
    },
    messages,
    now: new Date(minutesIn(options.now ?? last + 60)),
  };
}
