import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Locale, SessionResponse } from '@frontline/shared';
import { createApi } from '../api.ts';
import { I18nContext, type I18n } from '../i18n-context.ts';
import { translate, type Translate } from '../i18n.ts';
import { loadLocale, saveLocale } from '../locale-storage.ts';
import { errorText } from '../error-text.ts';
import { LoginScreen } from './LoginScreen.tsx';
import { Workspace } from './Workspace.tsx';

type Phase =
  | { kind: 'checking' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: SessionResponse };

/** Root: language, session bootstrap (`/auth/me`), then the login screen or the workspace. */
export function App() {
  const [locale, setLocaleState] = useState<Locale>(loadLocale);
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [bootError, setBootError] = useState<unknown>(null);

  const api = useMemo(
    () => createApi({ onUnauthorized: () => setPhase({ kind: 'signed-out', notice: 'UNAUTHENTICATED' }) }),
    [],
  );

  const t = useCallback<Translate>((key, vars) => translate(locale, key, vars), [locale]);
  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      saveLocale(next);
      if (phase.kind === 'signed-in') void api.setLocale(next).catch(() => undefined);
    },
    [api, phase.kind],
  );
  const i18n = useMemo<I18n>(() => ({ locale, t, setLocale }), [locale, t, setLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.name');
  }, [locale, t]);

  useEffect(() => {
    let cancelled = false;
    api.me().then(
      (session) => {
        if (!cancelled) setPhase(session ? { kind: 'signed-in', session } : { kind: 'signed-out' });
      },
      (error: unknown) => {
        if (cancelled) return;
        setBootError(error);
        setPhase({ kind: 'signed-out' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  const logout = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setPhase({ kind: 'signed-out' });
  }, [api]);

  let body;
  if (phase.kind === 'checking') body = <div className="splash">{t('inbox.loading')}</div>;
  else if (phase.kind === 'signed-out')
    body = (
      <LoginScreen
        api={api}
        notice={
          phase.notice === 'UNAUTHENTICATED'
            ? t('error.UNAUTHENTICATED')
            : bootError
              ? errorText(bootError, t)
              : null
        }
        onSignedIn={(session) => {
          setBootError(null);
          setPhase({ kind: 'signed-in', session });
        }}
      />
    );
  else
    body = <Workspace key={phase.session.operator.id} api={api} session={phase.session} onLogout={logout} />;

  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}
