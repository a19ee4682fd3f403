import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webChatInbound } from '../../apps/server/test/support/customers.ts';
import type { TestServer } from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

const vera = { email: 'vera@example.com', password: 'supervisor-pass-1' };

/**
 * A visitor of the MNP topic answers the pre-chat form in the widget (the server's field errors shown inline),
 * then chats; a supervisor's customer card shows the typed phone as unconfirmed, suggests the customer who has
 * that phone confirmed, merges them and undoes the merge.
 */
describe('pre-chat form and customer card (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;

  startBrowserSuite(
    {
      operators: [{ ...vera, name: 'Вера Supervisor', role: 'supervisor', capacity: 5, queueIds: [1, 2] }],
    },
    (suite) => {
      ({ server, base, browser } = suite);
    },
  );

  it('the MNP form asks for the phone, the card shows it unconfirmed and suggests a merge that can be undone', async () => {
    // Someone whose phone a channel confirmed: the typed one must not join them, only be suggested.
    await webChatInbound(server, {
      externalId: 'user:crm-boris',
      verifiedBy: 'jwt',
      displayName: 'Boris',
      contactPoints: [{ kind: 'phone', value: '+79165551234', attestedBy: 'jwt' }],
    });

    const customerContext = await browser.newContext({ locale: 'en-US' });
    const operatorContext = await browser.newContext({ locale: 'en-US' });
    try {
      const customer = await customerContext.newPage();
      await customer.goto(`${base}/demo/?entry=mnp&lang=en`);
      await customer.getByTestId('fl-launcher').click();
      const form = customer.getByTestId('fl-prechat');
      await expect.poll(() => form.isVisible()).toBe(true);
      const phone = customer.getByLabel('Phone number');
      expect(await phone.getAttribute('type')).toBe('tel');
      expect(await customer.getByTestId('fl-input').count()).toBe(0); // no chat before the form

      await customer.getByTestId('fl-prechat-submit').click();
      await expect.poll(() => form.textContent()).toContain('Please fill this in.');
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      await phone.fill('12345');
      await customer.getByTestId('fl-prechat-submit').click();
      await expect.poll(() => form.textContent()).toContain('This is not a phone number');

      await phone.fill('8 916 555-12-34');
      await customer.getByLabel('Your name').fill('Борис');
      await customer.getByTestId('fl-prechat-submit').click();
      await customer.getByTestId('fl-input').fill('Хочу перенести номер');
      await customer.getByTestId('fl-send').click();
      await expect
        .poll(() => customer.getByTestId('fl-message-in').first().textContent())
        .toContain('Хочу перенести номер');

      const visitorCase = await server.store.db
        .selectFrom('cases')
        .innerJoin('identities', 'identities.customer_id', 'cases.customer_id')
        .select(['cases.id', 'cases.customer_id'])
        .where('identities.external_id', 'like', 'visitor:%')
        .executeTakeFirstOrThrow();

      const operator = await operatorContext.newPage();
      await logInToWorkspace(operator, base, vera);
      await expect.poll(() => operator.getByTestId('conn-status').count()).toBe(1);
      await operator.goto(`${base}/app/#case-${visitorCase.id}`);
      await operator.reload();

      const card = operator.getByTestId('customer-card');
      const point = card.getByTestId('contact-point').filter({ hasText: '+79165551234' });
      await expect.poll(() => point.getAttribute('data-attested'), { timeout: 10_000 }).toBe('false');
      expect(await point.getByTestId('contact-attestation').textContent()).toMatch(
        /unconfirmed|не подтверждён/,
      );
      const suggestion = card.getByTestId('merge-suggestion');
      await expect.poll(() => suggestion.textContent()).toMatch(/Boris/);

      await suggestion.getByTestId('merge-button').click();
      await operator.getByTestId('merge-confirm').getByTestId('confirm-ok').click();
      await expect.poll(() => card.getByTestId('merge-entry').count()).toBe(1);
      expect(await card.getByTestId('merge-suggestion').count()).toBe(0);
      // Boris's confirmed phone joined the card.
      await expect
        .poll(() => card.locator('[data-testid="contact-point"][data-attested="true"]').count())
        .toBe(1);

      await card.getByTestId('undo-merge-button').click();
      await operator.getByTestId('undo-merge-confirm').getByTestId('confirm-ok').click();
      await expect.poll(() => card.getByTestId('merge-entry').count()).toBe(0);
      await expect.poll(() => card.getByTestId('merge-suggestion').count()).toBe(1);
      expect(await card.getByTestId('customer-card-error').count()).toBe(0);

      // Nothing was joined by the typed phone itself.
      const customers = await server.store.db
        .selectFrom('customers')
        .select('id')
        .where('merged_into_customer_id', 'is', null)
        .execute();
      expect(customers.length).toBe(2);
    } finally {
      await customerContext.close();
      await operatorContext.close();
    }
  });
});
