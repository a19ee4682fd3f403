/**
 * Words that carry nothing for the next operator on their own: greetings, thanks, acknowledgements, polite
 * words (Russian and English). A sentence made only of these (and emoji, punctuation) is filler.
 * «да» and «нет» are not here: they answer a question, which the operator still has to read.
 */
const fillerWords = new Set([
  'здравствуйте',
  'здравствуй',
  'здрасте',
  'здрасьте',
  'привет',
  'алло',
  'ау',
  'приветствую',
  'добрый',
  'доброе',
  'доброй',
  'день',
  'вечер',
  'утро',
  'ночи',
  'спасибо',
  'спс',
  'благодарю',
  'благодарим',
  'большое',
  'огромное',
  'вам',
  'тебе',
  'за',
  'помощь',
  'ответ',
  'ответа',
  'жду',
  'ждем',
  'подожду',
  'ок',
  'окей',
  'оке',
  'хорошо',
  'понятно',
  'ясно',
  'понял',
  'поняла',
  'принято',
  'отлично',
  'супер',
  'угу',
  'ага',
  'ладно',
  'пожалуйста',
  'всего',
  'доброго',
  'хорошего',
  'до',
  'свидания',
  'уважаемый',
  'уважаемая',
  'уважаемые',
  'hello',
  'hi',
  'hey',
  'thanks',
  'thank',
  'you',
  'so',
  'much',
  'very',
  'good',
  'morning',
  'afternoon',
  'evening',
  'ok',
  'okay',
  'great',
  'fine',
  'sure',
  'cheers',
  'bye',
  'please',
  'dear',
  'for',
  'the',
  'help',
]);

/** Emoji and their joiners, and the bracket smileys of Russian chats: «)))». */
const decoration = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[()]{2,}|[:;]-?[()DP]/gu;

/** The words of a text, lower case, «ё» as «е», without emoji and punctuation («что-то», «can't» stay one word). */
export function wordsOf(text: string): string[] {
  return text
    .replace(decoration, ' ')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replaceAll('’', "'")
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''))
    .filter((w) => w.length > 0);
}

/**
 * Is this sentence only a greeting, thanks, an acknowledgement or emoji?
 * @example isFiller('Добрый день!') // → true
 * @example isFiller('Спасибо, ок 👍') // → true
 * @example isFiller('Добрый день, не работает интернет') // → false
 */
export function isFiller(sentence: string): boolean {
  return wordsOf(sentence).every((w) => fillerWords.has(w));
}

/** Greetings and thanks a sentence may open with before its point: «Добрый день, подскажите…». */
const leadingFiller =
  /^(?:\s*(?:здравствуйте|здравствуй|здрасьте|привет|приветствую|добр(?:ый|ое|ой)\s+(?:день|вечер|утро|ночи)|спасибо(?:\s+(?:большое|вам))?|благодарю|ок|окей|хорошо|понятно|ясно|hello|hi|hey|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|ok|okay)(?![\p{L}\p{N}])[\s,!.:;—–-]*)+/iu;

/**
 * The sentence without the greeting or thanks it opens with, first letter upper-cased, for quoting.
 * @example stripGreeting('Добрый день, подскажите, как подключить роуминг?') // → 'Подскажите, как подключить роуминг?'
 */
export function stripGreeting(sentence: string): string {
  const rest = sentence.replace(leadingFiller, '').trim();
  if (rest.length === 0) return sentence.trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
