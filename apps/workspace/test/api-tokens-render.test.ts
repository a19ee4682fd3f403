import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderInLocale as render } from './render-in-locale.ts';
import type { ApiToken, Locale } from '@frontline/shared';
import { ApiTokensScreen } from '../src/components/ApiTokensScreen.tsx';
import { TopBar } from '../src/components/TopBar.tsx';
import { viewFromHash } from '../src/workspace-view.ts';
import { me } from './fixtures.ts';

const unused = () => Promise.reject(new Error('not in this test'));
const api = { listApiTokens: unused, createApiToken: unused, revokeApiToken: unused };

const tokens: ApiToken[] = [
  {
    id: 2,
    name: 'CRM sync',
    prefix: 'fl_AbCd1234',
    scopes: ['cases:read', 'cases:write'],
    createdAt: '2026-11-01T10:00:00.000Z',
    expiresAt: null,
    lastUsedAt: '2026-12-01T09:00:00.000Z',
    revokedAt: null,
  },
  {
    id: 1,
    name: 'old script',
    prefix: 'fl_ZzZz9999',
    scopes: ['cases:read'],
    createdAt: '2026-10-01T10:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: '2026-11-02T10:00:00.000Z',
  },
];

describe('API tokens screen', () => {
  it('lists my tokens by prefix with scopes, state and last use, in Russian and English', () => {
    const screen = (locale: Locale) =>
      render(createElement(ApiTokensScreen, { api, role: 'operator', initialTokens: tokens }), locale);
    const en = screen('en');
    expect(en).toContain('data-testid="tokens-screen"');
    expect(en).toContain('<code>fl_AbCd1234…</code>');
    expect(en).toContain('cases:read, cases:write');
    expect(en).toContain('Active, no expiry');
    expect(en).toContain('data-testid="token-revoke-2"');
    expect(en).not.toContain('data-testid="token-revoke-1"'); // already revoked
    expect(en).toContain('Create token');
    const ru = screen('ru');
    expect(ru).toContain('API-токены');
    expect(ru).toContain('Действует, бессрочно');
    expect(ru).toContain('Отозван');
    expect(ru).toContain('Не использовался');
    expect(ru).toContain('Создать токен');
    expect(ru).toContain('читать обращения, клиентов и историю');
  });

  it("offers only the scopes the operator's role allows", () => {
    const operator = render(createElement(ApiTokensScreen, { api, role: 'operator', initialTokens: [] }));
    expect(operator).toContain('data-testid="token-scope-cases:write"');
    expect(operator).not.toContain('token-scope-channels:admin');
    expect(operator).not.toContain('token-scope-audit:read');
    expect(operator).toContain('No API tokens yet.');
    const admin = render(createElement(ApiTokensScreen, { api, role: 'admin', initialTokens: [] }));
    expect(admin).toContain('data-testid="token-scope-channels:admin"');
  });

  it('is reachable from the profile in the top bar for every role (#tokens)', () => {
    const bar = render(
      createElement(TopBar, {
        me: { ...me, role: 'operator' },
        connection: 'online',
        view: 'inbox',
        onView: () => undefined,
        onPresence: async () => undefined,
        onLogout: async () => undefined,
      }),
      'ru',
    );
    expect(bar).toContain('data-testid="nav-tokens"');
    expect(bar).toContain('API-токены');
    expect(viewFromHash('#tokens', 'operator')).toBe('tokens');
  });
});
