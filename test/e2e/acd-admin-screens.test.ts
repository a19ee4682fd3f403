import type { AdminEntryPoint, AdminOperator, AdminQueue, RoutingSettings, Skill } from '@frontline/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caseAudience } from '../../apps/server/src/modules/events/case-audience.ts';
import { toCaseSummary } from '../../apps/server/src/modules/views.ts';
import { adminRequest } from '../../apps/server/test/support/admin.ts';
import { caseOfMessage, caseRow } from '../../apps/server/test/support/cases.ts';
import {
  customerSends,
  loginAs,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

/**
 * An admin sets up routing through the workspace's Routing screen (a skill, a queue, an entry point requiring
 * the skill, an operator's skills and capacity) and the server holds exactly that; a supervisor sees it
 * read-only.
 */
describe('routing administration screens (Chromium)', () => {
  let server: TestServer;
  let admin: LoggedIn;
  let boris: LoggedIn;
  let page: Page;

  const get = async <T>(path: string): Promise<T> =>
    (await adminRequest(server, admin, 'GET', path)).json<T>();

  let browser: Browser;
  let base: string;

  startBrowserSuite({}, async (suite) => {
    ({ browser, base } = suite);
    server = suite.server;
    admin = await loginAs(server, { email: 'anna@example.com', role: 'admin' });
    boris = await loginAs(server, { email: 'boris@example.com', role: 'operator', capacity: 3 });
    await loginAs(server, { email: 'sofia@example.com', role: 'supervisor' });
    page = await (await suite.browser.newContext({ locale: 'en-US' })).newPage();
    await logInToWorkspace(page, suite.base, { email: 'anna@example.com', password: 'test-operator-pass-1' });
    await page.getByTestId('nav-acd').click();
    await page.getByTestId('acd-screen').waitFor();
  });

  it('creates a skill, showing the server’s refusal of a bad slug on the slug field', async () => {
    await page.getByTestId('acd-tab-skills').click();
    await page.getByTestId('skills-new').click();
    await page.getByTestId('skill-slug').fill('VIP customers');
    await page.getByTestId('skill-name-ru').fill('VIP-клиенты');
    await page.getByTestId('skill-name-en').fill('VIP customers');
    await page.getByTestId('skill-form-save').click();
    await page.getByTestId('skill-slug-problem').waitFor();
    expect(await page.getByTestId('skill-name-ru-problem').count()).toBe(0);
    await page.getByTestId('skill-slug').fill('vip');
    await page.getByTestId('skill-form-save').click();
    await expect.poll(() => page.getByTestId('skills-table').textContent()).toContain('VIP-клиенты');
    expect(await page.getByTestId('skill-form').count()).toBe(0);
    const skills = await get<Skill[]>('/skills');
    expect(skills.map(({ slug, nameRu, nameEn }) => ({ slug, nameRu, nameEn }))).toEqual([
      { slug: 'vip', nameRu: 'VIP-клиенты', nameEn: 'VIP customers' },
    ]);
  });

  it('creates a queue', async () => {
    await page.getByTestId('acd-tab-queues').click();
    await page.getByTestId('queues-new').click();
    await page.getByTestId('queue-name-ru').fill('VIP-очередь');
    await page.getByTestId('queue-name-en').fill('VIP queue');
    await page.getByTestId('queue-form-save').click();
    await expect.poll(() => page.getByTestId('queues-table').textContent()).toContain('VIP queue');
    const queues = await get<AdminQueue[]>('/queues');
    expect(queues.find((q) => q.nameEn === 'VIP queue')).toMatchObject({ nameRu: 'VIP-очередь', cases: 0 });
    // The workspace's own queue list (the inbox filter) has it too, without a reload.
    await page.getByTestId('nav-inbox').click();
    const filter = page.getByRole('combobox', { name: 'Queue filter' });
    await expect
      .poll(async () => (await filter.locator('option').allTextContents()).join('|'))
      .toContain('VIP queue');
    await page.getByTestId('nav-acd').click();
  });

  it('creates an entry point in that queue requiring the skill at level 3', async () => {
    const queue = (await get<AdminQueue[]>('/queues')).find((q) => q.nameEn === 'VIP queue')!;
    const skill = (await get<Skill[]>('/skills'))[0]!;
    await page.getByTestId('acd-tab-entry-points').click();
    await page.getByTestId('entry-points-new').click();
    await page.getByTestId('ep-slug').fill('vip-chat');
    await page.getByTestId('ep-nameRu').fill('VIP-чат');
    await page.getByTestId('ep-nameEn').fill('VIP chat');
    await page.getByTestId('ep-queue').selectOption(String(queue.id));
    await page.getByTestId('ep-skill-vip').check();
    await page.getByTestId('ep-skill-vip-level').selectOption('3');
    await page.getByTestId('ep-priority').fill('10');
    await page.getByTestId('ep-prechat-email').selectOption('required');
    await page.getByTestId('ep-form-save').click();
    await expect.poll(() => page.getByTestId('entry-points-table').textContent()).toContain('vip-chat');
    const created = (await get<AdminEntryPoint[]>('/entry-points')).find((ep) => ep.slug === 'vip-chat');
    expect(created).toMatchObject({
      nameRu: 'VIP-чат',
      nameEn: 'VIP chat',
      queueId: queue.id,
      skills: [{ skillId: skill.id, level: 3 }],
      priority: 10,
      preChatFields: [{ key: 'email', required: true }],
    });
  });

  it("edits an operator's skills, capacity and web chat limit", async () => {
    const skill = (await get<Skill[]>('/skills'))[0]!;
    await page.getByTestId('acd-tab-operators').click();
    await page.getByTestId(`operators-edit-${boris.operatorId}`).click();
    await page.getByTestId('operator-skill-vip').check();
    await page.getByTestId('operator-skill-vip-level').selectOption('4');
    await page.getByTestId('operator-capacity').fill('5');
    await page.getByTestId('operator-limit-webchat').fill('2');
    await page.getByTestId('operator-form-save').click();
    await expect
      .poll(() => page.getByTestId(`operators-row-${boris.operatorId}`).textContent())
      .toContain('vip 4');
    const saved = (await get<AdminOperator[]>('/operators')).find((o) => o.id === boris.operatorId);
    expect(saved).toMatchObject({
      capacity: 5,
      skills: [{ skillId: skill.id, level: 4 }],
      channelLimits: { webchat: 2 },
    });
    expect(await page.getByTestId('operators-error').count()).toBe(0);
  });

  it('changes the routing settings, showing the server’s refusal of an unknown skill on its field', async () => {
    await page.getByTestId('acd-tab-routing').click();
    await page.getByTestId('routing-weight-email').fill('2');
    await page.getByTestId('routing-stickyHours').fill('12');
    await page.getByTestId('routing-languageSkills').fill('en = nope');
    await page.getByTestId('routing-form-save').click();
    await expect
      .poll(() => page.getByTestId('routing-languageSkills-problem').textContent())
      .toContain('nope');
    expect((await get<RoutingSettings>('/settings/routing')).stickyHours).toBe(24);
    await page.getByTestId('routing-languageSkills').fill('en = vip');
    await page.getByTestId('routing-form-save').click();
    await page.getByTestId('routing-saved').waitFor();
    expect(await get<RoutingSettings>('/settings/routing')).toMatchObject({
      channelWeights: { email: 2 },
      stickyHours: 12,
      languageSkills: { en: 'vip' },
      relaxAfterSeconds: [120, 300],
    });
  });

  it('at 1440×900 in Russian the whole top bar fits: search, presence, language and Log out', async () => {
    const ru = await (
      await browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 900 } })
    ).newPage();
    await logInToWorkspace(ru, base, { email: 'anna@example.com', password: 'test-operator-pass-1' });
    await ru.getByTestId('nav-acd').click();
    const logout = ru.getByRole('button', { name: 'Выйти' });
    await logout.waitFor();
    const right = async (testId: string | null) => {
      const box = await (testId ? ru.getByTestId(testId) : logout).boundingBox();
      return box ? box.x + box.width : Infinity;
    };
    expect(await right(null)).toBeLessThanOrEqual(1440);
    const search = await ru.getByTestId('search').boundingBox();
    expect(search?.width ?? 0).toBeGreaterThanOrEqual(140);
    await ru.context().close();
  });

  it('an SLA escalation alerts the admin with a desktop notification that names the case and the target', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addInitScript(() => {
      const shown: Array<{ title: string; body: string }> = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          shown.push({ title, body: options.body });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
    });
    const alerted = await context.newPage();
    await logInToWorkspace(alerted, base, { email: 'anna@example.com', password: 'test-operator-pass-1' });
    await expect.poll(() => alerted.getByTestId('conn-status').getAttribute('data-state')).toBe('online');
    const visitor = await startVisitor(server, 'general', { name: 'Escalated Customer' });
    const caseId = await caseOfMessage(
      server,
      (await customerSends(server, visitor, 'Still waiting')).messageId,
    );
    const row = await caseRow(server, caseId);
    await server.store.write((tx) =>
      server.services.events.toOperators(
        tx,
        {
          type: 'case.escalated',
          case: toCaseSummary(row, { customerName: 'Escalated Customer', lastChannelKind: 'webchat' }),
          clock: 'first_response',
          dueAt: row.opened_at,
        },
        caseAudience(row),
      ),
    );
    await server.services.relay.flush();
    await expect
      .poll(() =>
        alerted.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications),
      )
      .toContainEqual({
        title: `SLA breached in case #${caseId}`,
        body: 'Escalated Customer: the first response target was missed',
      });
    await context.close();
  });

  it('shows a supervisor the same screens read-only', async () => {
    const context = await page.context().browser()!.newContext({ locale: 'en-US' });
    const supervisor = await context.newPage();
    const base = new URL(page.url()).origin;
    await logInToWorkspace(supervisor, base, {
      email: 'sofia@example.com',
      password: 'test-operator-pass-1',
    });
    await supervisor.getByTestId('nav-acd').click();
    await expect.poll(() => supervisor.getByTestId('skills-table').textContent()).toContain('vip');
    expect(await supervisor.getByTestId('skills-new').count()).toBe(0);
    await supervisor.getByTestId('acd-tab-operators').click();
    await supervisor.getByTestId(`operators-edit-${boris.operatorId}`).click();
    expect(await supervisor.getByTestId('operator-capacity').isDisabled()).toBe(true);
    expect(await supervisor.getByTestId('operator-form-save').count()).toBe(0);
    await context.close();
  });
});
