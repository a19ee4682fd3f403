import { isFiller, stripGreeting } from './greetings.ts';
import { isQuestion } from './is-question.ts';
import { splitSentences } from './split-sentences.ts';

/** Only the start of a very long message (a pasted log, a long e-mail) is read. */
export const maxReadChars = 4000;

/** One sentence of a message, as the recap reads it. */
export interface ReadSentence {
  /** The sentence without the greeting or thanks it opens with. */
  text: string;
  /** Only greetings, thanks, acknowledgements or emoji. */
  filler: boolean;
  question: boolean;
}

/**
 * A message's sentences, each with whether it is filler or a question.
 * @example readSentences('Добрый день! Почему списали 300 ₽?') // → [{ text: 'Добрый день!', filler: true, … }, { text: 'Почему списали 300 ₽?', filler: false, question: true }]
 */
export function readSentences(text: string): ReadSentence[] {
  return splitSentences(text.slice(0, maxReadChars)).map((sentence) => {
    const filler = isFiller(sentence);
    const text = stripGreeting(sentence);
    return { text, filler, question: !filler && isQuestion(text) };
  });
}

/** The recap's quotes are short: cut at `max` characters, on a word boundary when there is one near. */
export function clip(text: string, max = 200): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
