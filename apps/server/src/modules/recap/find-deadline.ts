/** A deadline an operator gave, as written, and how long it is when it is a duration. */
export interface Deadline {
  /** The words as written: «в течение 24 часов», «до конца дня», «by Friday». */
  phrase: string;
  /**
   * A duration from the message's time, when the phrase is one («в течение 3 рабочих дней», «within an
   * hour»); null for dates, times of day and vague phrases, whose time zone or meaning the text does not give.
   */
  duration: { amount: number; unit: 'minute' | 'hour' | 'day' | 'business_day' | 'week' } | null;
  /**
   * A firm deadline makes a sentence a promise on its own («Деньги вернутся в течение 3 дней»); a vague one
   * («сегодня», «tomorrow», «в ближайшее время») only dates a promise found by its verb.
   */
  firm: boolean;
}

const ruNumbers: Record<string, number> = {
  одного: 1,
  одной: 1,
  один: 1,
  одну: 1,
  двух: 2,
  два: 2,
  две: 2,
  пары: 2,
  пару: 2,
  трех: 3,
  трёх: 3,
  три: 3,
  четырех: 4,
  четырёх: 4,
  четыре: 4,
  пяти: 5,
  пять: 5,
  шести: 6,
  семи: 7,
  десяти: 10,
  полутора: 1.5,
};
const enNumbers: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  ten: 10,
};

const ruNumber = `\\d+(?:[.,]\\d+)?|${Object.keys(ruNumbers).join('|')}|нескольких|несколько`;
const enNumber = `\\d+(?:\\.\\d+)?|${Object.keys(enNumbers).join('|')}|a\\s+few|few|several`;
const ruUnit = 'минут\\p{L}*|час(?:а|ов)?|сут(?:ок|ки)|дн(?:я|ей)|день|недел\\p{L}*|месяц\\p{L}*';
const ruDays = 'понедельник[ау]?|вторник[ау]?|сред[аыу]|четверг[ау]?|пятниц[аыу]|суббот[аыу]|воскресень[еяю]';
const ruMonths = 'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';
const enDays = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';

/** A pattern of the language's word boundaries (`\b` knows no Cyrillic). */
const phrase = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'iu');

interface Pattern {
  re: RegExp;
  firm: boolean;
  /** Reads the duration out of the match (groups: number, business, unit). */
  duration?: (m: RegExpExecArray) => Deadline['duration'];
}

function unitOf(word: string, business: boolean): NonNullable<Deadline['duration']>['unit'] {
  const w = word.toLowerCase();
  if (w.startsWith('мин') || w.startsWith('minute')) return 'minute';
  if (w.startsWith('час') || w.startsWith('hour')) return 'hour';
  if (w.startsWith('недел') || w.startsWith('week')) return 'week';
  return business ? 'business_day' : 'day';
}

function amountOf(word: string | undefined, words: Record<string, number>): number | null {
  if (word === undefined) return 1; // «в течение часа», «within the hour»
  const w = word.toLowerCase().replaceAll('ё', 'е').replace(',', '.');
  const n = /^\d/.test(w) ? Number(w) : words[w];
  return n === undefined || !Number.isFinite(n) || n <= 0 ? null : n;
}

function durationOf(words: Record<string, number>) {
  return (m: RegExpExecArray): Deadline['duration'] => {
    const unit = m.groups?.unit ?? '';
    // «сутки» are a day; «месяц» has no fixed length: no duration.
    if (/^месяц|^month/iu.test(unit)) return null;
    const amount = amountOf(m.groups?.n, words);
    if (amount === null) return null;
    return { amount, unit: /^сут/iu.test(unit) ? 'day' : unitOf(unit, m.groups?.biz !== undefined) };
  };
}

/** Most specific first: the first pattern that matches names the deadline. */
const patterns: Pattern[] = [
  { re: phrase('(?:сегодня|завтра|послезавтра)\\s+(?:до|к)\\s+\\d{1,2}[:.]\\d{2}'), firm: true },
  {
    re: phrase(
      `в\\s+течени[еи]\\s+(?:ближайш\\p{L}*\\s+)?(?:(?<n>${ruNumber})\\s+)?(?:(?<biz>рабоч\\p{L}*)\\s+)?(?<unit>${ruUnit})`,
    ),
    firm: true,
    duration: durationOf(ruNumbers),
  },
  { re: phrase(`в\\s+течени[еи]\\s+(?:сегодняшнего|текущего)\\s+(?:рабочего\\s+)?дня`), firm: true },
  {
    re: phrase(`через\\s+(?:(?<n>${ruNumber})\\s+)?(?:(?<biz>рабоч\\p{L}*)\\s+)?(?<unit>${ruUnit})`),
    firm: true,
    duration: durationOf(ruNumbers),
  },
  { re: phrase('через\\s+полчаса'), firm: true, duration: () => ({ amount: 30, unit: 'minute' }) },
  { re: phrase('до\\s+конца\\s+(?:рабочего\\s+)?(?:дня|недели|месяца|суток)'), firm: true },
  { re: phrase(`(?:до|к|не\\s+позднее)\\s+\\d{1,2}[:.]\\d{2}`), firm: true },
  { re: phrase(`(?:до|к)\\s+\\d{1,2}\\s+час\\p{L}*`), firm: true },
  {
    re: phrase(`(?:до|к|не\\s+позднее)\\s+\\d{1,2}(?:\\s+(?:${ruMonths})|[./]\\d{1,2}(?:[./]\\d{2,4})?)`),
    firm: true,
  },
  { re: phrase(`(?:до|к)\\s+(?:${ruDays})`), firm: true },
  {
    re: phrase(
      `within\\s+(?:the\\s+next\\s+)?(?:(?<n>${enNumber})\\s+)?(?:(?<biz>business|working)\\s+)?(?<unit>minutes?|hours?|days?|weeks?)`,
    ),
    firm: true,
    duration: durationOf(enNumbers),
  },
  {
    re: phrase(
      `in\\s+(?:the\\s+next\\s+)?(?<n>${enNumber})\\s+(?:(?<biz>business|working)\\s+)?(?<unit>minutes?|hours?|days?|weeks?)`,
    ),
    firm: true,
    duration: durationOf(enNumbers),
  },
  {
    re: phrase(
      `by\\s+(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?(?:business\\s+|working\\s+)?(?:day|week|month)|by\\s+eod|by\\s+(?:${enDays}|tomorrow|tonight|noon)|by\\s+\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)?`,
    ),
    firm: true,
  },
  {
    re: phrase(
      `сегодня(?:\\s+(?:до\\s+вечера|вечером|днем|днём))?|завтра(?:\\s+(?:утром|днем|днём|вечером|до\\s+обеда))?|послезавтра|в\\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|в\\s+ближайшее\\s+время|на\\s+(?:этой|следующей)\\s+неделе|как\\s+можно\\s+скорее`,
    ),
    firm: false,
  },
  {
    re: phrase(
      `later\\s+today|today|tomorrow(?:\\s+(?:morning|afternoon|evening))?|on\\s+(?:${enDays})|this\\s+week|next\\s+week|as\\s+soon\\s+as\\s+possible|asap|shortly`,
    ),
    firm: false,
  },
];

/**
 * The deadline in an operator's sentence, if it gives one.
 * @example findDeadline('Ответим в течение 24 часов.') // → { phrase: 'в течение 24 часов', duration: { amount: 24, unit: 'hour' }, firm: true }
 * @example findDeadline('Перезвоним завтра утром') // → { phrase: 'завтра утром', duration: null, firm: false }
 */
export function findDeadline(sentence: string): Deadline | null {
  for (const pattern of patterns) {
    const m = pattern.re.exec(sentence);
    if (m) return { phrase: m[0], duration: pattern.duration?.(m) ?? null, firm: pattern.firm };
  }
  return null;
}

const unitMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

/**
 * When a duration that starts at `from` runs out. Business days skip Saturdays and Sundays (UTC: the text
 * gives no time zone); a fraction of a business day counts as a whole one.
 */
export function addDuration(from: Date, duration: NonNullable<Deadline['duration']>): Date {
  if (duration.unit !== 'business_day')
    return new Date(from.getTime() + duration.amount * unitMs[duration.unit]);
  const due = new Date(from.getTime());
  for (let left = Math.ceil(duration.amount); left > 0;) {
    due.setUTCDate(due.getUTCDate() + 1);
    const weekday = due.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return due;
}
