import type { SearchSnippet } from '@frontline/shared';
import { searchWords } from './search-words.ts';

/** How much text a snippet shows around its first match. */
const snippetLength = 160;
const leadIn = 40;

/**
 * A snippet of `text` with every word whose search term is one of `terms` highlighted: the first match with
 * some text before it, cut at word boundaries, `…` where text was left out. Without a match (the index
 * stemmed a word differently, or the text matched on another field) it is the start of the text.
 *
 * @example buildSnippet('Я оплатил заказ', ['оплат']) // {text:'Я оплатил заказ', highlights:[{start:2,end:9}]}
 */
export function buildSnippet(text: string, terms: readonly string[]): SearchSnippet {
  const wanted = new Set(terms);
  const words = searchWords(text);
  const matches = words.filter((w) => wanted.has(w.term));
  const first = matches[0];
  let from = 0;
  if (first && first.start > leadIn) {
    const before = words.find((w) => w.end >= first.start - leadIn);
    from = before ? before.start : first.start;
  }
  let to = Math.min(text.length, from + snippetLength);
  if (to < text.length) {
    const last = words.filter((w) => w.end <= to).at(-1);
    if (last && last.end > from) to = last.end;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const shift = prefix.length - from;
  return {
    text: `${prefix}${text.slice(from, to)}${suffix}`,
    highlights: matches
      .filter((w) => w.start >= from && w.end <= to)
      .map((w) => ({ start: w.start + shift, end: w.end + shift })),
  };
}

/** A snippet of a field that matched as a whole or in part (a name, a phone, an e-mail): `part` highlighted. */
export function fieldSnippet(value: string, part: string): SearchSnippet {
  const at = value.toLowerCase().indexOf(part.toLowerCase());
  if (at < 0 || part === '') return { text: value, highlights: [] };
  return { text: value, highlights: [{ start: at, end: at + part.length }] };
}
