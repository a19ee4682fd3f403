/**
 * Message texts for the search benchmark: Russian support-chat vocabulary drawn with a Zipf-like
 * distribution (the word of rank r about 1/r as often as the first), so some words are in most messages and
 * some in a few hundred of a million. Real lemmas are inflected (different endings per use), and a few real
 * words sit deep in the tail to be the rare terms; synthetic words fill the rest of the tail.
 */

/** Common words, most frequent first, each with endings it is used with. */
const head: Array<[string, string[]]> = [
  ['заказ', ['', 'а', 'у', 'ом', 'ы', 'ов']],
  ['здравствуйте', ['']],
  ['пожалуйста', ['']],
  ['оплат', ['а', 'у', 'ы', 'ой', 'ил', 'ила', 'ить', 'ите']],
  ['доставк', ['а', 'у', 'и', 'ой']],
  ['номер', ['', 'а', 'у', 'ом']],
  ['интернет', ['', 'а', 'ом']],
  ['карт', ['а', 'у', 'ы', 'ой']],
  ['деньг', ['и', 'ами']],
  ['подскажите', ['']],
  ['вопрос', ['', 'а', 'ы', 'ом']],
  ['работа', ['ет', 'ют', 'ть', 'л']],
  ['спасибо', ['']],
  ['тариф', ['', 'а', 'у', 'ом', 'ы']],
  ['счёт', ['', 'а', 'у', 'ом']],
  ['телефон', ['', 'а', 'у', 'ом']],
  ['сегодня', ['']],
  ['вчера', ['']],
  ['проблем', ['а', 'у', 'ы', 'ой']],
  ['возврат', ['', 'а', 'у', 'ом']],
  ['приложени', ['е', 'я', 'ю', 'ем']],
  ['баланс', ['', 'а', 'у', 'ом']],
  ['подключ', ['ить', 'ил', 'ите', 'ение']],
  ['отключ', ['ить', 'ил', 'ите', 'ение']],
  ['ошибк', ['а', 'у', 'и', 'ой']],
  ['курьер', ['', 'а', 'у', 'ом']],
  ['адрес', ['', 'а', 'у', 'ом']],
  ['сообщени', ['е', 'я', 'ю', 'ем']],
  ['платёж', ['', 'а', 'у', 'ом']],
  ['магазин', ['', 'а', 'е', 'ом']],
  ['срочно', ['']],
  ['помогите', ['']],
  ['клиент', ['', 'а', 'у', 'ом']],
  ['договор', ['', 'а', 'у', 'ом']],
  ['пароль', ['', 'я', 'ю']],
  ['вход', ['', 'а', 'у', 'ом']],
  ['скидк', ['а', 'у', 'и', 'ой']],
  ['бонус', ['', 'а', 'ы', 'ов']],
  ['роуминг', ['', 'а', 'е']],
  ['перевод', ['', 'а', 'у', 'ом']],
];

/** Real words placed deep in the tail: the rare terms the benchmark searches for. */
const rare: Record<number, [string, string[]]> = {
  3000: ['неустойк', ['а', 'у', 'и', 'ой']],
  20000: ['рекламаци', ['я', 'ю', 'и', 'ей']],
};

const syllables = [
  'ка',
  'ро',
  'ли',
  'ва',
  'не',
  'то',
  'му',
  'за',
  'пе',
  'ди',
  'со',
  'бу',
  'ге',
  'ры',
  'шо',
  'фа',
];
const filler = ['и', 'в', 'не', 'на', 'что', 'я', 'с', 'по', 'уже', 'мой', 'как', 'где', 'когда', 'почему'];

/** The inflected forms of the rank-`r` word (1-based). */
function formsOf(rank: number): string[] {
  const known = head[rank - 1] ?? rare[rank];
  if (known) return known[1].map((ending) => known[0] + ending);
  // A synthetic word: the rank spelled in syllables (base 16), with a few endings.
  let n = rank;
  let stem = '';
  while (n > 0) {
    stem += syllables[n % 16] ?? '';
    n = Math.floor(n / 16);
  }
  return [`${stem}м`, `${stem}ма`, `${stem}мы`];
}

/** A deterministic pseudo-random generator (the corpus is the same in every run). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** Draws ranks 1…`size` with probability ∝ 1/rank (inverse CDF over a precomputed table). */
function zipf(size: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let sum = 0;
  for (let r = 1; r <= size; r++) cumulative[r - 1] = sum += 1 / r;
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** Terms to search for: a common one (in most messages), a rare one and a rarer one, as a person types them. */
export const searchTerms = { common: 'заказа', rare: 'неустойку', rarer: 'рекламацию' };

/** `count` message texts of 6–15 words: vocabulary words by Zipf rank with short function words between. */
export function* messageTexts(count: number, vocabulary = 50_000, seed = 42): Generator<string, void> {
  const random = createRandom(seed);
  const rank = zipf(vocabulary, random);
  for (let i = 0; i < count; i++) {
    const words: string[] = [];
    const length = 6 + Math.floor(random() * 10);
    for (let w = 0; w < length; w++) {
      if (random() < 0.3) {
        words.push(filler[Math.floor(random() * filler.length)] ?? 'и');
        continue;
      }
      const forms = formsOf(rank());
      words.push(forms[Math.floor(random() * forms.length)] ?? '');
    }
    const text = words.join(' ');
    yield `${text.charAt(0).toUpperCase()}${text.slice(1)}${random() < 0.3 ? '?' : '.'}`;
  }
}
