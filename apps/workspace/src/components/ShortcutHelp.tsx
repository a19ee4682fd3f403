import { useI18n } from '../i18n-context.ts';
import { shortcutList } from '../shortcuts.ts';

/** The `?` overlay: every keyboard shortcut of the workspace. Esc, `?` or a click outside closes it. */
export function ShortcutHelp(props: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className="shortcut-overlay" data-testid="shortcut-help" onClick={props.onClose}>
      <div
        className="shortcut-dialog"
        role="dialog"
        aria-modal="false"
        aria-labelledby="shortcut-help-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="shortcut-help-title">{t('screen.help.title')}</h2>
        <table>
          <tbody>
            {shortcutList.map((s) => (
              <tr key={s.action}>
                <td>{t(`screen.shortcut.${s.action}`)}</td>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="shortcut-note">{t('screen.help.typing')}</p>
        <button type="button" className="btn" onClick={props.onClose}>
          {t('screen.help.close')}
        </button>
      </div>
    </div>
  );
}
