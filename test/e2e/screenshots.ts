/**
 * Screenshots of the workspace and the widget in Russian and English, for the docs (docs/screenshots/):
 *
 *     npm run build -w apps/widget && npm run build -w apps/workspace
 *     npx tsx test/e2e/screenshots.ts [directory, default docs/screenshots]
 *
 * A real server (SQLite, the built front-ends) and Debian's Chromium at 1440×900: an operator's queue with
 * wait timers, an open case with its recap and composer, the shortcut overlay, every routing administration
 * tab, and the widget telling a waiting customer their place in the queue. Not a test: it asserts only that
 * each screen rendered before it is taken.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { acdTabs } from '../../apps/workspace/src/acd-tabs.ts';
import { adminCreate, adminRequest } from '../../apps/server/test/support/admin.ts';
import { caseOfMessage } from '../../apps/server/test/support/cases.ts';
import { replyAsOperator } from '../../apps/server/test/support/replies.ts';
import {
  customerSends,
  loginAs,
  startVisitor,
  type TestServer,
} from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, openBrowserSuite } from './support/suite.ts';

const locales = ['ru', 'en'] as const;
type Locale = (typeof locales)[number];
const viewport = { width: 1440, height: 900 };
const out = resolve(process.argv[2] ?? 'docs/screenshots');
/** The password `loginAs` gives the people it creates. */
const password = 'test-operator-pass-1';

const questions = [
  'Не работает мобильный интернет с утра, перезагрузка не помогла',
  'Хочу перенести номер от другого оператора, что нужно?',
  'Подскажите, как подключить тариф «Безлимит»?',
  'Списали деньги за подписку, которую я не подключал',
  'Как заказать детализацию звонков за прошлый месяц?',
  'Модем не видит сеть после обновления прошивки',
  'Можно ли оставить номер при переезде в другой регион?',
  'Не приходят SMS с кодами от банка',
];

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const suite = await openBrowserSuite({});
  try {
    await seedCenter(suite.server);
    for (const locale of locales) await workspaceScreens(suite.browser, suite.base, locale);
    for (const locale of locales) await widgetScreen(suite.browser, suite.base, locale);
  } finally {
    await suite.browser.close();
    await suite.server.close();
  }
}

/** A routing set-up worth looking at, and a queue of customers of whom the first is being answered. */
async function seedCenter(server: TestServer): Promise<void> {
  const admin = await loginAs(server, { email: 'setup@example.com', role: 'admin' });
  const english = await adminCreate<{ id: number; slug: string }>(server, admin, '/skills', {
    slug: 'english',
    nameRu: 'Английский язык',
    nameEn: 'English',
  });
  const b2b = await adminCreate<{ id: number }>(server, admin, '/skills', {
    slug: 'b2b',
    nameRu: 'Корпоративные клиенты',
    nameEn: 'Business customers',
  });
  const policy = await adminCreate<{ id: number }>(server, admin, '/sla-policies', {
    name: 'Chat 2 min',
    firstResponseSeconds: 120,
    nextResponseSeconds: 300,
    resolutionSeconds: 4 * 3600,
  });
  const hours = await adminCreate<{ id: number }>(server, admin, '/business-hours', {
    name: 'B2B office',
    timeZone: 'Europe/Moscow',
    weekly: {
      mon: [['09:00', '18:00']],
      tue: [['09:00', '18:00']],
      wed: [['09:00', '18:00']],
      thu: [['09:00', '18:00']],
      fri: [['09:00', '17:00']],
    },
  });
  const queue = await adminCreate<{ id: number }>(server, admin, '/queues', {
    nameRu: 'Корпоративная линия',
    nameEn: 'Business line',
  });
  await adminCreate(server, admin, '/entry-points', {
    slug: 'b2b-chat',
    nameRu: 'Чат для бизнеса',
    nameEn: 'Business chat',
    queueId: queue.id,
    skills: [{ skillId: b2b.id, level: 2 }],
    priority: 3,
    slaPolicyId: policy.id,
    businessHoursId: hours.id,
    outOfHoursRu: 'Мы работаем по будням с 9:00 до 18:00 (МСК) и ответим утром.',
    outOfHoursEn: 'We work on weekdays 9:00–18:00 (Moscow) and will answer in the morning.',
  });
  const settings = await adminRequest(server, admin, 'PUT', '/settings/routing', {
    languageSkills: { en: english.slug },
    tagSkills: { b2b: 'b2b' },
    channelWeights: { webchat: 33, email: 20 },
  });
  if (settings.statusCode !== 200) throw new Error(`routing settings: ${settings.body}`);

  const olga = await loginAs(server, { email: 'olga@example.com', queueIds: [1], capacity: 1, online: true });
  for (const [i, question] of questions.entries()) {
    const visitor = await startVisitor(server, 'general', { name: clientNames[i] });
    const sent = await customerSends(server, visitor, question);
    const caseId = await caseOfMessage(server, sent.messageId);
    if (i === 0) {
      await replyAsOperator(
        server,
        olga,
        caseId,
        'Здравствуйте! Проверю настройки вашей линии, это займёт пару минут.',
      );
      await customerSends(server, visitor, 'Хорошо, жду. Номер +7 916 123-45-67');
    }
  }
}

const clientNames = [
  'Мария Иванова',
  'Дмитрий Орлов',
  'Елена Соколова',
  'Сергей Волков',
  'Ирина Морозова',
  'Алексей Новиков',
  'Татьяна Козлова',
  'Павел Лебедев',
];

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: resolve(out, `${name}.png`) });
  console.log(`wrote ${name}.png`);
}

async function workspaceScreens(browser: Browser, base: string, locale: Locale): Promise<void> {
  const context = await browser.newContext({ locale: locale === 'ru' ? 'ru-RU' : 'en-US', viewport });
  const page = await context.newPage();
  // The operator: her case open (the reply box focused), the queue behind her, the shortcuts.
  await logInToWorkspace(page, base, { email: 'olga@example.com', password });
  await page.getByTestId('inbox').locator('li button').first().click();
  await page.getByTestId('composer-input').waitFor();
  await shoot(page, `${locale}-operator-case`);
  await page.getByTestId('inbox-tab-queue').click();
  await page.getByTestId('inbox-count').waitFor();
  await shoot(page, `${locale}-operator-queue`);
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.getByTestId('shortcut-help').waitFor();
  await shoot(page, `${locale}-shortcut-help`);
  await context.close();

  // The administrator's routing screens.
  const adminContext = await browser.newContext({ locale: locale === 'ru' ? 'ru-RU' : 'en-US', viewport });
  const admin = await adminContext.newPage();
  await logInToWorkspace(admin, base, { email: 'setup@example.com', password });
  await admin.getByTestId('nav-acd').click();
  await admin.getByTestId('acd-screen').waitFor();
  for (const tab of acdTabs) {
    await admin.getByTestId(`acd-tab-${tab}`).click();
    await shoot(admin, `${locale}-admin-${tab}`);
  }
  await adminContext.close();
}

/** A second visitor in the general queue sees their place and the estimate. */
async function widgetScreen(browser: Browser, base: string, locale: Locale): Promise<void> {
  const context = await browser.newContext({
    locale: locale === 'ru' ? 'ru-RU' : 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto(`${base}/demo/?lang=${locale}`);
  await page.getByTestId('fl-launcher').click();
  await page
    .getByTestId('fl-input')
    .fill(locale === 'ru' ? 'Здравствуйте, не могу оплатить счёт картой' : 'Hello, my card payment fails');
  await page.getByTestId('fl-send').click();
  await page.getByTestId('fl-queue-position').waitFor({ timeout: 15_000 });
  await shoot(page, `${locale}-widget-queue-position`);
  await context.close();
}

await main();
