import { wordsOf } from './greetings.ts';

/** Words that open a question (Russian and English), after any leading «а», «и», «но», «so», «and». */
const interrogatives = new Set([
  'как',
  'каким',
  'какой',
  'какая',
  'какое',
  'какие',
  'какую',
  'каких',
  'почему',
  'зачем',
  'отчего',
  'когда',
  'где',
  'куда',
  'откуда',
  'сколько',
  'кто',
  'кому',
  'чем',
  'чей',
  'что',
  'подскажите',
  'скажите',
  'объясните',
  'уточните',
  'what',
  'why',
  'how',
  'when',
  'where',
  'who',
  'whom',
  'which',
  'can',
  'could',
  'would',
  'will',
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'should',
  'shall',
  'may',
  'have',
  'has',
]);

/**
 * Interrogatives that also open a statement's clause («Когда я в роуминге, интернет не работает»): without a
 * `?` they ask only in a sentence with no comma.
 */
const alsoSubordinating = new Set([
  'как',
  'когда',
  'где',
  'куда',
  'откуда',
  'что',
  'кто',
  'чем',
  'how',
  'when',
  'where',
  'what',
  'who',
]);

/** Connectives a follow-up question starts with: «А как…», «И когда…», «So when…». */
const connectives = new Set([
  'а',
  'и',
  'но',
  'ну',
  'так',
  'еще',
  'также',
  'тогда',
  'and',
  'but',
  'so',
  'also',
  'then',
]);

/** Phrases that ask wherever they stand in the sentence. */
const askingPhrases = [
  'подскажите',
  'подскажете',
  'что делать',
  'можно ли',
  'нельзя ли',
  'хочу узнать',
  'хотел узнать',
  'хотела узнать',
  'хотелось бы узнать',
  'интересует',
  'please advise',
  'i wonder',
  'any update',
  'any news',
];

/**
 * Does this sentence ask something? Yes when it has a `?`, opens with an interrogative word («как»,
 * «почему», «когда», «где», «сколько», «что», «what», «how» …), holds the particle «ли» («будет ли»), or an
 * asking phrase anywhere («подскажите», «что делать», «можно ли», «хочу узнать»).
 * @example isQuestion('Подскажите, как подключить роуминг') // → true
 * @example isQuestion('Интернет не работает с утра.') // → false
 */
export function isQuestion(sentence: string): boolean {
  if (sentence.includes('?')) return true;
  const words = wordsOf(sentence);
  const first = words.find((w) => !connectives.has(w));
  // «что» opens a question, «что-то» («что-то не работает») does not: wordsOf keeps the hyphen.
  if (first !== undefined && interrogatives.has(first)) {
    if (!alsoSubordinating.has(first) || !sentence.includes(',')) return true;
  }
  if (words.includes('ли')) return true;
  const spaced = ` ${words.join(' ')} `;
  return askingPhrases.some((phrase) => spaced.includes(` ${phrase} `));
}
