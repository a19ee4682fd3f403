import { useState, type FormEvent } from 'react';
import {
  scopesOfRole,
  type ApiToken,
  type ApiTokenScope,
  type CreatedApiToken,
  type Role,
} from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { useLoadedList } from '../use-loaded-list.ts';
import { withMember } from '../with-member.ts';
import { AdminTable } from './AdminTable.tsx';
import { CopyField } from './CopyField.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { LoadedList } from './LoadedList.tsx';
import { ScreenHead } from './ScreenHead.tsx';
import { SelectField } from './SelectField.tsx';

type TokensApi = Pick<Api, 'listApiTokens' | 'createApiToken' | 'revokeApiToken'>;

const expiryChoices = [30, 90, 365, null] as const;

/**
 * Profile → API tokens: my tokens for scripts and integrations (sent as `Authorization: Bearer …`), created with
 * scopes within my role, shown once, revocable.
 */
export function ApiTokensScreen(props: {
  api: TokensApi;
  role: Role;
  /** For render tests: the list as already loaded. */
  initialTokens?: ApiToken[];
}) {
  const { api } = props;
  const { t, locale } = useI18n();
  const allowed = scopesOfRole[props.role];
  const [error, setError] = useState<string | null>(null);
  const [tokens, setTokens] = useLoadedList(() => api.listApiTokens(), [api], {
    initial: props.initialTokens,
    onError: setError,
  });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<ApiTokenScope>>(new Set(['cases:read']));
  const [expiry, setExpiry] = useState<number | null>(90);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const toggle = (scope: ApiTokenScope) =>
    setScopes((current) => withMember(current, scope, !current.has(scope)));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || scopes.size === 0) return;
    setBusy(true);
    setError(null);
    try {
      const token = await api.createApiToken({
        name: name.trim(),
        scopes: [...scopes],
        expiresInDays: expiry,
      });
      setCreated(token);
      setTokens((list) => [token, ...(list ?? [])]);
      setName('');
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setError(null);
    try {
      const revoked = await api.revokeApiToken(token.id);
      setTokens((list) => (list ?? []).map((x) => (x.id === revoked.id ? revoked : x)));
      if (created?.id === revoked.id) setCreated(null);
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const stateOf = (token: ApiToken): string => {
    if (token.revokedAt) return t('tokens.state.revoked', { time: formatTime(token.revokedAt, locale) });
    if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now()) return t('tokens.state.expired');
    if (token.expiresAt) return t('tokens.state.expires', { time: formatTime(token.expiresAt, locale) });
    return t('tokens.state.noExpiry');
  };

  return (
    <main className="channels-page" data-testid="tokens-screen">
      <ScreenHead title={t('tokens.title')} intro={t('tokens.intro')} />

      <form className="token-form" data-testid="token-form" onSubmit={(e) => void create(e)}>
        <label className="field">
          <span>{t('tokens.name')}</span>
          <input
            className="input"
            data-testid="token-name"
            value={name}
            maxLength={100}
            placeholder={t('tokens.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <fieldset className="field">
          <legend>{t('tokens.scopes')}</legend>
          {allowed.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                data-testid={`token-scope-${scope}`}
                checked={scopes.has(scope)}
                onChange={() => toggle(scope)}
              />
              <code>{scope}</code> — {t(`tokens.scope.${scope}`)}
            </label>
          ))}
        </fieldset>
        <SelectField
          label={t('tokens.expiry')}
          testId="token-expiry"
          value={expiry === null ? '' : String(expiry)}
          onChange={(value) => setExpiry(value === '' ? null : Number(value))}
        >
          {expiryChoices.map((days) => (
            <option key={String(days)} value={days === null ? '' : String(days)}>
              {days === null ? t('tokens.expiryNever') : t('tokens.expiryDays', { days })}
            </option>
          ))}
        </SelectField>
        <button
          className="btn btn-primary"
          type="submit"
          data-testid="token-create"
          disabled={busy || name.trim() === '' || scopes.size === 0}
        >
          {busy ? t('tokens.creating') : t('tokens.create')}
        </button>
      </form>

      {created && (
        <div className="alert alert-success" role="status" data-testid="token-created">
          <p>{t('tokens.createdOnce', { name: created.name })}</p>
          <CopyField value={created.token} label={t('tokens.token')} testId="token-value" />
        </div>
      )}
      <ErrorAlert message={error} testId="tokens-error" />

      <LoadedList
        items={tokens}
        failed={Boolean(error)}
        loadingText={t('tokens.loading')}
        emptyText={t('tokens.empty')}
      >
        {(list) => (
          <AdminTable
            testId="token-table"
            columns={[
              t('tokens.col.name'),
              t('tokens.col.token'),
              t('tokens.col.scopes'),
              t('tokens.col.state'),
              t('tokens.col.lastUsed'),
            ]}
          >
            {list.map((token) => (
              <tr key={token.id} data-testid={`token-row-${token.id}`}>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{token.scopes.join(', ')}</td>
                <td>{stateOf(token)}</td>
                <td>{token.lastUsedAt ? formatTime(token.lastUsedAt, locale) : t('tokens.neverUsed')}</td>
                <td>
                  {!token.revokedAt && (
                    <button
                      className="btn btn-danger"
                      type="button"
                      data-testid={`token-revoke-${token.id}`}
                      onClick={() => void revoke(token)}
                    >
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadedList>
    </main>
  );
}
