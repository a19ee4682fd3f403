import { startMailSink, telegramUpdates, type MailSink, type TelegramFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForLength } from './support/wait-for-length.ts';
import { openWebChatCase, waitForCase } from './support/cases.ts';
import { connectEmail, connectTelegram } from './support/channels.ts';
import { errorCode, freePort } from './support/helpers.ts';
import { startListeningServer } from './support/listening-server.ts';
import { deliverMail } from './support/mail.ts';
import { loginAdmin, loginOnlineOperator } from './support/people.ts';
import { startTelegram } from './support/provider-fakes.ts';
import { postReply } from './support/replies.ts';
import { authHeaders, dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

const botToken = '7100000009:AAHbuttons_test-token';
const webhookSecret = 'whsec-buttons_1';
const ann = { id: 311_111_119, firstName: 'Анна' };
const support = 'support@example.test';
const labels = ['Да', 'Нет', 'Позвать оператора'];

/**
 * Quick-reply buttons through the whole platform: the operator's reply carries them to Telegram as an
 * inline keyboard, the customer's tap comes back as a message in the same case (and is answered), and
 * channels without buttons (web chat, e-mail) refuse them with BUTTONS_NOT_SUPPORTED.
 */
describe.each(dialects)('Quick-reply buttons end to end on %s', (dialect) => {
  let fake: TelegramFake;
  let sink: MailSink;
  let smtpPort: number;
  let server: TestServer;
  let operator: LoggedIn;

  beforeEach(async () => {
    fake = await startTelegram({ botToken, users: [ann] });
    sink = await startMailSink();
    smtpPort = await freePort();
    ({ server } = await startListeningServer(dialect, {
      env: { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1' },
    }));
    const admin = await loginAdmin(server);
    operator = await loginOnlineOperator(server, 'btn-op@example.com', [1, 2], 10);
    await connectTelegram(server, admin, { apiRoot: fake.url, botToken, webhookSecret });
    await connectEmail(server, admin, { address: support, smtpPort: sink.port });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
    await sink.close();
  });

  const reply = (caseId: number, payload: Record<string, unknown>) =>
    postReply(server, operator, caseId, payload);
  const getCase = async (caseId: number) =>
    (
      await server.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}`,
        headers: authHeaders(operator),
      })
    ).json<{ buttons: boolean }>();

  it('Telegram: the reply goes out with an inline keyboard; a tap lands in the same case and is answered once', async () => {
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Интернет не работает' }));
    const caseId = await waitForCase(server);
    expect(await getCase(caseId)).toMatchObject({ buttons: true });

    const res = await reply(caseId, { text: 'Перезагрузите роутер. Помогло?', buttons: labels });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ direction: 'out', buttons: labels });
    const [sent] = await waitForLength(() => fake.state.requestsFor('sendMessage'), 1);
    expect(sent?.params).toEqual({
      chat_id: ann.id,
      text: 'Перезагрузите роутер. Помогло?',
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Да', callback_data: 'fl:0:Да' }],
          [{ text: 'Нет', callback_data: 'fl:1:Нет' }],
          [{ text: 'Позвать оператора', callback_data: 'fl:2:Позвать оператора' }],
        ],
      },
    });
    const stored = await server.store.db
      .selectFrom('messages')
      .select('meta')
      .where('id', '=', res.json<{ id: number }>().id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.meta ?? '{}')).toEqual({ buttons: labels });

    // The customer taps "Позвать оператора" under that message; Telegram redelivers the same update once.
    const keyboardMessage = await eventually(() => {
      const m = fake.state.lastSentMessage(botToken, ann.id);
      expect(m).toBeDefined();
      return m!;
    });
    const tap = telegramUpdates.buttonTap({ from: ann, message: keyboardMessage, text: 'Позвать оператора' });
    expect(await fake.state.pushUpdate(botToken, tap)).toBe('delivered');
    expect(await fake.state.pushUpdate(botToken, tap)).toBe('delivered');
    const inbound = await eventually(async () => {
      const rows = await server.store.db
        .selectFrom('messages')
        .selectAll()
        .where('direction', '=', 'in')
        .orderBy('id')
        .execute();
      expect(rows).toHaveLength(2);
      return rows[1]!;
    });
    expect(inbound).toMatchObject({ case_id: caseId, text: 'Позвать оператора' });
    const queryId = (tap.callback_query as { id: string }).id;
    await eventually(() =>
      expect(fake.state.callbackAnswers).toEqual([{ token: botToken, callbackQueryId: queryId }]),
    );
    expect(fake.state.requestsFor('answerCallbackQuery')).toHaveLength(1);
    expect(fake.state.webhookReplies).toHaveLength(0);

    const timeline = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${inbound.customer_id}/timeline`,
      headers: authHeaders(operator),
    });
    const entries = timeline.json<Array<{ direction: string; text: string; buttons?: string[] | null }>>();
    expect(entries.map((m) => [m.direction, m.text, m.buttons ?? null])).toEqual([
      ['in', 'Интернет не работает', null],
      ['out', 'Перезагрузите роутер. Помогло?', labels],
      ['in', 'Позвать оператора', null],
    ]);
  });

  it('a failed answerCallbackQuery is only logged: the tap is stored once, its event done, no second answer', async () => {
    await fake.state.pushUpdate(botToken, telegramUpdates.text({ from: ann, text: 'Алло' }));
    const caseId = await waitForCase(server);
    expect((await reply(caseId, { text: 'Помогло?', buttons: ['Да', 'Нет'] })).statusCode).toBe(201);
    const keyboardMessage = await eventually(() => {
      const m = fake.state.lastSentMessage(botToken, ann.id);
      expect(m).toBeDefined();
      return m!;
    });
    fake.state.scriptFailure('answerCallbackQuery', { error_code: 502, description: 'Bad Gateway' });
    await fake.state.pushUpdate(
      botToken,
      telegramUpdates.buttonTap({ from: ann, message: keyboardMessage, text: 'Нет' }),
    );
    await eventually(async () => {
      const raw = await server.store.db.selectFrom('raw_events').select(['status', 'attempts']).execute();
      expect(raw).toEqual([
        { status: 'done', attempts: 0 },
        { status: 'done', attempts: 0 },
      ]);
    });
    const taps = await server.store.db.selectFrom('messages').selectAll().where('text', '=', 'Нет').execute();
    expect(taps).toMatchObject([{ direction: 'in', case_id: caseId }]);
    // The answer is sent after the commit that marks the event done.
    await eventually(() => expect(fake.state.requestsFor('answerCallbackQuery')).toHaveLength(1));
    expect(fake.state.callbackAnswers).toHaveLength(0);
  });

  it('web chat and e-mail cannot show buttons: 422 BUTTONS_NOT_SUPPORTED, nothing stored or sent', async () => {
    const { caseId: chatCase } = await openWebChatCase(server);
    expect(await getCase(chatCase)).toMatchObject({ buttons: false });
    const chat = await reply(chatCase, { text: 'Помогло?', buttons: ['Да'] });
    expect(chat.statusCode).toBe(422);
    expect(errorCode(chat)).toBe('BUTTONS_NOT_SUPPORTED');
    expect(chat.json<{ error: { message: string } }>().error.message).toMatch(
      /webchat\) cannot show quick-reply buttons: send the choices as text/,
    );

    const bobsMail = [
      'From: Bob <bob@example.net>',
      `To: ${support}`,
      'Subject: Счёт',
      'Message-ID: <b1@example.net>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Где мой счёт?',
      '',
    ].join('\r\n');
    await deliverMail(smtpPort, bobsMail, { from: 'bob@example.net', to: [support] });
    const mailCase = await waitForCase(server, chatCase);
    expect(await getCase(mailCase)).toMatchObject({ buttons: false });
    const mail = await reply(mailCase, { text: 'Прислать повторно?', buttons: ['Да', 'Нет'] });
    expect(mail.statusCode).toBe(422);
    expect(errorCode(mail)).toBe('BUTTONS_NOT_SUPPORTED');

    const out = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('direction', '=', 'out')
      .execute();
    expect(out).toHaveLength(0);
    expect(sink.mails).toHaveLength(0);
  });

  it('invalid button lists are refused with 400 before any channel is asked', async () => {
    const { caseId } = await openWebChatCase(server);
    const cases: Array<Record<string, unknown>> = [
      { text: 'q', buttons: [] },
      { text: 'q', buttons: Array.from({ length: 11 }, (_, i) => `#${i}`) },
      { text: 'q', buttons: ['x'.repeat(65)] },
      { text: 'q', buttons: ['  '] },
      { text: 'q', buttons: ['Да', ' Да '] },
      { text: '', attachmentIds: ['a1'], buttons: ['Да'] },
      { text: 'q', note: true, buttons: ['Да'] },
      { text: '', template: { name: 'greeting', language: 'ru' }, buttons: ['Да'] },
    ];
    for (const payload of cases) {
      const res = await reply(caseId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});
