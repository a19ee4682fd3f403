import type { ReactNode } from 'react';
import type { Operator, Presence } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
import type { ConnectionState } from '../realtime.ts';
import { viewsFor, type WorkspaceView } from '../workspace-view.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import { PresenceControl } from './PresenceControl.tsx';

/** Product name, screen navigation (admins), search, operator, presence, language, connection state and logout. */
export function TopBar(props: {
  me: Operator;
  connection: ConnectionState;
  view: WorkspaceView;
  onView: (view: WorkspaceView) => void;
  onPresence: (presence: Presence, reason?: string) => Promise<void>;
  /** Ends the operator's shift (offline, their open cases back to the queue); without it no End shift. */
  onEndShift?: () => Promise<void>;
  /** The center's break reasons for the presence control (none: a plain break). */
  breakReasons?: string[];
  onLogout: () => Promise<void>;
  /** The search box (SearchBox), beside the navigation. */
  search?: ReactNode;
}) {
  const { t } = useI18n();
  const views = viewsFor(props.me.role);

  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          F
        </span>
        {t('app.name')}
      </div>
      {views.length > 1 && (
        <nav className="topnav" aria-label={t('nav.sections')}>
          {views.map((view) => (
            <button
              key={view}
              type="button"
              className={`topnav-item${props.view === view ? ' topnav-active' : ''}`}
              aria-current={props.view === view ? 'page' : undefined}
              data-testid={`nav-${view}`}
              onClick={() => props.onView(view)}
            >
              {t(`nav.${view}`)}
            </button>
          ))}
        </nav>
      )}
      {props.search}
      <div className="topbar-spacer" />
      <span
        className={`conn conn-${props.connection}`}
        data-testid="conn-status"
        data-state={props.connection}
        role="status"
        title={t(`conn.${props.connection}`)}
      >
        <span className="conn-dot" aria-hidden="true" />
        <span className="conn-label">{t(`conn.${props.connection}`)}</span>
      </span>
      <div className="me">
        <span className={`presence-dot presence-${props.me.presence}`} aria-hidden="true" />
        <span className="me-name">{props.me.name}</span>
        <span className="me-role">{t(`role.${props.me.role}`)}</span>
        <button
          type="button"
          className={`btn btn-link me-tokens${props.view === 'replies' ? ' topnav-active' : ''}`}
          data-testid="nav-replies"
          aria-current={props.view === 'replies' ? 'page' : undefined}
          onClick={() => props.onView('replies')}
        >
          {t('nav.replies')}
        </button>
        <button
          type="button"
          className={`btn btn-link me-tokens${props.view === 'tokens' ? ' topnav-active' : ''}`}
          data-testid="nav-tokens"
          aria-current={props.view === 'tokens' ? 'page' : undefined}
          onClick={() => props.onView('tokens')}
        >
          {t('nav.tokens')}
        </button>
      </div>
      <PresenceControl
        me={props.me}
        breakReasons={props.breakReasons ?? []}
        onPresence={props.onPresence}
        onEndShift={props.onEndShift}
      />
      <LanguageSelect />
      <button className="btn btn-ghost" type="button" onClick={() => void props.onLogout()}>
        {t('top.logout')}
      </button>
    </header>
  );
}
