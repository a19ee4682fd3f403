import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';

/** A word of a text, where it stands (`[start, end)` in UTF-16 units) and its search term. */
export interface SearchWord {
  start: number;
  end: number;
  term: string;
}

/** Longer runs of letters are not words anyone searches for (hashes, base64, URLs' tails). */
const maxWordLength = 40;
const wordPattern = /[\p{L}\p{N}]+/gu;
const cyrillic = /\p{Script=Cyrillic}/u;
const latin = /\p{Script=Latin}/u;

/**
 * The search term of one word: lower case, `ё` as `е`, then the Snowball stem of its language — Russian for a
 * word with Cyrillic letters, English for a Latin one; digits and other scripts stay as they are. So
 * «оплатить», «оплатил» and «оплата» all become `оплат`, and "paying" and "pay" become `pai`.
 *
 * @example termOf('Оплатил') // 'оплат'
 */
export function termOf(word: string): string {
  let term = knownTerms.get(word);
  if (term === undefined) {
    const lower = word.toLowerCase().replaceAll('ё', 'е');
    term = cyrillic.test(lower) ? stemRussian(lower) : latin.test(lower) ? stemEnglish(lower) : lower;
    if (knownTerms.size >= maxKnownTerms) knownTerms.clear();
    knownTerms.set(word, term);
  }
  return term;
}

/**
 * Words seen lately and their terms. Word use is Zipf-like (a few thousand words make most of any text), so
 * most words of a message are here and the indexer skips their stemming, its main cost.
 */
const knownTerms = new Map<string, string>();
const maxKnownTerms = 100_000;

/**
 * The words of `text` with their terms, in order: what the SQLite index stores (the terms) and what
 * snippets highlight (the offsets). The same function reads the query, so both sides stem alike.
 *
 * @example searchWords('Оплатил заказ') // [{start:0,end:7,term:'оплат'}, {start:8,end:13,term:'заказ'}]
 */
export function searchWords(text: string): SearchWord[] {
  const words: SearchWord[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const word = match[0];
    if (word.length > maxWordLength) continue;
    words.push({ start: match.index, end: match.index + word.length, term: termOf(word) });
  }
  return words;
}

/** The distinct terms of `text`, space-separated: the row the SQLite index stores for a message. */
export function indexedTerms(text: string): string {
  return [...new Set(searchWords(text).map((w) => w.term))].join(' ');
}
