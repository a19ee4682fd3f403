import type { CaseViewer } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';

/** The collision signal in the case header: «Иван просматривает» / «Иван печатает» for each colleague. */
export function CaseViewers(props: { viewers: readonly CaseViewer[] }) {
  const { t } = useI18n();
  if (props.viewers.length === 0) return null;
  return (
    <span className="case-viewers" data-testid="case-viewers" aria-live="polite">
      {props.viewers.map((v) => (
        <span
          key={v.operatorId}
          className={`case-viewer${v.typing ? ' case-viewer-typing' : ''}`}
          data-testid={`case-viewer-${v.operatorId}`}
        >
          {t(v.typing ? 'screen.typing' : 'screen.viewing', { name: v.name })}
        </span>
      ))}
    </span>
  );
}
