import { describe, expect, it } from 'vitest';
import { OutOfHoursNotice } from '../src/out-of-hours-notice.tsx';
import { formatOpening, getHoursStrings } from '../src/strings-hours.ts';

/** The text a rendered element holds (children flattened). */
function textOf(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  return textOf((node as { props?: { children?: unknown } }).props?.children);
}

describe('the out-of-hours notice', () => {
  it('says the chat is closed and when it opens, in Russian and English', () => {
    for (const locale of ['ru', 'en'] as const) {
      const t = getHoursStrings(locale);
      const now = Date.parse('2026-12-12T12:00:00.000Z');
      const text = textOf(OutOfHoursNotice({ opensAt: '2026-12-14T06:00:00.000Z', locale, now }));
      expect(text).toContain(t.closed);
      expect(text).toContain(t.opensAt(formatOpening('2026-12-14T06:00:00.000Z', locale)));
      expect(textOf(OutOfHoursNotice({ opensAt: null, locale }))).toBe(t.closed);
    }
    expect(getHoursStrings('ru').closed).not.toBe(getHoursStrings('en').closed);
  });

  it('is gone once the opening has passed', () => {
    const opensAt = '2026-12-14T06:00:00.000Z';
    const before = Date.parse(opensAt) - 1;
    expect(textOf(OutOfHoursNotice({ opensAt, locale: 'en', now: before }))).not.toBe('');
    expect(OutOfHoursNotice({ opensAt, locale: 'en', now: Date.parse(opensAt) })).toBeNull();
  });

  it('shows the opening in the given zone', () => {
    const at = '2026-12-14T06:00:00.000Z';
    expect(formatOpening(at, 'en', 'Europe/Moscow')).toMatch(/Mon.*14.*Dec.*09:00/);
    expect(formatOpening(at, 'ru', 'Europe/Moscow')).toMatch(/пн.*14.*дек.*09:00/);
    expect(formatOpening(at, 'en', 'Europe/Berlin')).toMatch(/07:00/);
  });
});
