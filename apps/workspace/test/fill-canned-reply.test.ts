import type { CannedReply } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import { fillCannedReply, replyVariablesOf } from '../src/fill-canned-reply.ts';
import { matchCannedReplies, slashQueryAt } from '../src/slash-query.ts';

const values = replyVariablesOf({
  customerName: '  Иван Петров ',
  operatorName: 'Анна Смирнова',
  caseId: 42,
  queueName: 'Общая поддержка',
});

describe('filling a canned reply', () => {
  it('fills the case view’s values into the variables, spaces inside the braces allowed', () => {
    expect(
      fillCannedReply(
        'Здравствуйте, {{customer.firstName}}! Меня зовут {{ operator.firstName }}, обращение №{{case.id}} ({{queue.name}}). {{customer.name}} / {{operator.name}}',
        values,
      ),
    ).toBe(
      'Здравствуйте, Иван! Меня зовут Анна, обращение №42 (Общая поддержка). Иван Петров / Анна Смирнова',
    );
  });

  it('leaves unknown variables and variables without a value visible, so the operator notices', () => {
    const noName = replyVariablesOf({ customerName: null, operatorName: 'Anna', caseId: 7, queueName: null });
    expect(fillCannedReply('Hi {{customer.name}}, {{order.id}} {{constructor}} {{case.id}}', noName)).toBe(
      'Hi {{customer.name}}, {{order.id}} {{constructor}} 7',
    );
    expect(fillCannedReply('{{ queue.name }} {{customer.firstName}}', noName)).toBe(
      '{{ queue.name }} {{customer.firstName}}',
    );
    expect(fillCannedReply('{single} {{}} {{ }} plain', values)).toBe('{single} {{}} {{ }} plain');
  });
});

describe('the / being typed', () => {
  it('is a / at the start of the text or of a word, up to the caret', () => {
    expect(slashQueryAt('/roa', 4)).toEqual({ start: 0, end: 4, query: 'roa' });
    expect(slashQueryAt('Добрый день!\n/роум', 18)).toEqual({ start: 13, end: 18, query: 'роум' });
    expect(slashQueryAt('see /', 5)).toEqual({ start: 4, end: 5, query: '' });
    // The caret in the middle: only what is before it counts.
    expect(slashQueryAt('/roaming now', 4)).toEqual({ start: 0, end: 4, query: 'roa' });
  });

  it('is not a / inside a word, a link or after a space was typed', () => {
    expect(slashQueryAt('and/or', 6)).toBeNull();
    expect(slashQueryAt('https://example.com', 19)).toBeNull();
    expect(slashQueryAt('/roaming ', 9)).toBeNull();
    expect(slashQueryAt('//', 2)).toBeNull();
    expect(slashQueryAt('', 0)).toBeNull();
  });
});

describe('matching replies', () => {
  const reply = (id: number, shortcut: string, title: string, body: string): CannedReply => ({
    id,
    scope: 'personal',
    queueId: null,
    ownerId: 1,
    title,
    shortcut,
    body,
    language: 'ru',
    useCount: 0,
    lastUsedAt: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    editable: true,
  });
  // In the server's order: most used first.
  const list = [
    reply(1, 'tariff', 'Тарифы', 'Роуминг входит в тариф «Путешествие».'),
    reply(2, 'roaming', 'Роуминг', 'Подключите в приложении.'),
    reply(3, 'bye', 'Прощание', 'Хорошего дня!'),
  ];

  it('finds by shortcut, title or text ignoring case, shortcuts that start with the query first', () => {
    expect(matchCannedReplies(list, 'ROAM').map((r) => r.id)).toEqual([2]);
    expect(matchCannedReplies(list, 'роуминг').map((r) => r.id)).toEqual([1, 2]);
    expect(matchCannedReplies(list, 'r').map((r) => r.id)).toEqual([2, 1]);
    expect(matchCannedReplies(list, 'дня').map((r) => r.id)).toEqual([3]);
    expect(matchCannedReplies(list, 'nothing')).toEqual([]);
  });

  it('keeps the given order (most used first) for an empty query', () => {
    expect(matchCannedReplies(list, '').map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
