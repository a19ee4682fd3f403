import { useEffect, useRef, useState } from 'react';
import type { AlertSettings } from '../alert-settings.ts';
import { useI18n } from '../i18n-context.ts';

/** Beside the search: the alerts popover (what alerts me, kept in this browser) and the shortcut help button. */
export function ScreenTools(props: {
  settings: AlertSettings;
  onSettings: (next: AlertSettings) => void;
  onHelp: () => void;
  /** Supervisors and admins: SLA escalations reach them, so they can switch their alert. */
  staff?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const toggle = (key: keyof AlertSettings) => (
    <label>
      <input
        type="checkbox"
        data-testid={`alert-${key}`}
        checked={props.settings[key]}
        onChange={(e) => props.onSettings({ ...props.settings, [key]: e.target.checked })}
      />
      {t(`screen.alerts.${key}`)}
    </label>
  );
  const blocked = typeof Notification !== 'undefined' && Notification.permission === 'denied';

  return (
    <div className="screen-tools" ref={root}>
      <button
        type="button"
        className="btn btn-ghost btn-icon"
        data-testid="alerts-button"
        aria-expanded={open}
        title={t('screen.alerts')}
        aria-label={t('screen.alerts')}
        onClick={() => setOpen((v) => !v)}
      >
        <svg
          width="16"
          height="16"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-icon"
        data-testid="help-button"
        title={t('screen.help.button')}
        aria-label={t('screen.help.button')}
        onClick={props.onHelp}
      >
        ?
      </button>
      {open && (
        <div
          className="popover"
          data-testid="alerts-popover"
          role="group"
          aria-label={t('screen.alerts.title')}
        >
          <h3>{t('screen.alerts.title')}</h3>
          <div className="popover-section">{t('screen.alerts.replies')}</div>
          {toggle('replySound')}
          {toggle('replyTitle')}
          {toggle('replyDesktop')}
          <div className="popover-section" />
          {toggle('newCases')}
          {props.staff && toggle('escalations')}
          {blocked && <div className="popover-section">{t('screen.alerts.permission')}</div>}
        </div>
      )}
    </div>
  );
}
