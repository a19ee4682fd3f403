import { resolve } from 'node:path';
import { freePort } from '../../apps/server/test/support/helpers.ts';
import { createTransport } from 'nodemailer';
import {
  startMailSink,
  startTelegramFake,
  startViberFake,
  startWhatsAppFake,
  telegramUpdates,
  viberCallbacks,
  whatsappPayloads,
  type MailSink,
  type TelegramFake,
  type ViberFake,
  type WhatsAppFake,
} from '@frontline/fakes';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAssets } from '../../apps/server/src/http/create-app.ts';
import { eventually, startTestServer, type TestServer } from '../../apps/server/test/support/test-server.ts';
import { launchChromium } from './browser.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * An operator answers a Telegram, a WhatsApp, a Viber and an e-mail case in the workspace; the fakes (and a
 * real SMTP server for mail) record exactly what went out.
 */
describe('messenger and e-mail cases in the workspace (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;
  let page: Page;
  let telegram: TelegramFake;
  let whatsapp: WhatsAppFake;
  let viber: ViberFake;
  let sink: MailSink;
  let smtpPort: number;
  const tgToken = '7200000001:AAHe2e_token';
  const wa = {
    accessToken: 'EAAGe2eAccessToken0123456789',
    appSecret: 'e2e_app_secret',
    phoneNumberId: '106540352242922',
  };
  const viberToken = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
  const ann = { id: 511_111_111, firstName: 'Анна' };
  const sergey = { waId: '79161234567', name: 'Сергей' };
  const pavel = { id: '01234567890A=', name: 'Павел' };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    smtpPort = await freePort();
    server = await startTestServer('sqlite', {
      env: { PUBLIC_URL: base, SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1' },
      app: { assets: defaultAssets(root) },
    });
    await server.app.listen({ port, host: '127.0.0.1' });
    const admin = await server.services.operators.create(
      {
        email: 'admin@example.com',
        name: 'Админ',
        password: 'admin-pass-123',
        role: 'admin',
        capacity: 5,
        queueIds: [1, 2, 3],
      },
      null,
    );
    await server.services.operators.create(
      {
        email: 'olga@example.com',
        name: 'Ольга',
        password: 'operator-pass-1',
        role: 'operator',
        capacity: 5,
        queueIds: [1, 2, 3],
      },
      null,
    );

    telegram = await startTelegramFake({ flood: { perChat: null, global: null } });
    telegram.state.addBot({ token: tgToken });
    telegram.state.addUser(ann);
    await server.services.channelAdmin.create(
      {
        kind: 'telegram',
        name: 'TG',
        entryPointId: 1,
        config: { apiRoot: telegram.url },
        secrets: { botToken: tgToken, webhookSecret: 'e2e-secret' },
      },
      admin.id,
    );

    whatsapp = await startWhatsAppFake(wa);
    const waChannel = await server.services.channelAdmin.create(
      {
        kind: 'whatsapp',
        name: 'WA',
        entryPointId: 2,
        config: {
          graphRoot: whatsapp.url,
          phoneNumberId: wa.phoneNumberId,
          templates: [{ name: 'hello_world', language: 'ru', body: 'Здравствуйте, {{1}}! Ответ готов.' }],
        },
        secrets: { accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'e2e-verify-token' },
      },
      admin.id,
    );
    whatsapp.state.setWebhook(waChannel.webhookUrl ?? '');

    viber = await startViberFake();
    viber.state.addBot({ authToken: viberToken, name: 'E2E' });
    viber.state.addUser(pavel, { subscribedTo: [viberToken] });
    await server.services.channelAdmin.create(
      {
        kind: 'viber',
        name: 'Viber',
        entryPointId: 3,
        config: { apiRoot: viber.url, senderName: 'Поддержка' },
        secrets: { authToken: viberToken },
      },
      admin.id,
    );

    sink = await startMailSink();
    await server.services.channelAdmin.create(
      {
        kind: 'email',
        name: 'Mail',
        entryPointId: 1,
        config: { address: 'support@example.test', smtp: { host: '127.0.0.1', port: sink.port } },
        secrets: {},
      },
      admin.id,
    );

    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await telegram?.close();
    await whatsapp?.close();
    await viber?.close();
    await sink?.close();
  });

  it('answers each case from the workspace and each provider receives exactly the reply', async () => {
    await telegram.state.pushUpdate(
      tgToken,
      telegramUpdates.text({ from: ann, text: 'Не работает интернет' }),
    );
    await whatsapp.state.push(whatsappPayloads.text({ from: sergey, body: 'Хочу перенести номер' }));
    await viber.state.push(
      viberToken,
      viberCallbacks.text({ sender: pavel, text: 'Нужен счёт для компании' }),
    );
    const cases = await eventually(async () => {
      const rows = await server.store.db
        .selectFrom('cases')
        .select(['id', 'queue_id'])
        .orderBy('queue_id')
        .execute();
      expect(rows).toHaveLength(3);
      return rows;
    }, 10_000);

    await page.goto(`${base}/app/`);
    await page.getByTestId('login-email').fill('olga@example.com');
    await page.getByTestId('login-password').fill('operator-pass-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('inbox-tab-queue').click();

    const replies = [
      'Перезагрузите роутер, пожалуйста',
      'Пришлите, пожалуйста, паспорт <скан>',
      'Счёт отправим на почту & в чат',
    ];
    for (const [i, c] of cases.entries()) {
      await page.getByTestId(`inbox-item-${c.id}`).click();
      await expect.poll(() => page.getByTestId('timeline').locator('[data-direction="in"]').count()).toBe(1);
      await page.getByTestId('composer-input').fill(replies[i]!);
      await page.getByTestId('composer-send').click();
      await expect.poll(() => page.getByTestId('timeline').locator('[data-direction="out"]').count()).toBe(1);
    }

    await eventually(() => {
      const sent = telegram.state.requestsFor('sendMessage');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.params).toMatchObject({
        chat_id: ann.id,
        text: 'Перезагрузите роутер, пожалуйста',
        parse_mode: 'HTML',
      });
    }, 10_000);
    await eventually(() => {
      const sent = whatsapp.state.requestsFor('messages');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.json).toMatchObject({
        messaging_product: 'whatsapp',
        to: sergey.waId,
        type: 'text',
        text: { body: 'Пришлите, пожалуйста, паспорт <скан>' },
      });
    }, 10_000);
    await eventually(() => {
      const sent = viber.state.requestsFor('send_message');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.params).toMatchObject({
        receiver: pavel.id,
        type: 'text',
        text: 'Счёт отправим на почту & в чат',
      });
    }, 10_000);
    // Each reply is shown as sent in the workspace.
    const outbound = await server.store.db
      .selectFrom('messages')
      .select(['status'])
      .where('direction', '=', 'out')
      .execute();
    await eventually(async () => {
      const rows = await server.store.db
        .selectFrom('messages')
        .select(['status'])
        .where('direction', '=', 'out')
        .execute();
      expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'sent', 'sent']);
    });
    expect(outbound).toHaveLength(3);
  });

  it('outside the WhatsApp 24 h window the composer refuses free text and an approved template goes out (F6)', async () => {
    const waCase = await server.store.db
      .selectFrom('cases')
      .select('id')
      .where('queue_id', '=', 2)
      .executeTakeFirstOrThrow();
    // The customer's last WhatsApp message is now a day and a bit old.
    await server.store.db
      .updateTable('messages')
      .set({ created_at: new Date(Date.now() - 25 * 3_600_000).toISOString() })
      .where('case_id', '=', waCase.id)
      .where('direction', '=', 'in')
      .execute();
    await page.goto(`${base}/app/#case-${waCase.id}`);
    await page.reload(); // the app opens the case named in the address on load
    await expect.poll(() => page.getByTestId('reply-window-closed').count()).toBe(1);
    await page.getByTestId('composer-input').fill('Свободный текст');
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true);
    await page.getByTestId('template-param-1').fill('Сергей');
    expect(await page.getByTestId('template-preview').textContent()).toBe(
      'Здравствуйте, Сергей! Ответ готов.',
    );
    await page.getByTestId('template-send').click();
    await eventually(() => {
      const sent = whatsapp.state
        .requestsFor('messages')
        .filter((r) => (r.json as { type?: string } | null)?.type === 'template');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.json).toMatchObject({
        to: sergey.waId,
        template: {
          name: 'hello_world',
          language: { code: 'ru' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Сергей' }] }],
        },
      });
    }, 10_000);
    await expect
      .poll(() => page.getByTestId('timeline').getByText('Здравствуйте, Сергей! Ответ готов.').count())
      .toBe(1);
  });

  it('answers an e-mail case: the subject and the stripped reply are shown, the mail goes out threaded', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      envelope: { from: 'nina@customer.test', to: ['support@example.test'] },
      raw: [
        'From: Нина <nina@customer.test>',
        'To: support@example.test',
        'Subject: =?UTF-8?B?0JTQtdGC0LDQu9C40LfQsNGG0LjRjw==?=',
        'Message-ID: <nina-1@customer.test>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Пришлите детализацию за октябрь <b>срочно</b>',
        '',
        'Вт, 24 нояб. 2026 г. в 10:00, Поддержка <support@example.test>:',
        '> Здравствуйте!',
        '',
      ].join('\r\n'),
    });
    transport.close();
    const mailCase = await eventually(async () => {
      const row = await server.store.db
        .selectFrom('messages')
        .select('case_id')
        .where('external_id', '=', '<nina-1@customer.test>')
        .executeTakeFirstOrThrow();
      return row.case_id;
    }, 10_000);
    await page.goto(`${base}/app/#case-${mailCase}`);
    await page.reload();
    const timeline = page.getByTestId('timeline');
    await expect
      .poll(() => timeline.getByTestId('message-subject').first().textContent())
      .toBe('Детализация');
    await expect
      .poll(() =>
        timeline.getByText('Пришлите детализацию за октябрь <b>срочно</b>', { exact: true }).count(),
      )
      .toBe(1);
    // The quoted part is one click away, not in the way.
    expect(await timeline.getByText('> Здравствуйте!').count()).toBe(0);
    await timeline.getByTestId('message-quoted-toggle').first().click();
    await expect.poll(() => timeline.getByText('> Здравствуйте!', { exact: false }).count()).toBe(1);

    await page.getByTestId('composer-input').fill('Детализация во вложении, Нина');
    await page.getByTestId('composer-send').click();
    const [sent] = await sink.waitFor(1, 10_000);
    expect(sent!.rcptTo).toEqual(['nina@customer.test']);
    expect(sent!.headers['in-reply-to']).toBe('<nina-1@customer.test>');
    expect(sent!.headers['message-id']).toMatch(/^<fl-\d+\.a\d+@example\.test>$/);
    const parsed = await (await import('mailparser')).simpleParser(sent!.raw);
    expect(parsed.subject).toBe(`Re: Детализация [#${mailCase}]`);
    expect(parsed.text?.trim()).toBe('Детализация во вложении, Нина');
    await eventually(async () => {
      const out = await server.store.db
        .selectFrom('messages')
        .select('status')
        .where('case_id', '=', mailCase)
        .where('direction', '=', 'out')
        .execute();
      expect(out.map((r) => r.status)).toEqual(['sent']);
    });
  });
  it('sends quick-reply buttons to Telegram from the composer; the tap comes back into the case', async () => {
    const tgCase = (
      await server.store.db
        .selectFrom('messages')
        .select('case_id')
        .where('external_id', 'like', `${ann.id}:%`)
        .executeTakeFirstOrThrow()
    ).case_id;
    await page.goto(`${base}/app/#case-${tgCase}`);
    await page.reload();
    await page.getByTestId('composer-buttons-toggle').click();
    const input = page.getByTestId('composer-button-input');
    await input.fill('Да');
    await page.getByTestId('composer-button-add').click();
    await input.fill('  Позвать оператора ');
    await input.press('Enter');
    await input.fill('Да');
    await input.press('Enter');
    await expect.poll(() => page.getByText('Такая кнопка уже есть.').count()).toBe(1);
    expect(await page.getByTestId('composer-button-chip').allTextContents()).toEqual([
      'Да×',
      'Позвать оператора×',
    ]);
    // Buttons go under a text: without one the reply cannot be sent.
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true);
    await page.getByTestId('composer-input').fill('Помогло?');
    await page.getByTestId('composer-send').click();
    await eventually(() => {
      const sent = telegram.state.requestsFor('sendMessage');
      expect(sent).toHaveLength(2);
      expect(sent[1]?.params).toEqual({
        chat_id: ann.id,
        text: 'Помогло?',
        parse_mode: 'HTML',
        reply_markup: {
          inline_keyboard: [
            [{ text: 'Да', callback_data: 'fl:0:Да' }],
            [{ text: 'Позвать оператора', callback_data: 'fl:1:Позвать оператора' }],
          ],
        },
      });
    }, 10_000);
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.getByTestId('message-buttons').count()).toBe(1);
    expect(await page.getByTestId('composer-button-chip').count()).toBe(0);

    const keyboardMessage = telegram.state.lastSentMessage(tgToken, ann.id)!;
    await telegram.state.pushUpdate(
      tgToken,
      telegramUpdates.buttonTap({ from: ann, message: keyboardMessage, text: 'Позвать оператора' }),
    );
    await expect
      .poll(() => timeline.locator('[data-direction="in"]').getByText('Позвать оператора').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    await eventually(() => expect(telegram.state.callbackAnswers).toHaveLength(1), 10_000);
  });

  it('the reply channel selector sends the WhatsApp case reply by e-mail when the 24 h window is closed', async () => {
    const waCase = await server.store.db
      .selectFrom('cases')
      .select(['id', 'customer_id'])
      .where('queue_id', '=', 2)
      .executeTakeFirstOrThrow();
    const mail = server.services.channels.list().find((a) => a.kind === 'email')!;
    const now = new Date().toISOString();
    // Sergey is also known by his e-mail address (a merge would link it the same way).
    const email = await server.store.db
      .insertInto('identities')
      .values({
        customer_id: waCase.customer_id,
        channel_account_id: mail.id,
        external_id: 'sergey@customer.test',
        display_name: null,
        verified_by: null,
        created_at: now,
        last_seen_at: now,
        unreachable_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const whatsappIdentity = (
      await server.store.db
        .selectFrom('identities')
        .select('id')
        .where('customer_id', '=', waCase.customer_id)
        .where('external_id', '=', sergey.waId)
        .executeTakeFirstOrThrow()
    ).id;
    await page.goto(`${base}/app/#case-${waCase.id}`);
    await page.reload();
    const select = page.getByTestId('reply-channel');
    await expect.poll(() => select.locator('option').count()).toBe(2);
    // The WhatsApp window is closed (previous test): listed, the default, disabled with the reason.
    const waOption = select.locator(`option[value="${whatsappIdentity}"]`);
    expect(await waOption.isDisabled()).toBe(true);
    expect(await waOption.textContent()).toContain('окно ответа закрыто');
    expect(await select.locator(`option[value="${email.id}"]`).textContent()).toContain('Эл. почта');
    await page.getByTestId('composer-input').fill('Ответим письмом');
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true);

    await select.selectOption(String(email.id));
    expect(await page.getByTestId('reply-channel-badge').textContent()).toBe('Эл. почта');
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(false);
    // An e-mail is sent with Ctrl+Enter (Enter makes a new line in a mail).
    await page.getByTestId('composer-input').press('Enter');
    expect(await page.getByTestId('composer-input').inputValue()).toBe('Ответим письмом\n');
    await page.getByTestId('composer-input').press('Control+Enter');
    const mails = await sink.waitFor(2, 10_000);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.rcptTo).toEqual(['sergey@customer.test']);
    const parsed = await (await import('mailparser')).simpleParser(mails[1]!.raw);
    expect(parsed.text?.trim()).toBe('Ответим письмом');
    expect(parsed.subject).toBe(`Support request [#${waCase.id}]`);
    // Remembered: the refreshed list shows the e-mail as the default.
    await expect.poll(() => select.inputValue()).toBe(String(email.id));
    await expect
      .poll(() => select.locator(`option[value="${email.id}"]`).textContent())
      .toContain('по умолчанию');
  });
});
