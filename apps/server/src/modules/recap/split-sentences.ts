/**
 * Abbreviations whose dot does not end a sentence (lower case, without the dot): «т.е.», «руб.», «ул.», «e.g.».
 * Only what support conversations use; a wrong split costs little (the recap quotes one sentence less).
 */
const abbreviations = new Set([
  'т.е',
  'т.к',
  'т.д',
  'т.п',
  'т.н',
  'д',
  'г',
  'ул',
  'кв',
  'руб',
  'коп',
  'тел',
  'см',
  'мин',
  'сек',
  'тыс',
  'млн',
  'пр',
  'др',
  'e.g',
  'i.e',
  'etc',
  'mr',
  'mrs',
  'dr',
  'no',
  'vs',
]);

/** What ends a sentence: runs of `.`, `!`, `?`, `…` followed by white space. */
const boundary = /[.!?…]+(?=\s)/gu;

/**
 * Splits a message into sentences: at line breaks, and after `.`, `!`, `?` or `…` followed by white space,
 * except after a known abbreviation. Each sentence keeps its closing punctuation; empty ones are dropped.
 * @example splitSentences('Добрый день! Не работает интернет.\nЧто делать?') // → ['Добрый день!', 'Не работает интернет.', 'Что делать?']
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n+/u)) {
    let start = 0;
    for (const match of line.matchAll(boundary)) {
      const end = match.index + match[0].length;
      const before = /([\p{L}.]+)$/u.exec(line.slice(start, match.index))?.[1]?.toLowerCase() ?? '';
      if (match[0] === '.' && abbreviations.has(before)) continue;
      sentences.push(line.slice(start, end));
      start = end;
    }
    sentences.push(line.slice(start));
  }
  return sentences.map((s) => s.trim()).filter((s) => s.length > 0);
}
