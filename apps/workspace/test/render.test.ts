import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderInLocale as render } from './render-in-locale.ts';
import {
  noticeText,
  type CaseDetail,
  type Locale,
  type Message,
  type MessageNotice,
} from '@frontline/shared';
import { createApi } from '../src/api.ts';
import { CaseView } from '../src/components/CaseView.tsx';
import { CustomerCard } from '../src/components/CustomerCard.tsx';
import { Inbox } from '../src/components/Inbox.tsx';
import { LoginScreen } from '../src/components/LoginScreen.tsx';
import { MessageItem } from '../src/components/MessageItem.tsx';
import { Timeline } from '../src/components/Timeline.tsx';
import { aCase, aMessage, me } from './fixtures.ts';

/** The timeline of case 100 showing `messages` (those of other cases behind a divider), in `locale`. */
const renderTimeline = (messages: Message[], locale: Locale = 'en') =>
  render(createElement(Timeline, { currentCaseId: 100, messages }), locale);

const detail: CaseDetail = {
  ...aCase({ id: 100, status: 'assigned', assigneeId: 2 }),
  replyWindow: { channelKind: 'webchat', closesAt: null, open: true },
  buttons: false,
  customer: {
    id: 7,
    displayName: 'Ivan <b>Petrov</b>',
    createdAt: '2024-01-01T00:00:00Z',
    identities: [
      {
        id: 1,
        channelKind: 'webchat',
        channelAccountId: 1,
        externalId: 'user-42',
        displayName: null,
        verifiedBy: 'hmac',
      },
    ],
    contactPoints: [{ id: 1, kind: 'phone', value: '+79001234567', attestedBy: 'crm' }],
  },
};

/** What the case view is handed for `detail` with an offline API and nothing loaded, with `props` on top. */
function caseViewProps<P extends object>(props: P) {
  return {
    api: createApi({ fetch: () => Promise.reject(new Error('offline')) }),
    me,
    detail,
    timeline: [],
    queues: [],
    operators: [],
    customerTyping: false,
    onCaseChanged: () => undefined,
    onSend: async () => undefined,
    onTyping: () => undefined,
    onLoadOperators: async () => undefined,
    ...props,
  };
}

/** What the inbox is handed on the open tab, all loaded, with `props` on top. */
function inboxProps<P extends object>(props: P) {
  return {
    filter: { tab: 'open', queueId: null } as const,
    loading: false,
    total: 0,
    hasMore: false,
    onMore: () => undefined,
    error: null,
    queues: [],
    openCaseId: null,
    onFilter: () => undefined,
    onOpen: () => undefined,
    ...props,
  };
}

describe('rendering', () => {
  it('shows how many inbox cases are loaded of how many there are, and "show more", in both languages', () => {
    const props = inboxProps({
      cases: [aCase({ id: 1 }), aCase({ id: 2 })],
      total: 412,
      hasMore: true,
    });
    expect(render(createElement(Inbox, props), 'en')).toContain('2 of 412');
    expect(render(createElement(Inbox, props), 'en')).toContain('Show more');
    expect(render(createElement(Inbox, props), 'ru')).toContain('2 из 412');
    expect(render(createElement(Inbox, props), 'ru')).toContain('Показать ещё');
    expect(render(createElement(Inbox, { ...props, hasMore: false }), 'en')).not.toContain('Show more');
  });

  it("shows an inbox preview that is a notice in the operator's language; the customer's own words as they are", () => {
    const props = inboxProps({
      cases: [
        aCase({
          id: 1,
          lastMessageText:
            '🛒 Order from catalog CAT1 (1 item)\n• 3 × SKU-1 — 2.5 USD\nTotal: 7.5 USD\nAfter 6 pm',
          lastMessageNotices: [
            {
              code: 'order',
              catalogId: 'CAT1',
              items: [{ productId: 'SKU-1', quantity: 3, price: 2.5, currency: 'USD' }],
            },
          ],
        }),
        aCase({
          id: 2,
          lastMessageText: 'Shared their phone number: +79990000000',
          lastMessageNotices: null,
        }),
      ],
      total: 2,
    });
    const ru = render(createElement(Inbox, props), 'ru');
    expect(ru).toContain(
      '🛒 Заказ из каталога CAT1 (1 позиция)\n• 3 × SKU-1 — 2.5 USD\nИтого: 7.5 USD\nAfter 6 pm',
    );
    expect(ru).not.toContain('Order from catalog');
    // Without notices (an older message), the preview is the stored text.
    expect(ru).toContain('Shared their phone number: +79990000000');
    const en = render(createElement(Inbox, props), 'en');
    expect(en).toContain(
      '🛒 Order from catalog CAT1 (1 item)\n• 3 × SKU-1 — 2.5 USD\nTotal: 7.5 USD\nAfter 6 pm',
    );
  });

  it('renders message text as text, with direction hooks, case dividers and status ticks', () => {
    const html = renderTimeline([
      aMessage({ id: 1, caseId: 99, text: '<img src=x onerror=alert(1)>\nline 2' }),
      aMessage({
        id: 2,
        direction: 'out',
        status: 'failed',
        statusReason: 'blocked by user',
        authorName: 'Anna',
      }),
      aMessage({ id: 3, direction: 'note', channelKind: null, status: 'sent', text: 'check billing' }),
      aMessage({ id: 4, direction: 'out', status: 'read' }),
    ]);
    expect(html).toContain('data-testid="timeline"');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\nline 2');
    expect(html).toMatch(/data-testid="msg-1" data-direction="in"/);
    expect(html).toMatch(/data-testid="msg-3" data-direction="note"/);
    expect(html).toContain('Internal note');
    expect(html).toContain('data-testid="msg-status-2"');
    expect(html).toContain('Not delivered: blocked by user');
    expect(html).toContain('data-testid="msg-status-4" data-status="read"');
    expect(html).not.toContain('msg-status-3');
    expect(html.match(/role="separator"/g)).toHaveLength(2);
  });

  it('renders the case view hooks and actions for a case assigned to someone else', () => {
    const html = render(
      createElement(CaseView, caseViewProps({ queues: [{ id: 10, name: 'Billing' }], customerTyping: true })),
      'ru',
    );
    for (const id of [
      'case-view',
      'btn-take',
      'btn-transfer',
      'btn-resolve',
      'typing-indicator',
      'composer-input',
      'composer-send',
      'composer-note-toggle',
    ]) {
      expect(html, id).toContain(`data-testid="${id}"`);
    }
    expect(html).not.toContain('data-testid="btn-reopen"');
    expect(html).toContain('Назначить на себя');
    expect(html).toContain('Ivan &lt;b&gt;Petrov&lt;/b&gt;');
  });

  it("offers the Buttons toggle only when the customer's channel shows buttons", () => {
    const caseView = (buttons: boolean) =>
      render(createElement(CaseView, caseViewProps({ detail: { ...detail, buttons } })), 'ru');
    const telegram = caseView(true);
    expect(telegram).toContain('data-testid="composer-buttons-toggle"');
    expect(telegram).toContain('>Кнопки</button>');
    expect(telegram).not.toContain('data-testid="composer-button-input"'); // closed until toggled
    expect(caseView(false)).not.toContain('composer-buttons-toggle');
  });

  it("offers Ask for phone only when the customer's channel can ask, and not on a resolved case", () => {
    const caseView = (requestPhone: boolean, locale: Locale, status: CaseDetail['status'] = 'assigned') =>
      render(createElement(CaseView, caseViewProps({ detail: { ...detail, requestPhone, status } })), locale);
    expect(caseView(true, 'ru')).toContain('>Запросить телефон</button>');
    expect(caseView(true, 'en')).toContain('>Ask for phone</button>');
    expect(caseView(false, 'en')).not.toContain('data-testid="request-phone"');
    expect(caseView(true, 'en', 'resolved')).not.toContain('data-testid="request-phone"');
  });

  it('shows the buttons sent with a reply as plain chips, as text', () => {
    const html = renderTimeline([
      aMessage({ id: 1, direction: 'out', status: 'sent', buttons: ['Да', '<b>Нет</b>'] }),
      aMessage({ id: 2, text: 'Да' }),
    ]);
    expect(html.match(/data-testid="message-buttons"/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Buttons sent with the message"');
    expect(html).toContain(
      '<li class="chip chip-button">Да</li><li class="chip chip-button">&lt;b&gt;Нет&lt;/b&gt;</li>',
    );
    const chips = /<ul[^>]*data-testid="message-buttons"[^>]*>(.*?)<\/ul>/.exec(html)?.[1] ?? '';
    expect(chips).not.toContain('<button'); // not clickable: the customer taps them in the messenger
  });

  it('renders the customer card and the login form', () => {
    const card = render(createElement(CustomerCard, { customer: detail.customer }));
    expect(card).toContain('data-testid="customer-card"');
    expect(card).toContain('user-42');
    expect(card).toContain('confirmed: crm');
    const login = render(
      createElement(LoginScreen, { api: createApi(), notice: null, onSignedIn: () => undefined }),
      'ru',
    );
    for (const id of ['login-email', 'login-password', 'login-submit', 'lang-switch'])
      expect(login).toContain(`data-testid="${id}"`);
    expect(login).toContain('Войти');
  });

  it('shows why an identity is unreachable (a bounce, a blocked bot) on the customer card, in both languages', () => {
    const customer = {
      ...detail.customer,
      identities: [
        {
          id: 9,
          channelKind: 'email' as const,
          channelAccountId: 4,
          externalId: 'ann@customer.test',
          displayName: 'Ann',
          verifiedBy: null,
          unreachableReason: 'mail bounced: 5.1.1 550 5.1.1 <user unknown>',
        },
      ],
    };
    const en = render(createElement(CustomerCard, { customer }));
    expect(en).toContain('data-testid="identity-unreachable"');
    expect(en).toContain('Unreachable here: mail bounced: 5.1.1 550 5.1.1 &lt;user unknown&gt;');
    const ru = render(createElement(CustomerCard, { customer }), 'ru');
    expect(ru).toContain('Недоступен в этом канале: mail bounced');
    const reachable = render(createElement(CustomerCard, { customer: detail.customer }));
    expect(reachable).not.toContain('identity-unreachable');
  });

  it('shows an e-mail subject, an "automatic" badge with its reason and the quoted-text toggle, as text', () => {
    const timeline = (locale: Locale) =>
      renderTimeline(
        [
          aMessage({
            id: 1,
            channelKind: 'email',
            subject: 'Order <b>#42</b>',
            text: 'It works now, thanks!',
            fullText:
              'It works now, thanks!\n\n> On Monday <support@example.com> wrote:\n> <script>x</script>',
          }),
          aMessage({
            id: 2,
            channelKind: 'email',
            subject: 'Out of office',
            automated: 'Auto-Submitted: auto-replied',
            text: 'I am away until Monday.',
          }),
          aMessage({ id: 3, channelKind: 'telegram', text: 'plain chat', subject: null, automated: null }),
        ],
        locale,
      );
    const html = timeline('en');
    expect(html.match(/data-testid="message-subject"/g)).toHaveLength(2);
    expect(html).toContain('Order &lt;b&gt;#42&lt;/b&gt;');
    expect(html).not.toContain('<b>#42');
    expect(html.match(/data-testid="message-automated"/g)).toHaveLength(1);
    expect(html).toMatch(/data-testid="message-automated" title="[^"]*Auto-Submitted: auto-replied"/);
    expect(html).toContain('>automatic<');
    // Only the mail with a quoted part has the toggle; it starts collapsed, showing the reply.
    expect(html.match(/data-testid="message-quoted-toggle"/g)).toHaveLength(1);
    expect(html).toContain('show quoted text');
    expect(html).toContain('It works now, thanks!');
    expect(html).not.toContain('On Monday');
    const ru = timeline('ru');
    expect(ru).toContain('показать цитату');
    expect(ru).toContain('>автоответ<');
    expect(ru).toContain('Эл. почта');
  });

  it("shows the server's notices inside a message in the operator's language; old messages keep their text", () => {
    const timeline = (locale: Locale) =>
      renderTimeline(
        [
          aMessage({
            id: 1,
            channelKind: 'telegram',
            text: 'Вот мой номер\nShared their phone number: +79001234567\n[sticker 👍]\n📍 55.75, 37.61',
            notices: [
              { code: 'phone_shared', phone: '+79001234567' },
              { code: 'sticker', label: '👍' },
              { code: 'location', latitude: 55.75, longitude: 37.61, place: null },
            ],
          }),
          aMessage({
            id: 2,
            channelKind: 'whatsapp',
            text: '⚠️ The customer sent a WhatsApp message of type "order" that Frontline cannot show',
            notices: [{ code: 'unsupported_type', channel: 'whatsapp', type: 'order' }],
          }),
          aMessage({ id: 3, channelKind: 'viber', text: 'Shared their phone number: +79990000000' }),
        ],
        locale,
      );
    const ru = timeline('ru');
    expect(ru).toContain('Вот мой номер');
    expect(ru).toContain('Поделился своим номером телефона: +79001234567');
    expect(ru).toContain('[стикер 👍]');
    expect(ru).toContain('📍 55.75, 37.61');
    expect(ru).toContain(
      'Клиент отправил сообщение WhatsApp типа «order», которое Frontline не может показать',
    );
    expect(ru).not.toContain('Shared their phone number: +79001234567');
    expect(ru).not.toContain('[sticker');
    expect(ru).toContain('data-notice="phone_shared"');
    // Stored before notices were structured: the English text as it was.
    expect(ru).toContain('Shared their phone number: +79990000000');
    const en = timeline('en');
    expect(en).toContain('Shared their phone number: +79001234567');
    expect(en).toContain('[sticker 👍]');
    expect(en).toContain('The customer sent a WhatsApp message of type “order” that Frontline cannot show');
  });

  it("shows orders, ad referrals, form answers, number changes and invitations in the operator's language", () => {
    const order: MessageNotice = {
      code: 'order',
      catalogId: 'CAT1',
      items: [
        { productId: 'SKU-1', quantity: 2, price: 10.5, currency: 'EUR' },
        { productId: null, quantity: 1, price: null, currency: null },
      ],
    };
    const referral: MessageNotice = {
      code: 'referral',
      sourceType: 'ad',
      headline: 'Winter sale',
      body: 'All jackets',
      url: 'https://fb.me/ad1',
    };
    const form: MessageNotice = { code: 'form_answers', answers: [{ field: 'full_name', value: 'Sheena' }] };
    const moved: MessageNotice = {
      code: 'number_changed',
      channel: 'whatsapp',
      from: '+16505551234',
      to: null,
    };
    const renamed: MessageNotice = { code: 'account_id_changed', channel: 'whatsapp' };
    const viber: MessageNotice = { code: 'unsupported_type', channel: 'viber', type: 'rich_media' };
    const invitation: MessageNotice = {
      code: 'calendar_invitation',
      method: 'CANCEL',
      title: 'Router visit',
      start: '2026-12-03 10:00 UTC',
    };
    const message = (id: number, channelKind: 'whatsapp' | 'viber' | 'email', notices: MessageNotice[]) =>
      aMessage({ id, channelKind, text: notices.map(noticeText).join('\n'), notices });
    const timeline = (locale: Locale) =>
      renderTimeline(
        [
          aMessage({
            id: 1,
            channelKind: 'whatsapp',
            text: `${noticeText(order)}\nAfter 6 pm please`,
            notices: [order],
          }),
          aMessage({
            id: 2,
            channelKind: 'whatsapp',
            text: `Hi\n${noticeText(referral)}`,
            notices: [referral],
          }),
          message(3, 'whatsapp', [form]),
          { ...message(4, 'whatsapp', [moved]), direction: 'note' as const, channelKind: null },
          { ...message(5, 'whatsapp', [renamed]), direction: 'note' as const, channelKind: null },
          message(6, 'viber', [viber]),
          aMessage({
            id: 7,
            channelKind: 'email',
            text: `See you\n${noticeText(invitation)}`,
            notices: [invitation],
          }),
        ],
        locale,
      );
    const ru = timeline('ru');
    for (const line of [
      '🛒 Заказ из каталога CAT1 (позиций: 2)\n• 2 × SKU-1 — 10.5 EUR\n• 1 × ?\nИтого: 21 EUR',
      'After 6 pm please',
      'Hi',
      '📣 Из рекламы: «Winter sale» — All jackets (https://fb.me/ad1)',
      '📝 Ответы формы:\nfull name: Sheena',
      'Клиент сменил номер WhatsApp: +16505551234 → новый номер',
      'У клиента сменился идентификатор аккаунта WhatsApp (переписка продолжается)',
      'Клиент отправил сообщение Viber типа «rich_media», которое Frontline не может показать',
      '📅 Отменено: Router visit — 2026-12-03 10:00 UTC',
      'See you',
    ])
      expect(ru).toContain(line);
    for (const english of [
      'Order',
      'Total',
      'From an ad',
      'Form answers',
      'Changed their',
      'account id',
      'Cancelled',
    ])
      expect(ru).not.toContain(english);
    expect(ru).toContain('data-notice="order"');
    const en = timeline('en');
    for (const notice of [order, form, moved, renamed, invitation]) expect(en).toContain(noticeText(notice));
    expect(en).toContain('📣 From an ad: “Winter sale” — All jackets (https://fb.me/ad1)');
    expect(en).toContain(
      '⚠️ The customer sent a Viber message of type “rich_media” that Frontline cannot show',
    );
  });

  it("shows a mail's notices in the operator's language in the whole mail with its quoted part too", () => {
    const invitation: MessageNotice = {
      code: 'calendar_invitation',
      method: 'REQUEST',
      title: 'Router visit',
      start: '2026-12-03 10:00 UTC',
    };
    const mail = aMessage({
      id: 1,
      channelKind: 'email',
      subject: 'Visit',
      text: `See you\n${noticeText(invitation)}`,
      fullText: `See you\n\n> On Monday <support@example.com> wrote:\n> When can you come?\n${noticeText(invitation)}`,
      notices: [invitation],
    });
    const item = (defaultShowQuoted: boolean) =>
      render(createElement(MessageItem, { message: mail, defaultShowQuoted }), 'ru');
    const reply = item(false);
    const whole = item(true);
    expect(reply).not.toContain('On Monday');
    expect(whole).toContain('&gt; On Monday &lt;support@example.com&gt; wrote:');
    expect(whole).toContain('скрыть цитату');
    for (const html of [reply, whole]) {
      expect(html).toContain('data-notice="calendar_invitation"');
      expect(html).toContain('📅 Приглашение: Router visit — 2026-12-03 10:00 UTC');
      expect(html).toContain('See you');
      expect(html).not.toContain(noticeText(invitation));
    }
  });

  it("shows seeded queue names in the operator's language", () => {
    const view = (locale: Locale) =>
      render(
        createElement(
          CaseView,
          caseViewProps({
            detail: { ...detail, queueId: 10 },
            queues: [
              {
                id: 10,
                name: 'General support (614)',
                nameRu: 'Общая поддержка (614)',
                nameEn: 'General support (614)',
              },
            ],
          }),
        ),
        locale,
      );
    expect(view('ru')).toContain('<b>Общая поддержка (614)</b>');
    expect(view('en')).toContain('<b>General support (614)</b>');
  });
});
