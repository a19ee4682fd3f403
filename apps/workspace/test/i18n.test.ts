import { errorCatalogue } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import { dictionaries, isMessageKey, translate, type MessageKey } from '../src/i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionaries', () => {
  const en = Object.keys(dictionaries.en).sort();
  const ru = Object.keys(dictionaries.ru).sort();

  it('has every key in both Russian and English', () => {
    expect(ru).toEqual(en);
  });

  it('has no empty strings and the same placeholders in both languages', () => {
    for (const key of en as MessageKey[]) {
      expect(dictionaries.en[key].trim(), key).not.toBe('');
      expect(dictionaries.ru[key].trim(), key).not.toBe('');
      expect(placeholders(dictionaries.ru[key]), key).toEqual(placeholders(dictionaries.en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('ru', 'case.title', { id: 42 })).toBe('Обращение №42');
    expect(translate('en', 'case.title', { id: 42 })).toBe('Case #42');
    expect(translate('en', 'case.title')).toBe('Case #{id}');
  });

  it('has a Russian and an English text for every error code of the server catalogue', () => {
    const missing = Object.keys(errorCatalogue).flatMap((code) => {
      const key = `error.${code}`;
      if (!isMessageKey(key)) return [`${code} (en, ru)`];
      return (['en', 'ru'] as const)
        .filter((locale) => (dictionaries[locale][key] ?? '').trim() === '')
        .map((locale) => `${code} (${locale})`);
    });
    expect(missing).toEqual([]);
    expect(translate('ru', 'error.REPLY_WINDOW_CLOSED')).toMatch(/Окно ответа/);
  });

  it('knows the server auth error codes', () => {
    expect(isMessageKey('error.AUTH_INVALID_CREDENTIALS')).toBe(true);
    expect(isMessageKey('error.AUTH_RATE_LIMITED')).toBe(true);
    expect(isMessageKey('error.NOPE')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });
});
