import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderInLocale as render } from './render-in-locale.ts';
import type { ChannelAccountView, Locale } from '@frontline/shared';
import { ChannelForm } from '../src/components/ChannelForm.tsx';
import { ChannelTable } from '../src/components/ChannelTable.tsx';
import { ChannelsScreen } from '../src/components/ChannelsScreen.tsx';
import { TopBar } from '../src/components/TopBar.tsx';
import { me } from './fixtures.ts';

const topBar = (role: 'operator' | 'supervisor' | 'admin', locale: Locale = 'en') =>
  render(
    createElement(TopBar, {
      me: { ...me, role },
      connection: 'online',
      view: 'inbox',
      onView: () => undefined,
      onPresence: async () => undefined,
      onLogout: async () => undefined,
    }),
    locale,
  );

const channel = (overrides: Partial<ChannelAccountView>): ChannelAccountView => ({
  id: 1,
  kind: 'webchat',
  name: 'Site chat',
  entryPointId: 1,
  status: 'active',
  webhookUrl: null,
  config: {},
  secretsSet: [],
  health: null,
  ...overrides,
});

const unused = () => Promise.reject(new Error('not in this test'));

/** The connect form as it first renders, with nothing wired to it: `initialKind` chosen, in `locale`. */
const renderChannelForm = (
  spec: Pick<Parameters<typeof ChannelForm>[0], 'entryPoints' | 'initialKind'>,
  locale: Locale = 'en',
) =>
  render(
    createElement(ChannelForm, {
      ...spec,
      onSubmit: unused,
      onConnected: () => undefined,
      onCancel: () => undefined,
    }),
    locale,
  );

describe('channels screen rendering', () => {
  it('shows the Channels navigation to admins only', () => {
    const admin = topBar('admin');
    expect(admin).toContain('data-testid="nav-channels"');
    expect(admin).toContain('data-testid="nav-inbox"');
    expect(admin).toContain('Channels');
    expect(topBar('admin', 'ru')).toContain('Каналы');
    // Supervisors have a navigation (Inbox, Routing) but no Channels; operators have none.
    expect(topBar('supervisor')).not.toContain('nav-channels');
    expect(topBar('operator')).not.toContain('nav-channels');
    expect(topBar('operator')).not.toContain('nav-inbox');
  });

  it('renders rows with health, webhook URL and set secrets (names only); web chat cannot be disconnected', () => {
    const html = render(
      createElement(ChannelTable, {
        channels: [
          channel({ health: { ok: true, detail: 'ok', checkedAt: '2025-01-01T10:00:00.000Z' } }),
          channel({
            id: 2,
            kind: 'telegram',
            name: 'Support bot',
            entryPointId: null,
            webhookUrl: 'https://frontline.example/webhooks/telegram/2',
            secretsSet: ['botToken', 'webhookSecret'],
            health: {
              ok: false,
              detail: 'bot token rejected by Telegram: re-enter it in Channel settings',
              checkedAt: '2025-01-01T10:00:00.000Z',
            },
          }),
        ],
        entryPoints: [{ id: 1, slug: 'site', nameRu: 'Сайт', nameEn: 'Website', queueId: 10 }],
        busyIds: new Set([2]),
        onCheck: () => undefined,
        onDisconnect: () => undefined,
      }),
    );
    for (const id of [
      'channel-row-1',
      'channel-health-1',
      'channel-check-1',
      'channel-row-2',
      'channel-disconnect-2',
    ])
      expect(html, id).toContain(`data-testid="${id}"`);
    expect(html).not.toContain('channel-disconnect-1');
    expect(html).toMatch(/data-testid="channel-health-1" data-ok="true"/);
    expect(html).toMatch(/data-testid="channel-health-2" data-ok="false"/);
    expect(html).toContain('bot token rejected by Telegram');
    expect(html).toContain('Website');
    expect(html).toContain('Not bound');
    expect(html).toContain('Telegram');
    expect(html).toContain('value="https://frontline.example/webhooks/telegram/2"');
    expect(html).toContain('Bot token ✓');
    expect(html).toContain('Webhook secret ✓');
    expect(html).toContain('Checking…');
  });

  it('lists the events a channel took but did not show as messages, by reason, in both languages', () => {
    const row = channel({
      id: 3,
      kind: 'whatsapp',
      ignoredEvents: [
        { code: 'status', count: 2, lastDetail: 'status deleted', lastAt: '2025-01-01T10:00:00.000Z' },
        {
          code: 'other_number',
          count: 1,
          lastDetail: "for phone number id 999, not this channel's",
          lastAt: '2025-01-01T09:00:00.000Z',
        },
      ],
    });
    const table = (locale: Locale) =>
      render(
        createElement(ChannelTable, {
          channels: [row],
          entryPoints: [],
          busyIds: new Set<number>(),
          onCheck: () => undefined,
          onDisconnect: () => undefined,
        }),
        locale,
      );
    const en = table('en');
    expect(en).toContain('data-testid="channel-ignored-3"');
    expect(en).toContain('Events not shown as messages: 3');
    expect(en).toContain('status deleted');
    expect(en).toContain('data-code="other_number"');
    expect(table('ru')).toContain('Событий без сообщения: 3');
    expect(
      render(
        createElement(ChannelTable, {
          channels: [channel({ ignoredEvents: [] })],
          entryPoints: [],
          busyIds: new Set<number>(),
          onCheck: () => undefined,
          onDisconnect: () => undefined,
        }),
      ),
    ).not.toContain('channel-ignored');
  });

  it('renders the connect form with password secret inputs the browser must not fill', () => {
    const html = renderChannelForm(
      { entryPoints: [{ id: 1, slug: 'site', nameRu: 'Сайт', nameEn: 'Website', queueId: 10 }] },
      'ru',
    );
    for (const id of [
      'channel-form',
      'channel-form-kind',
      'channel-form-name',
      'channel-form-entry',
      'channel-form-secret-botToken',
      'channel-form-secret-webhookSecret',
      'channel-form-submit',
    ])
      expect(html, id).toContain(`data-testid="${id}"`);
    const secretInputs = html.match(/<input[^>]*channel-form-secret-[^>]*>/g) ?? [];
    expect(secretInputs).toHaveLength(2);
    for (const input of secretInputs) {
      expect(input).toContain('type="password"');
      expect(input).toMatch(/autocomplete="off"/i);
    }
    // apiRoot sits behind the "Advanced settings" toggle.
    expect(html).not.toContain('channel-form-config-apiRoot');
    expect(html).toContain('Сайт');
    expect(html).toContain('32 символов');
    expect(html).not.toContain('channel-form-error');
  });

  it('renders the e-mail form: nested field names, checkboxes with their defaults, numeric port', () => {
    const html = renderChannelForm({ entryPoints: [], initialKind: 'email' }, 'ru');
    for (const id of [
      'channel-form-config-address',
      'channel-form-config-smtp.host',
      'channel-form-config-smtp.port',
      'channel-form-config-imap.host',
      'channel-form-config-imap.user',
      'channel-form-secret-smtpPassword',
      'channel-form-secret-imapPassword',
    ])
      expect(html, id).toContain(`data-testid="${id}"`);
    const input = (name: string) => html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0] ?? '';
    expect(input('config.smtp.secure')).toContain('type="checkbox"');
    expect(input('config.smtp.secure')).not.toContain('checked');
    expect(input('config.imap.secure')).toContain('type="checkbox"');
    expect(input('config.imap.secure')).toContain('checked=""');
    expect(input('config.smtp.port')).toContain('inputMode="numeric"');
    expect(html).toContain('обязательно, если заполнено «Сервер входящей почты (IMAP)»');
    expect(html).toContain('SMTP-сервер приёма платформы');
    expect(html).not.toContain('channel-form-config-domain');
    expect(html).toContain('Эл. почта');
  });

  it('renders the Google Play form with the key file as a textarea', () => {
    const html = renderChannelForm({ entryPoints: [], initialKind: 'google_play' });
    expect(html).toMatch(/<textarea[^>]*data-testid="channel-form-secret-serviceAccountJson"/);
    expect(html).toContain('data-testid="channel-form-config-packageName"');
    expect(html).toContain('Reply to reviews');
    expect(html).toContain('Google Play reviews');
  });

  it('renders the screen shell while loading', () => {
    const html = render(
      createElement(ChannelsScreen, {
        api: {
          listChannels: unused,
          listEntryPoints: unused,
          createChannel: unused,
          checkChannel: unused,
          disconnectChannel: unused,
          listFailedEvents: unused,
          reprocessEvent: unused,
        },
      }),
    );
    expect(html).toContain('data-testid="channels-screen"');
    expect(html).toContain('data-testid="channel-connect-open"');
    expect(html).toContain('Loading channels…');
  });

  it('shows the built-in web chat account by its translated name', () => {
    const table = (locale: Locale) =>
      render(
        createElement(ChannelTable, {
          channels: [
            channel({ name: 'Web chat' }),
            channel({ id: 2, kind: 'telegram', name: 'Web chat bot' }),
          ],
          entryPoints: [],
          busyIds: new Set<number>(),
          onCheck: () => undefined,
          onDisconnect: () => undefined,
        }),
        locale,
      );
    expect(table('ru')).toContain('<td class="channel-name">Веб-чат</td>');
    expect(table('ru')).toContain('<td class="channel-name">Web chat bot</td>');
    expect(table('en')).toContain('<td class="channel-name">Web chat</td>');
  });
});
