import type { CustomerCase } from '@frontline/shared';
import { formatDate } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';

/** The customer's cases (newest first) with status, outcome and dates; a case number opens that case. */
export function CustomerCases(props: {
  cases: CustomerCase[];
  currentCaseId: number | null;
  onOpenCase?: (caseId: number) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <section className="card-section" data-testid="customer-cases">
      <h4>{t('customer.cases')}</h4>
      {props.cases.length === 0 && <div className="muted">{t('customer.noCases')}</div>}
      <ul className="kv-list">
        {props.cases.map((c) => {
          const opened = formatDate(c.openedAt, locale);
          const dates = c.resolvedAt
            ? t('customer.caseDatesResolved', { opened, resolved: formatDate(c.resolvedAt, locale) })
            : t('customer.caseDates', { opened });
          const outcome =
            c.outcome === 'merged'
              ? t('customer.outcome.merged', { id: c.mergedIntoCaseId ?? '?' })
              : t(`customer.outcome.${c.outcome}`);
          return (
            <li key={c.id} data-testid="customer-case">
              <div className="kv-top">
                {props.onOpenCase && c.id !== props.currentCaseId ? (
                  <a
                    href={`#case-${c.id}`}
                    data-testid="customer-case-link"
                    onClick={(e) => {
                      e.preventDefault();
                      props.onOpenCase?.(c.id);
                    }}
                  >
                    {t('customer.caseLink', { id: c.id })}
                  </a>
                ) : (
                  <b aria-current={c.id === props.currentCaseId ? 'page' : undefined}>
                    {t('customer.caseLink', { id: c.id })}
                  </b>
                )}
                <span className={`status status-${c.status}`}>{t(`status.${c.status}`)}</span>
              </div>
              <div className="muted small">
                {outcome} · {dates}
              </div>
              {c.lastMessageText && <div className="small case-last-text">{c.lastMessageText}</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
