import { useState, type FormEvent } from 'react';
import type { SessionResponse } from '@frontline/shared';
import type { Api } from '../api.ts';
import { primeAudio, requestNotificationPermission } from '../alert-operator.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { LanguageSelect } from './LanguageSelect.tsx';

/** E-mail + password sign-in; errors are shown by code in the current language. */
export function LoginScreen(props: {
  api: Api;
  notice: string | null;
  onSignedIn: (session: SessionResponse) => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    primeAudio();
    try {
      const session = await props.api.login({ email: email.trim(), password });
      requestNotificationPermission();
      props.onSignedIn(session);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="login-head">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              F
            </span>
            {t('app.name')}
          </div>
          <LanguageSelect />
        </div>
        <h1 className="login-title">{t('login.title')}</h1>
        <label className="field">
          <span>{t('login.email')}</span>
          <input
            className="input"
            type="email"
            autoComplete="username"
            autoFocus
            required
            data-testid="login-email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <div className="alert alert-error" role="alert" data-testid="login-error">
            {errorText(error, t)}
          </div>
        ) : (
          props.notice && <div className="alert alert-info">{props.notice}</div>
        )}
        <button
          className="btn btn-primary btn-block"
          type="submit"
          disabled={busy}
          data-testid="login-submit"
        >
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
