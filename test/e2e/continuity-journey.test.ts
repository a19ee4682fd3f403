import { telegramUpdates, startMailSink, type MailSink, type TelegramFake } from '@frontline/fakes';
import type { CaseSummary, CustomerCard } from '@frontline/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../apps/server/src/channels/email/email-adapter.ts';
import { connectEmail, connectTelegram } from '../../apps/server/test/support/channels.ts';
import { getCard, postUndo } from '../../apps/server/test/support/customers.ts';
import { fakeDns } from '../../apps/server/test/support/fake-dns.ts';
import { freePort } from '../../apps/server/test/support/helpers.ts';
import { deliverMail } from '../../apps/server/test/support/mail.ts';
import { loginAdmin, loginSupervisor } from '../../apps/server/test/support/people.ts';
import { startTelegram } from '../../apps/server/test/support/provider-fakes.ts';
import { signIdentity } from '../../apps/server/test/support/sign-identity.ts';
import { dkimKey, signMail } from '../../apps/server/test/support/signed-mail.ts';
import {
  authHeaders,
  customerSends,
  eventually,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from '../../apps/server/test/support/test-server.ts';
import type { FrontlineWidgetApi } from '../../apps/widget/src/widget-controller.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

declare global {
  interface Window {
    FrontlineWidget?: FrontlineWidgetApi;
  }
}

const support = 'support@example.test';
const anna = {
  sub: 'site-user-77',
  phone: '+79261112233',
  email: 'anna@example.ru',
  name: 'Анна Козлова',
};
const annaOnTelegram = { id: 533_333_333, firstName: 'Анна' };
const botToken = '7300000003:AAHjourney_token';
const webhookSecret = 'whsec-journey_1';
const annaKey = dkimKey('example.ru');
const olgaLogin = { email: 'olga@example.com', password: 'operator-pass-1' };
const mnpQuestion = 'Как перенести мой номер к вам с сохранением номера?';
const subject = 'Документы для переноса номера';
const reply = 'Анна, документы получили: перенос номера назначен на пятницу.';

/** Anna's mail from her own domain, DKIM-signed by it (the injected DNS publishes the key and DMARC). */
function annasMail(): Promise<Buffer> {
  const raw = [
    `From: Анна <${anna.email}>`,
    `To: ${support}`,
    `Subject: ${subject}`,
    'Date: Thu, 03 Dec 2026 09:00:00 +0300',
    'Message-ID: <journey-1@example.ru>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Отправляю скан паспорта для переноса номера.',
    '',
  ].join('\r\n');
  return signMail(raw, annaKey);
}

/**
 * One customer across three channels: Anna signs in on the MNP page of the host site (its backend signs her
 * phone and e-mail) and asks in the widget; later she greets the Telegram bot and then shares her own
 * contact (auto-merged on the attested phone); then she mails from her attested address with a DMARC pass
 * (joined on the attested e-mail). The operator sees one customer and one case, answers, and the answer goes
 * by e-mail only. A look-alike with only a claimed phone is merely suggested; undoing the automatic merge
 * gives the Telegram customer back.
 */
describe('one customer across web chat, Telegram and e-mail (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;
  let telegram: TelegramFake;
  let sink: MailSink;
  let smtpPort: number;
  let supervisor: LoggedIn;
  let customerContext: BrowserContext;
  let widget: Page;

  startBrowserSuite(
    {
      operators: [{ ...olgaLogin, name: 'Ольга', role: 'operator', capacity: 5, queueIds: [1, 2, 3] }],
      publicUrl: true,
      env: async () => {
        smtpPort = await freePort();
        return { SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1' };
      },
      server: {
        adapters: {
          email: createEmailAdapter({
            resolver: fakeDns({
              [annaKey.record[0]]: annaKey.record[1],
              '_dmarc.example.ru': 'v=DMARC1; p=reject',
            }),
          }),
        },
      },
    },
    async (suite) => {
      ({ server, base, browser } = suite);
      telegram = await startTelegram({ botToken, users: [annaOnTelegram] });
      sink = await startMailSink();
      const admin = await loginAdmin(server);
      await connectTelegram(server, admin, { apiRoot: telegram.url, botToken, webhookSecret });
      await connectEmail(server, admin, { address: support, smtpPort: sink.port });
      supervisor = await loginSupervisor(server, 'sup@example.com');
      customerContext = await browser.newContext({ locale: 'ru-RU' });
    },
  );
  afterAll(async () => {
    await telegram?.close();
    await sink?.close();
  });

  const api = async <T>(url: string): Promise<T> => {
    const res = await server.app.inject({ method: 'GET', url, headers: authHeaders(supervisor) });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const card = async (customerId: number): Promise<CustomerCard> => {
    const res = await getCard(server, supervisor, customerId);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CustomerCard>();
  };
  const openCases = () => api<CaseSummary[]>('/api/v1/cases?status=open');

  let annaId: number;
  let caseId: number;
  let telegramCustomerId: number;

  it('the signed-in widget customer, her Telegram and her attested mail become one customer with one case', async () => {
    const token = await signIdentity(anna);
    widget = await customerContext.newPage();
    await widget.goto(`${base}/demo/?entry=mnp`);
    await widget.waitForFunction(() => window.FrontlineWidget !== undefined);
    await widget.evaluate((t) => window.FrontlineWidget?.identify(() => Promise.resolve(t)), token);
    await widget.getByTestId('fl-launcher').click();
    await widget.getByTestId('fl-input').fill(mnpQuestion);
    await widget.getByTestId('fl-send').click();
    await expect.poll(() => widget.getByTestId('fl-message-in').first().textContent()).toContain(mnpQuestion);
    const first = await eventually(() =>
      server.store.db
        .selectFrom('messages')
        .select(['customer_id', 'case_id'])
        .where('text', '=', mnpQuestion)
        .executeTakeFirstOrThrow(),
    );
    annaId = first.customer_id;
    caseId = first.case_id!;

    // Telegram: a greeting first (a customer of its own), her own contact card later (the same person).
    await telegram.state.pushUpdate(
      botToken,
      telegramUpdates.text({ from: annaOnTelegram, text: 'Здравствуйте' }),
    );
    const greeted = await eventually(() =>
      server.store.db
        .selectFrom('messages')
        .select(['customer_id'])
        .where('text', '=', 'Здравствуйте')
        .executeTakeFirstOrThrow(),
    );
    telegramCustomerId = greeted.customer_id;
    expect(telegramCustomerId).not.toBe(annaId);
    await telegram.state.pushUpdate(
      botToken,
      telegramUpdates.contact({
        from: annaOnTelegram,
        phone: anna.phone.slice(1),
        contactUserId: annaOnTelegram.id,
      }),
    );
    await eventually(async () => {
      const merged = await card(telegramCustomerId);
      expect(merged.mergedIntoCustomerId).toBe(annaId);
    }, 10_000);

    // E-mail from the address her host backend signed, with a DMARC pass on an aligned DKIM signature.
    await deliverMail(smtpPort, await annasMail(), { from: anna.email, to: [support] });
    const mail = await eventually(
      () =>
        server.store.db
          .selectFrom('messages')
          .select(['customer_id', 'case_id'])
          .where('external_id', '=', '<journey-1@example.ru>')
          .executeTakeFirstOrThrow(),
      10_000,
    );
    // Joined on the attested address (a claimed one would have made a customer and a case of its own).
    expect(mail).toEqual({ customer_id: annaId, case_id: caseId });
    expect(
      await server.services.metrics.registry.getSingleMetricAsString('frontline_sender_checks_total'),
    ).toMatch(/frontline_sender_checks_total\{channel="email",method="dmarc",result="attested"\} 1/);

    const annasCard = await card(annaId);
    expect(annasCard.identities.map((i) => i.channelKind).sort()).toEqual(['email', 'telegram', 'webchat']);
    expect(annasCard.contactPoints.map((p) => [p.kind, p.value, p.attestedBy]).sort()).toEqual([
      ['email', anna.email, 'jwt'],
      ['phone', anna.phone, 'jwt'],
    ]);
    expect(annasCard.merges.map((m) => [m.by, m.survivorId, m.mergedId])).toEqual([
      ['system', annaId, telegramCustomerId],
    ]);
    expect((await openCases()).map((c) => [c.id, c.customerId])).toEqual([[caseId, annaId]]);
  });

  it('the operator sees one customer and one case with the three channels, and the reply goes by e-mail only', async () => {
    const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
    await logInToWorkspace(page, base, olgaLogin);
    await page.getByTestId('inbox-tab-open').click();
    const items = page.getByTestId('inbox').locator('[data-testid^="inbox-item-"]');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getAttribute('data-testid')).toBe(`inbox-item-${caseId}`);
    expect(await items.first().locator('.inbox-name').textContent()).toBe(anna.name);
    await items.first().click();

    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.locator('[data-direction="in"]').count()).toBe(4);
    expect(await timeline.locator('.msg-meta .chip').allTextContents()).toEqual([
      'Веб-чат',
      'Telegram',
      'Telegram',
      'Эл. почта',
    ]);
    expect(await timeline.getByTestId('message-subject').allTextContents()).toEqual([subject]);

    const recap = page.getByTestId('case-recap');
    await expect.poll(() => recap.getByTestId('recap-first-question').textContent()).toContain(mnpQuestion);
    const channels = (await recap.getByTestId('recap-channels').textContent()) ?? '';
    for (const name of ['Веб-чат', 'Telegram', 'Эл. почта']) expect(channels).toContain(name);

    const identities = page.getByTestId('customer-card').locator('code.ext-id');
    await expect.poll(() => identities.count()).toBe(3);
    expect((await identities.allTextContents()).sort()).toEqual(
      [`user:${anna.sub}`, String(annaOnTelegram.id), anna.email].sort(),
    );

    // The composer offers every identity of the one customer; the operator chooses the e-mail explicitly.
    const replyChannel = page.getByTestId('reply-channel');
    const optionsOf = () =>
      replyChannel
        .locator('option')
        .evaluateAll((os) =>
          os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })),
        );
    await expect.poll(async () => (await optionsOf()).length).toBe(3);
    const email = (await optionsOf()).find((o) => o.text.includes(anna.email));
    if (!email)
      throw new Error(`no e-mail option in the reply-channel select: ${JSON.stringify(await optionsOf())}`);
    await replyChannel.selectOption(email.value);
    await page.getByTestId('composer-input').fill(reply);
    await page.getByTestId('composer-send').click();

    const [sent] = await sink.waitFor(1, 10_000);
    expect(sent!.rcptTo).toEqual([anna.email]);
    const parsed = await (await import('mailparser')).simpleParser(sent!.raw);
    expect(parsed.subject).toBe(`Re: ${subject} [#${caseId}]`);
    expect(parsed.text?.trim()).toBe(reply);
    await eventually(async () => {
      const out = await server.store.db
        .selectFrom('messages')
        .innerJoin('channel_accounts', 'channel_accounts.id', 'messages.channel_account_id')
        .select(['messages.status', 'channel_accounts.kind'])
        .where('messages.direction', '=', 'out')
        .execute();
      expect(out).toEqual([{ status: 'sent', kind: 'email' }]);
    });
    // Nothing of it on the other channels: no Telegram message, nothing new in the widget.
    expect(sink.mails).toHaveLength(1);
    expect(telegram.state.requestsFor('sendMessage')).toEqual([]);
    await widget.waitForTimeout(500);
    expect(await widget.getByTestId('fl-message-out').count()).toBe(0);
    expect(await widget.getByText(reply).count()).toBe(0);
  });

  it('a customer with the same phone only claimed is suggested, not merged', async () => {
    const visitor = await startVisitor(server, 'mnp', { name: 'Не Анна', phone: anna.phone });
    const { messageId } = await customerSends(server, visitor, 'Перенос номера, хочу узнать статус');
    const other = await server.store.db
      .selectFrom('messages')
      .select('customer_id')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    expect(other.customer_id).not.toBe(annaId);
    const othersCard = await card(other.customer_id);
    expect(othersCard.mergedIntoCustomerId).toBeNull();
    expect(othersCard.contactPoints.map((p) => [p.kind, p.value, p.attestedBy])).toEqual([
      ['phone', anna.phone, null],
    ]);
    const annasCard = await card(annaId);
    expect(annasCard.merges).toHaveLength(1);
    expect(annasCard.suggestions).toEqual([
      expect.objectContaining({
        customerId: other.customer_id,
        reasons: [{ kind: 'phone', value: anna.phone, attested: false }],
      }),
    ]);
    expect(new Set((await openCases()).map((c) => c.customerId))).toEqual(
      new Set([annaId, other.customer_id]),
    );
  });

  it('undoing the automatic merge gives the Telegram customer and case back', async () => {
    const counts = async () => {
      const cases = await openCases();
      const customers = [...new Set(cases.map((c) => c.customerId))];
      const cards = await Promise.all(customers.map((id) => card(id)));
      return {
        customers: customers.length,
        cases: cases.length,
        identities: cards.reduce((n, c) => n + c.identities.length, 0),
      };
    };
    const before = await counts();
    expect(before).toEqual({ customers: 2, cases: 2, identities: 4 });
    const [merge] = (await card(annaId)).merges;
    const undo = await postUndo(server, supervisor, merge!.id);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({
      survivorId: annaId,
      mergedId: telegramCustomerId,
      closedCaseRestoredOpen: true,
    });

    expect(await counts()).toEqual({ customers: 3, cases: 3, identities: 4 });
    const annasCard = await card(annaId);
    expect(annasCard.identities.map((i) => i.channelKind).sort()).toEqual(['email', 'webchat']);
    expect(annasCard.merges).toEqual([]);
    const telegramCard = await card(telegramCustomerId);
    expect(telegramCard.mergedIntoCustomerId).toBeNull();
    expect(telegramCard.identities.map((i) => [i.channelKind, i.externalId])).toEqual([
      ['telegram', String(annaOnTelegram.id)],
    ]);
    expect(telegramCard.cases.map((c) => c.status)).not.toContain('resolved');
  });
});
