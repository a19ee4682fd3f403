import type { Customer } from '@frontline/shared';
import { formatDate } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';

/** The right column: who the customer is and how they can be reached, with provenance. */
export function CustomerCard(props: { customer: Customer | null }) {
  const { t, locale } = useI18n();
  const c = props.customer;
  if (!c) return <aside className="customer-card customer-card-empty" data-testid="customer-card" />;
  const name = c.displayName ?? t('customer.anonymous');
  return (
    <aside className="customer-card" data-testid="customer-card" aria-label={t('customer.title')}>
      <div className="customer-head">
        <div className="avatar" aria-hidden="true">
          {name.trim().charAt(0).toUpperCase() || '?'}
        </div>
        <div>
          <div className="customer-name">{name}</div>
          <div className="muted">{t('customer.since', { date: formatDate(c.createdAt, locale) })}</div>
        </div>
      </div>
      <section className="card-section">
        <h4>{t('customer.identities')}</h4>
        {c.identities.length === 0 && <div className="muted">{t('customer.noIdentities')}</div>}
        <ul className="kv-list">
          {c.identities.map((i) => (
            <li key={i.id}>
              <div className="kv-top">
                <span className="chip">{t(`channel.${i.channelKind}`)}</span>
                {i.verifiedBy ? (
                  <span
                    className="badge badge-verified"
                    title={t('customer.verifiedBy', { by: i.verifiedBy })}
                  >
                    ✓ {t('customer.verified')}
                  </span>
                ) : (
                  <span className="badge badge-unverified">{t('customer.unverified')}</span>
                )}
              </div>
              <code className="ext-id">{i.externalId}</code>
              {i.displayName && <div className="muted">{i.displayName}</div>}
              {i.verifiedBy && (
                <div className="muted small">{t('customer.verifiedBy', { by: i.verifiedBy })}</div>
              )}
              {i.unreachableReason && (
                <div className="badge badge-unreachable" data-testid="identity-unreachable">
                  {t('customer.unreachable', { reason: i.unreachableReason })}
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card-section">
        <h4>{t('customer.contactPoints')}</h4>
        {c.contactPoints.length === 0 && <div className="muted">{t('customer.noContactPoints')}</div>}
        <ul className="kv-list">
          {c.contactPoints.map((p) => (
            <li key={p.id}>
              <div className="kv-top">
                <span className="muted small">{t(`contact.${p.kind}`)}</span>
              </div>
              <div className="cp-value">{p.value}</div>
              <div className="muted small">
                {p.attestedBy ? t('customer.attestedBy', { by: p.attestedBy }) : t('customer.notAttested')}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
