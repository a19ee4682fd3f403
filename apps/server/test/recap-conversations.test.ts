import { describe, expect, it } from 'vitest';
import { buildRecap } from '../src/modules/recap/build-recap.ts';
import { auto, conversation, customer, minutesIn, note, operator } from './support/conversation.ts';

/** What the next operator reads first: the recap of realistic mobile-operator support conversations. */
describe('the recap of Russian support conversations', () => {
  it('roaming: the first question, a promise with a duration that has run out', () => {
    const recap = buildRecap(
      conversation([
        customer('Здравствуйте!'),
        customer('Я в Турции, не работает мобильный интернет. Как включить роуминг?'),
        operator('Добрый день! Проверю настройки вашего номера и отпишусь в течение 15 минут.', { at: 5 }),
        customer('Жду.', { at: 6 }),
      ]),
    );
    expect(recap.topic).toBe('Я в Турции, не работает мобильный интернет.');
    expect(recap.firstQuestion).toMatchObject({
      messageId: 2,
      text: 'Я в Турции, не работает мобильный интернет. Как включить роуминг?',
      question: true,
    });
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.waitingSince).toBeNull();
    expect(recap.commitments).toEqual([
      {
        messageId: 3,
        at: minutesIn(5),
        authorName: 'Анна',
        kind: 'follow_up',
        text: 'Проверю настройки вашего номера и отпишусь в течение 15 минут.',
        deadline: 'в течение 15 минут',
        dueAt: minutesIn(20),
        overdue: true,
        fulfilledByMessageId: null,
      },
    ]);
    expect(recap.openItems.map((i) => [i.kind, i.messageId])).toEqual([['commitment', 3]]);
  });

  it('number porting (MNP): answered, then a new question waits', () => {
    const recap = buildRecap(
      conversation([
        customer(
          'Добрый день, хочу перенести номер от другого оператора. Сколько это стоит и сколько займёт?',
        ),
        operator('Здравствуйте! Перенос номера бесплатный, занимает до 8 дней.'),
        customer('А можно ли сохранить текущий тариф?', { at: 10 }),
      ]),
    );
    expect(recap.topic).toBe('Хочу перенести номер от другого оператора.');
    expect(recap.firstQuestion?.text).toBe(
      'Хочу перенести номер от другого оператора. Сколько это стоит и сколько займёт?',
    );
    expect(recap.latestUnanswered).toMatchObject({
      messageId: 3,
      text: 'А можно ли сохранить текущий тариф?',
    });
    expect(recap.waitingSince).toBe(minutesIn(10));
    expect(recap.commitments).toEqual([]);
    expect(recap.openItems).toEqual([
      { kind: 'question', messageId: 3, at: minutesIn(10), text: 'А можно ли сохранить текущий тариф?' },
    ]);
  });

  it('an unknown charge: «уточню и напишу» fulfilled by the finding, the refund promised in business days', () => {
    const recap = buildRecap(
      conversation([
        customer('Почему с меня списали 299 рублей за подписку, которую я не подключала?'),
        operator('Здравствуйте! Уточню у биллинга и напишу вам.'),
        operator(
          'Подписка «Музыка+» подключена 12.03 через короткий номер. Я её отключил, деньги вернутся в течение 3 рабочих дней.',
          // Thursday 5 March, 09:00: three business days later is Tuesday 10 March.
          { at: 3 * 24 * 60 },
        ),
      ]),
    );
    expect(recap.commitments.map((c) => [c.kind, c.deadline, c.fulfilledByMessageId])).toEqual([
      ['follow_up', null, 3],
      ['deadline', 'в течение 3 рабочих дней', null],
    ]);
    expect(recap.commitments[1]?.dueAt).toBe('2026-03-10T09:00:00.000Z');
    expect(recap.commitments[1]?.overdue).toBe(false);
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.openItems.map((i) => i.kind)).toEqual(['commitment']);
  });

  it('balance: the customer only thanks after the answer, nothing is open', () => {
    const recap = buildRecap(
      conversation([
        customer('Добрый вечер. Какой у меня баланс?'),
        operator('Ваш баланс 154 ₽.'),
        customer('Спасибо!'),
      ]),
    );
    expect(recap.firstQuestion?.text).toBe('Какой у меня баланс?');
    expect(recap.topic).toBe('Какой у меня баланс?');
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.waitingSince).toBeNull();
    expect(recap.openItems).toEqual([]);
  });

  it('a tariff change: a statement first, the question in the next message, no operator yet', () => {
    const recap = buildRecap(
      conversation([
        customer('Хочу сменить тариф на более дешёвый.'),
        customer('Какие есть варианты до 500 рублей в месяц'),
      ]),
    );
    expect(recap.topic).toBe('Хочу сменить тариф на более дешёвый.');
    expect(recap.firstQuestion).toMatchObject({
      messageId: 2,
      text: 'Какие есть варианты до 500 рублей в месяц',
    });
    expect(recap.latestUnanswered?.messageId).toBe(2);
    expect(recap.waitingSince).toBe(minutesIn(0));
    expect(recap.openItems.map((i) => [i.kind, i.messageId])).toEqual([['question', 2]]);
  });

  it('a blocked SIM card: the customer answers the operator’s question and waits', () => {
    const recap = buildRecap(
      conversation([
        customer('Заблокировалась SIM-карта, просит PUK-код. Что делать?'),
        operator('Здравствуйте! Назовите, пожалуйста, кодовое слово?'),
        customer('Кодовое слово — Барсик'),
      ]),
    );
    expect(recap.firstQuestion?.text).toBe('Заблокировалась SIM-карта, просит PUK-код. Что делать?');
    expect(recap.latestUnanswered).toMatchObject({
      messageId: 3,
      text: 'Кодовое слово — Барсик',
      question: false,
    });
    expect(recap.waitingSince).toBe(minutesIn(2));
    // The answer is not a question: nothing to answer in the open items, the waiting shows above.
    expect(recap.openItems).toEqual([]);
    expect(recap.commitments).toEqual([]);
  });

  it('a USB modem of a business customer: a callback with its time, and the internal note', () => {
    const recap = buildRecap(
      conversation([
        customer('Модем Huawei E3372 не видит сеть после обновления.'),
        operator('Передам вопрос специалистам технической поддержки, они перезвонят вам завтра до 12:00.'),
        customer('Хорошо, спасибо'),
        note('Клиент B2B, модемы на 15 точках, приоритет.'),
      ]),
    );
    expect(recap.commitments).toMatchObject([
      {
        kind: 'callback',
        deadline: 'завтра до 12:00',
        dueAt: null,
        overdue: false,
        fulfilledByMessageId: null,
      },
    ]);
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.openItems.map((i) => [i.kind, i.text])).toEqual([
      [
        'commitment',
        'Передам вопрос специалистам технической поддержки, они перезвонят вам завтра до 12:00.',
      ],
      ['note', 'Клиент B2B, модемы на 15 точках, приоритет.'],
    ]);
  });

  it('mobile internet down: the promised time passed and the customer asks again', () => {
    const recap = buildRecap(
      conversation([
        customer('Не работает интернет с утра. Почему?'),
        operator('На вашей базовой станции ведутся работы, связь восстановится к 15:00.'),
        customer('Уже 16:00, интернета всё ещё нет. Когда починят?', { at: 420 }),
      ]),
    );
    expect(recap.firstQuestion?.text).toBe('Не работает интернет с утра. Почему?');
    expect(recap.latestUnanswered).toMatchObject({
      text: 'Уже 16:00, интернета всё ещё нет. Когда починят?',
      question: true,
    });
    expect(recap.commitments).toMatchObject([
      { kind: 'deadline', deadline: 'к 15:00', fulfilledByMessageId: null },
    ]);
    expect(recap.openItems.map((i) => i.kind)).toEqual(['commitment', 'question']);
  });

  it('a refund to a mistyped number: the escalation is fulfilled by a later answer', () => {
    const recap = buildRecap(
      conversation([
        customer('Ошибочно пополнила чужой номер на 1000 рублей, можно ли вернуть?'),
        operator('Оформил заявку на возврат, ответ будет в течение 5 рабочих дней.'),
        customer('Прошла неделя, что с заявкой?', { at: 7 * 24 * 60 }),
        operator('Заявка одобрена, 1000 ₽ зачислены на ваш номер.', { at: 7 * 24 * 60 + 30 }),
        customer('Спасибо большое!', { at: 7 * 24 * 60 + 31 }),
      ]),
    );
    expect(recap.firstQuestion?.text).toBe(
      'Ошибочно пополнила чужой номер на 1000 рублей, можно ли вернуть?',
    );
    expect(recap.commitments).toMatchObject([
      { kind: 'escalation', deadline: 'в течение 5 рабочих дней', fulfilledByMessageId: 4, overdue: false },
    ]);
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.openItems).toEqual([]);
  });

  it('B2B invoices by e-mail: the subject is the topic, a holding reply fulfils nothing', () => {
    const recap = buildRecap(
      conversation([
        customer(
          'Добрый день. Не получили счёт-фактуру за март по договору №4512. Прошу направить на почту buh@romashka.ru.',
          { channel: 'email', subject: 'Счёт за март по договору 4512' },
        ),
        operator('Уточню в отделе по работе с корпоративными клиентами и вернусь с ответом до конца дня.', {
          channel: 'email',
        }),
        operator('Коллеги ещё проверяют, ожидайте, пожалуйста.', { channel: 'email', author: 'Олег' }),
      ]),
    );
    expect(recap.topic).toBe('Счёт за март по договору 4512');
    expect(recap.firstQuestion).toBeNull();
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.commitments).toMatchObject([
      { kind: 'follow_up', deadline: 'до конца дня', authorName: 'Анна', fulfilledByMessageId: null },
    ]);
    expect(recap.channels).toEqual([
      {
        channelAccountId: 3,
        channelKind: 'email',
        channelName: 'email account',
        identities: 1,
        messagesIn: 1,
        messagesOut: 2,
        lastAt: minutesIn(2),
      },
    ]);
  });

  it('only greetings: no topic, no question, nobody is waiting', () => {
    const recap = buildRecap(
      conversation([customer('Здравствуйте'), customer('👋'), customer('Добрый день!!!')]),
    );
    expect(recap.topic).toBeNull();
    expect(recap.firstQuestion).toBeNull();
    expect(recap.latestUnanswered).toBeNull();
    expect(recap.waitingSince).toBeNull();
    expect(recap.openItems).toEqual([]);
    expect(recap.messages).toEqual({ in: 3, out: 0, note: 0 });
  });

  it('operator-only notes: listed as open items, never taken for promises to the customer', () => {
    const recap = buildRecap(
      conversation([
        note('Клиент звонил на линию, просил перезвонить после 18:00. Перезвоню сам.'),
        note('ок'),
      ]),
    );
    expect(recap.commitments).toEqual([]);
    expect(recap.openItems).toEqual([
      {
        kind: 'note',
        messageId: 1,
        at: minutesIn(0),
        text: 'Клиент звонил на линию, просил перезвонить после 18:00. Перезвоню сам.',
      },
    ]);
    expect(recap.channels).toEqual([]);
    expect(recap.topic).toBeNull();
    expect(recap.messages).toEqual({ in: 0, out: 0, note: 2 });
  });

  it('several channels: counts per channel account, the unanswered message names its channel', () => {
    const recap = buildRecap(
      conversation([
        customer('Не приходят SMS с кодами банка.', { channel: 'telegram' }),
        operator('Проверю и отпишусь.', { channel: 'telegram' }),
        customer('Дублирую на почту: SMS так и не приходят, как быть?', { channel: 'email', at: 90 }),
        customer('Пишу ещё и в WhatsApp, ответьте хоть где-нибудь', { channel: 'whatsapp', at: 120 }),
      ]),
    );
    expect(recap.channels.map((c) => [c.channelKind, c.messagesIn, c.messagesOut])).toEqual([
      ['telegram', 1, 1],
      ['email', 1, 0],
      ['whatsapp', 1, 0],
    ]);
    expect(recap.latestUnanswered).toMatchObject({ messageId: 4, channelKind: 'whatsapp', question: false });
    expect(recap.waitingSince).toBe(minutesIn(90));
    expect(recap.openItems.map((i) => [i.kind, i.messageId])).toEqual([
      ['commitment', 2],
      ['question', 3],
    ]);
  });

  it('the automatic acknowledgement neither answers nor promises', () => {
    const recap = buildRecap(
      conversation([
        customer('Как подключить eSIM на iPhone?'),
        auto('Спасибо за обращение! Мы ответим в течение 24 часов.'),
      ]),
    );
    expect(recap.commitments).toEqual([]);
    expect(recap.latestUnanswered).toMatchObject({ messageId: 1, text: 'Как подключить eSIM на iPhone?' });
    expect(recap.waitingSince).toBe(minutesIn(0));
    expect(recap.messages).toEqual({ in: 1, out: 1, note: 0 });
  });

  it('a reply that could not be delivered leaves the question unanswered', () => {
    const recap = buildRecap(
      conversation([
        customer('Где посмотреть детализацию звонков?'),
        operator('В личном кабинете, раздел «Расходы».', { failed: true }),
      ]),
    );
    expect(recap.latestUnanswered?.messageId).toBe(1);
    expect(recap.openItems.map((i) => i.kind)).toEqual(['question']);
  });

  it('an operator’s question or instruction is no promise', () => {
    const recap = buildRecap(
      conversation([
        customer('Модем постоянно отключается'),
        operator('Вам перезвонить?'),
        operator('Давайте проверим настройки APN. Перезагрузите модем, пожалуйста.'),
      ]),
    );
    expect(recap.commitments).toEqual([]);
    expect(recap.latestUnanswered).toBeNull();
  });

  it('unanswered messages pile up: «алло?» is filler, the questions are listed, waiting since the first', () => {
    const recap = buildRecap(
      conversation([
        customer('Сколько стоит звонок в Казахстан по моему тарифу?'),
        customer('Алло?', { at: 15 }),
        customer('Почему молчите?', { at: 30 }),
      ]),
    );
    expect(recap.latestUnanswered).toMatchObject({ messageId: 3, text: 'Почему молчите?' });
    expect(recap.waitingSince).toBe(minutesIn(0));
    expect(recap.openItems.map((i) => i.messageId)).toEqual([1, 3]);
  });

  it('a contact promise with a duration: «свяжутся в течение 2 часов» is due two hours later', () => {
    const recap = buildRecap(
      conversation(
        [
          customer('Не могу дозвониться до горячей линии, хочу расторгнуть договор.'),
          operator(
            'Ваше обращение передано в отдел расторжений, специалисты свяжутся с вами в течение 2 часов.',
          ),
        ],
        { now: 30 },
      ),
    );
    expect(recap.commitments).toMatchObject([
      { kind: 'callback', deadline: 'в течение 2 часов', dueAt: minutesIn(121), overdue: false },
    ]);
  });

  it('a renewed promise does not fulfil the first; the real answer fulfils both', () => {
    const lines = [
      customer('Кто-то подключил мне «Антиопределитель», как его отключить?'),
      operator('Уточню и напишу.'),
      operator('Пока уточняю, напишу в течение часа.', { at: 20 }),
    ];
    const waiting = buildRecap(conversation(lines, { now: 30 }));
    expect(waiting.commitments.map((c) => [c.deadline, c.fulfilledByMessageId])).toEqual([
      [null, null],
      ['в течение часа', null],
    ]);
    const done = buildRecap(
      conversation([...lines, operator('Готово: услуга «Антиопределитель» отключена.', { at: 50 })]),
    );
    expect(done.commitments.map((c) => c.fulfilledByMessageId)).toEqual([4, 4]);
    expect(done.openItems).toEqual([]);
  });

  it('answered, then asked again: the first question stays, the new one is the unanswered one', () => {
    const recap = buildRecap(
      conversation([
        customer('Как узнать свой номер?'),
        operator('Наберите *111# и нажмите вызов.'),
        customer('Спасибо, а как узнать остаток минут'),
      ]),
    );
    expect(recap.firstQuestion).toMatchObject({ messageId: 1, text: 'Как узнать свой номер?' });
    expect(recap.latestUnanswered).toMatchObject({
      messageId: 3,
      text: 'А как узнать остаток минут',
      question: true,
    });
  });

  it('a resolved case is open from opening to resolution', () => {
    const recap = buildRecap(
      conversation([customer('Пропала связь в метро'), operator('Проблема устранена.')], {
        status: 'resolved',
        resolvedAt: 90,
        now: 600,
      }),
    );
    expect(recap.status).toBe('resolved');
    expect(recap.openSeconds).toBe(90 * 60);
    expect(recap.resolvedAt).toBe(minutesIn(90));
  });

  it('an open case counts its age to now', () => {
    const recap = buildRecap(conversation([customer('Не проходят звонки за границей')], { now: 26 * 60 }));
    expect(recap.openSeconds).toBe(26 * 3600);
    expect(recap.computedAt).toBe(minutesIn(26 * 60));
    expect(recap.entryPoint.slug).toBe('general');
  });

  it('a long first message is quoted by its questions only', () => {
    const story =
      'Я пользуюсь вашей связью уже восемь лет и всегда был доволен, но в последний месяц ситуация резко ухудшилась. ' +
      'Дома на даче в Подмосковье пропадает сигнал, интернет еле работает, звонки обрываются посреди разговора. ';
    const recap = buildRecap(conversation([customer(`${story}Почему так происходит? Когда это исправят?`)]));
    expect(recap.firstQuestion?.text).toBe('Почему так происходит? Когда это исправят?');
    expect(recap.topic?.endsWith('…')).toBe(false);
    expect(recap.topic).toBe(
      'Я пользуюсь вашей связью уже восемь лет и всегда был доволен, но в последний месяц ситуация резко ухудшилась.',
    );
  });
});
