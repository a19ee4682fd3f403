import { describe, expect, it } from 'vitest';
import { buildRecap } from '../src/modules/recap/build-recap.ts';
import { findCommitment } from '../src/modules/recap/find-commitment.ts';
import { addDuration, findDeadline } from '../src/modules/recap/find-deadline.ts';
import { isFiller, stripGreeting } from '../src/modules/recap/greetings.ts';
import { isQuestion } from '../src/modules/recap/is-question.ts';
import { splitSentences } from '../src/modules/recap/split-sentences.ts';
import { conversation, customer, minutesIn, operator } from './support/conversation.ts';

describe('the recap of English support conversations', () => {
  it('roaming abroad: escalated with a deadline of 24 hours', () => {
    const recap = buildRecap(
      conversation([
        customer('Hi! My roaming data stopped working in Spain. What should I do?'),
        operator(
          "Thanks for waiting. I've escalated this to our network team, we'll get back to you within 24 hours.",
        ),
      ]),
    );
    expect(recap.firstQuestion?.text).toBe('My roaming data stopped working in Spain. What should I do?');
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.commitments).toMatchObject([
      { kind: 'escalation', deadline: 'within 24 hours', dueAt: minutesIn(24 * 60 + 1) },
    ]);
  });

  it('a double charge: «by Friday» promised, the customer asks for an update', () => {
    const recap = buildRecap(
      conversation([
        customer('Can I get a refund for the double charge on my bill?'),
        operator("I'll check with billing and let you know by Friday."),
        customer('Any update?', { at: 3 * 24 * 60 }),
      ]),
    );
    expect(recap.commitments).toMatchObject([
      { kind: 'follow_up', deadline: 'by Friday', fulfilledByMessageId: null },
    ]);
    expect(recap.latestUnanswered).toMatchObject({ messageId: 3, text: 'Any update?', question: true });
    expect(recap.openItems.map((i) => i.kind)).toEqual(['commitment', 'question']);
  });

  it('a callback promise fulfilled by the next reply', () => {
    const recap = buildRecap(
      conversation([
        customer("My SIM card doesn't work after the swap."),
        operator("I'll call you back tomorrow morning."),
        operator('As promised: the new SIM card is active now, please restart your phone.', { at: 24 * 60 }),
      ]),
    );
    expect(recap.commitments).toMatchObject([
      { kind: 'callback', deadline: 'tomorrow morning', fulfilledByMessageId: 3 },
    ]);
    expect(recap.topic).toBe("My SIM card doesn't work after the swap.");
    expect(recap.firstQuestion).toBeNull();
  });
});

describe('the recap rules, one by one', () => {
  it('splits sentences at line breaks and end marks, not after abbreviations or inside numbers', () => {
    expect(splitSentences('Добрый день! Списали 3.5 руб. за SMS, т.е. дважды.\nПочему?')).toEqual([
      'Добрый день!',
      'Списали 3.5 руб. за SMS, т.е. дважды.',
      'Почему?',
    ]);
    expect(splitSentences('  \n\n')).toEqual([]);
  });

  it('knows greetings, thanks and emoji from substance, and strips a leading greeting for quoting', () => {
    for (const filler of [
      'Здравствуйте',
      'Добрый день!',
      'Спасибо, ок 👍',
      'ОК',
      'Thank you so much!',
      ')))',
      'Алло?',
    ])
      expect(isFiller(filler), filler).toBe(true);
    for (const substance of ['Да', 'Нет, не помогло', 'Добрый день, не работает интернет', '8 800 555-35-35'])
      expect(isFiller(substance), substance).toBe(false);
    expect(stripGreeting('Добрый день, подскажите, как подключить роуминг?')).toBe(
      'Подскажите, как подключить роуминг?',
    );
    expect(stripGreeting('Спасибо!')).toBe('Спасибо!');
  });

  it('detects questions by «?», interrogatives, «ли» and asking phrases', () => {
    for (const question of [
      'Почему списали деньги',
      'Сколько стоит перенос номера',
      'Подскажите тариф для планшета',
      'Хотела узнать, будет ли списание за март',
      'А что делать, если модем не видит сеть',
      'Можно ли вернуть деньги за подписку',
      'What is my balance',
      'Интернет работает?',
    ])
      expect(isQuestion(question), question).toBe(true);
    for (const statement of [
      'Когда я звоню, идут гудки.',
      'Что-то сломалось в приложении',
      'Интернет не работает с утра.',
      "Can't connect to the internet",
    ])
      expect(isQuestion(statement), statement).toBe(false);
  });

  it('reads deadlines as written, with a duration when there is one', () => {
    expect(findDeadline('Ответим в течение 24 часов.')).toEqual({
      phrase: 'в течение 24 часов',
      duration: { amount: 24, unit: 'hour' },
      firm: true,
    });
    expect(findDeadline('Вернём в течение суток')?.duration).toEqual({ amount: 1, unit: 'day' });
    expect(findDeadline('Перезвоню через полчаса')?.duration).toEqual({ amount: 30, unit: 'minute' });
    expect(findDeadline('в течение нескольких дней')).toMatchObject({ duration: null, firm: true });
    expect(findDeadline('Сделаем до 15 марта')).toMatchObject({ phrase: 'до 15 марта', duration: null });
    expect(findDeadline('Напишу сегодня вечером')).toMatchObject({ phrase: 'сегодня вечером', firm: false });
    expect(findDeadline('within the next 2 working days')?.duration).toEqual({
      amount: 2,
      unit: 'business_day',
    });
    expect(findDeadline('by end of day')).toMatchObject({ firm: true, duration: null });
    expect(findDeadline('Связь есть')).toBeNull();
  });

  it('counts business days without the weekend', () => {
    // Friday 6 March 2026 + 1 business day → Monday 9 March.
    const friday = new Date('2026-03-06T12:00:00.000Z');
    expect(addDuration(friday, { amount: 1, unit: 'business_day' }).toISOString()).toBe(
      '2026-03-09T12:00:00.000Z',
    );
  });

  it('recognises the promises of the brief, Russian and English, and not the customer’s imperative', () => {
    const cases: Array<[string, string | null, string | null]> = [
      ['Перезвоним вам в течение часа.', 'callback', 'в течение часа'],
      ['Уточню и напишу.', 'follow_up', null],
      ['Проверю и отпишусь до 18:00.', 'follow_up', 'до 18:00'],
      ['Передам специалистам.', 'escalation', null],
      ['Заявка передана в технический отдел.', 'escalation', null],
      ['Ответ будет в течение 24 часов.', 'deadline', 'в течение 24 часов'],
      ["We'll get back to you by tomorrow.", 'follow_up', 'by tomorrow'],
      ['I have passed it to our billing team.', 'escalation', null],
      ['Перезвоните нам, пожалуйста.', null, null],
      ['Напишите номер договора.', null, null],
      ['Сегодня на линии сбой.', null, null],
    ];
    for (const [sentence, kind, deadline] of cases) {
      const found = findCommitment(sentence);
      expect(found?.kind ?? null, sentence).toBe(kind);
      expect(found?.deadline?.phrase ?? null, sentence).toBe(deadline);
    }
  });
});
