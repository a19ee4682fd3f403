import { searchQueryMaxLength } from '@frontline/shared';
import { equivalentPhones } from '../../lib/equivalent-phones.ts';
import { AppError } from '../../lib/errors.ts';
import { normalizePhone, type PhoneRegion } from '../../lib/normalize-phone.ts';
import { searchWords } from './search-words.ts';

/** What one search text can mean; each group of results reads the parts it can use. */
export interface ParsedSearchQuery {
  /** The text as typed, trimmed. */
  text: string;
  /** The distinct search terms of the text (stemmed), for the message index. */
  terms: string[];
  /** `#123` or `123`: a case number. */
  caseId: number | null;
  /** A phone in any spelling: its E.164 form and the other spellings of the same number. */
  phones: string[];
  /** An e-mail address, lower-cased. */
  email: string | null;
}

const caseNumber = /^#?\s*(\d{1,15})$/;
const phoneLike = /^\+?[\d\s().-]{5,}$/;
const emailLike = /^[^\s@]+@[^\s@]+$/;

/**
 * Reads a search text: blank, too long, or without a single letter or digit is 400
 * `SEARCH_QUERY_INVALID`. Phones go through the one normaliser (`lib/normalize-phone.ts`) in the
 * deployment's region, so `8 (927) 123-45-67`, `+79271234567` and `89271234567` are the same number.
 *
 * @example parseSearchQuery('#12', 'RU').caseId // 12
 * @example parseSearchQuery('8 (927) 123-45-67', 'RU').phones // ['+79271234567']
 */
export function parseSearchQuery(raw: string, region: PhoneRegion): ParsedSearchQuery {
  const text = raw.trim();
  if (text === '') throw invalid('the search text is empty');
  if (text.length > searchQueryMaxLength) {
    throw invalid(`the search text is longer than ${searchQueryMaxLength} characters`);
  }
  const terms = [...new Set(searchWords(text).map((w) => w.term))];
  if (terms.length === 0) throw invalid('the search text has no letter or digit to look for');
  const id = caseNumber.exec(text)?.[1];
  const caseId = id !== undefined && Number.isSafeInteger(Number(id)) && Number(id) > 0 ? Number(id) : null;
  return {
    text,
    terms,
    caseId,
    phones: phonesOf(text, region),
    email: emailLike.test(text) ? text.toLowerCase() : null,
  };
}

function phonesOf(text: string, region: PhoneRegion): string[] {
  if (!phoneLike.test(text)) return [];
  const phone = normalizePhone(text, { region });
  return phone === null ? [] : [phone, ...equivalentPhones(phone)];
}

function invalid(message: string): AppError {
  return new AppError('SEARCH_QUERY_INVALID', message);
}
