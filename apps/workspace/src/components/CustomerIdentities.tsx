import type { Identity } from '@frontline/shared';
import { attestationText } from '../attestation-text.ts';
import { useI18n } from '../i18n-context.ts';

/** The customer's accounts per channel: a channel badge, the provider's id and what confirms it. */
export function CustomerIdentities(props: { identities: Identity[] }) {
  const { t } = useI18n();
  return (
    <section className="card-section" data-testid="customer-identities">
      <h4>{t('customer.identities')}</h4>
      {props.identities.length === 0 && <div className="muted">{t('customer.noIdentities')}</div>}
      <ul className="kv-list">
        {props.identities.map((i) => (
          <li key={i.id} data-testid="customer-identity">
            <div className="kv-top">
              <span className={`chip chip-channel chip-${i.channelKind}`}>
                {t(`channel.${i.channelKind}`)}
              </span>
              {i.verifiedBy ? (
                <span className="badge badge-verified" title={attestationText(i.verifiedBy, t)}>
                  ✓ {t('customer.verified')}
                </span>
              ) : (
                <span className="badge badge-unverified">{t('customer.unverified')}</span>
              )}
            </div>
            <code className="ext-id">{i.externalId}</code>
            {i.displayName && <div className="muted">{i.displayName}</div>}
            <div className="muted small">{attestationText(i.verifiedBy, t)}</div>
            {i.unreachableReason && (
              <div className="badge badge-unreachable" data-testid="identity-unreachable">
                {t('customer.unreachable', { reason: i.unreachableReason })}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
