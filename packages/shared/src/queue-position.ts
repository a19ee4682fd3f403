import { z } from 'zod';

/** A text in both languages customers are answered in. */
const Phrase = z.object({ ru: z.string().min(1).max(1000), en: z.string().min(1).max(1000) });

/** A regular expression source that compiles (case-insensitive, Unicode). */
const Pattern = z
  .string()
  .min(1)
  .max(1000)
  .refine(
    (source) => {
      try {
        new RegExp(source, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/**
 * What messenger customers are told about their place in the queue (`settings.queue_phrases`,
 * docs/routing.md "Queue position"). `{position}` and `{wait}` (minutes) are filled in.
 */
export const QueuePhrases = z.object({
  /** On enqueue, when the estimated wait is above `announceWaitAboveMinutes`. */
  announce: Phrase.default({
    ru: 'Вы {position}-й в очереди, ожидание около {wait} мин. Оператор ответит, как только освободится.',
    en: 'You are number {position} in the queue, about {wait} min wait. An operator will answer as soon as one is free.',
  }),
  /** The answer to a customer asking how long (`questionPattern`), with an estimate. */
  answer: Phrase.default({
    ru: 'Вы {position}-й в очереди, ожидание около {wait} мин.',
    en: 'You are number {position} in the queue, about {wait} min wait.',
  }),
  /** The same answer while there is no estimate (nobody has taken a case lately and nobody is online). */
  answerNoEstimate: Phrase.default({
    ru: 'Вы {position}-й в очереди. Оператор ответит, как только освободится.',
    en: 'You are number {position} in the queue. An operator will answer as soon as one is free.',
  }),
  /** A customer message matching this (case-insensitive) asks for their place in the queue. */
  questionPattern: Pattern.default(
    'сколько\\s+(ещ[её]\\s+)?(ждать|ожидать)|когда\\s+(же\\s+)?(вы\\s+|мне\\s+)?ответ|очеред|долго\\s+ждать|how\\s+long|when\\s+will\\s+(you|someone|anyone)|\\bqueue\\b|waiting\\s+time',
  ),
});
export type QueuePhrases = z.infer<typeof QueuePhrases>;
