import { describe, expect, it } from 'vitest';
import { primaryLanguage } from '../src/lib/primary-language.ts';

describe('primaryLanguage', () => {
  it('takes the primary subtag of the tags providers send, lower-cased', () => {
    expect(primaryLanguage('en')).toBe('en');
    expect(primaryLanguage('en-GB')).toBe('en');
    expect(primaryLanguage('pt_BR')).toBe('pt');
    expect(primaryLanguage('RU')).toBe('ru');
    expect(primaryLanguage('zh-Hant-TW')).toBe('zh');
    expect(primaryLanguage(' uk ')).toBe('uk');
  });

  it('is null for what is not a language tag', () => {
    for (const bad of [null, undefined, '', '-', 'e', 'english language', 'en--GB', '12', 'ru-'])
      expect(primaryLanguage(bad)).toBeNull();
  });
});
