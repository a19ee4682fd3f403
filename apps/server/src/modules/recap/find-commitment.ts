import type { CommitmentKind } from '@frontline/shared';
import { findDeadline, type Deadline } from './find-deadline.ts';
import { isQuestion } from './is-question.ts';

/** A pattern of the language's word boundaries (`\b` knows no Cyrillic); «ё» is matched by `[её]`. */
const words = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'iu');

/**
 * The promises operators make, by kind, Russian and English. First person or «we», future or just done
 * («передал специалистам» promises their answer), never the customer's imperative («перезвоните»).
 */
const promises: ReadonlyArray<{ kind: Exclude<CommitmentKind, 'deadline'>; re: RegExp }> = [
  {
    kind: 'callback',
    re: words(
      'перезвон(?:им|ю|ят|ит|[её]м)|позвон(?:им|ю|ят|ит)|набер(?:у|[её]м|ут)|свяж(?:емся|усь|ется|утся)|' +
        "call\\s+you(?:\\s+back)?|give\\s+you\\s+a\\s+(?:call|ring)|(?:will|'ll)\\s+(?:ring|phone)\\s+you",
    ),
  },
  {
    kind: 'escalation',
    re: words(
      'переда(?:м|дим|дут|л|ла|ли)|передан[аоы]?|эскалир\\p{L}*|' +
        '(?:оформил|оформила|оформили|создал|создала|создали|зарегистрировал|зарегистрировала|зарегистрировали)\\s+(?:заявку|обращение|запрос|тикет)|' +
        'заявк[аи]\\s+(?:оформлен[аы]|создан[аы]|зарегистрирован[аы])|' +
        'escalat\\w*|passed\\s+(?:it|this|your\\s+\\w+)\\s+(?:on\\s+)?to|forward(?:ed)?\\s+(?:it|this|your\\s+\\w+)\\s+to|' +
        '(?:raised|opened|created|logged)\\s+a\\s+(?:ticket|request)',
    ),
  },
  {
    kind: 'follow_up',
    re: words(
      'уточн(?:ю|им)|провер(?:ю|им)|отпиш(?:усь|емся|ется|утся)|напиш(?:у|ем)|сообщ(?:у|им|ат)|' +
        'дам\\s+знать|дадим\\s+знать|верн(?:усь|[её]мся)\\s+(?:с\\s+ответом|к\\s+вам)|ответ(?:им|ят)|' +
        'будем\\s+держать\\s+в\\s+курсе|буду\\s+держать\\s+в\\s+курсе|' +
        'get\\s+back\\s+to\\s+you|let\\s+you\\s+know|follow\\s+up|keep\\s+you\\s+(?:posted|updated|informed)|update\\s+you|' +
        "(?:will|'ll)\\s+(?:check|look\\s+into|find\\s+out|reply|respond|write)",
    ),
  },
];

/** «Давайте проверим…» invites the customer to check together: an instruction, not a promise. */
const together = words("давайте|let's");

/** «Ожидайте», «минутку», «ещё проверяю»: the operator holds the line, which answers nothing yet. */
const holding = words(
  'ожидайте|подождите|минут(?:ку|очку)|одну\\s+минуту|секунд(?:у|очку)|(?:ещ[её]|пока)\\s+(?:провер|уточн|смотр)\\p{L}*|' +
    'работа(?:ю|ем)\\s+над|в\\s+работе|на\\s+рассмотрении|please\\s+wait|bear\\s+with\\s+(?:me|us)|one\\s+moment|' +
    'just\\s+a\\s+(?:moment|minute|sec(?:ond)?)|still\\s+(?:checking|looking)|working\\s+on\\s+it',
);

/** Does this sentence only ask the customer to wait («Ожидайте, пожалуйста», «One moment»)? */
export function isHolding(sentence: string): boolean {
  return holding.test(sentence);
}

/** A promise found in one sentence of an operator's reply. */
export interface FoundCommitment {
  kind: CommitmentKind;
  deadline: Deadline | null;
}

/**
 * The promise this operator sentence makes, if any: a promise verb («перезвоним», «уточню и напишу»,
 * «передам специалистам», «we'll get back to you»), or a firm deadline on its own («Деньги вернутся в течение
 * 3 рабочих дней»). A question («Вам перезвонить?») offers and promises nothing.
 * @example findCommitment('Проверю и отпишусь до конца дня.') // → { kind: 'follow_up', deadline: { phrase: 'до конца дня', … } }
 */
export function findCommitment(sentence: string): FoundCommitment | null {
  if (isQuestion(sentence)) return null;
  const deadline = findDeadline(sentence);
  const promise = promises.find((p) => p.re.test(sentence));
  if (promise && !(promise.kind === 'follow_up' && together.test(sentence))) {
    return { kind: promise.kind, deadline };
  }
  return deadline?.firm ? { kind: 'deadline', deadline } : null;
}
