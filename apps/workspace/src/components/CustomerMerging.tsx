import { useState } from 'react';
import type { CustomerCard, CustomerMergeView, MergeSuggestion, Operator } from '@frontline/shared';
import { formatTime } from '../format-time.ts';
import type { Translate } from '../i18n.ts';
import { useI18n } from '../i18n-context.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/** "phone +7916… — typed in by the customer or an operator (unconfirmed)", one reason per part. */
function reasonsText(s: MergeSuggestion, t: Translate): string {
  return s.reasons
    .map((r) =>
      r.kind === 'name'
        ? t('customer.reason.name')
        : `${t(`customer.reason.${r.kind}`, { value: r.value })} — ${t(
            r.attested ? 'customer.reason.attested' : 'customer.reason.claimed',
          )}`,
    )
    .join('; ');
}

const nameOf = (name: string | null, id: number) => name ?? `#${id}`;

/**
 * Merge suggestions (customers that may be the same person, with why) with a Merge button, and the merges
 * that can still be undone with an Undo button. Both buttons only when the card says `canMerge`; each asks
 * for confirmation first.
 */
export function CustomerMerging(props: {
  card: CustomerCard;
  operators: Operator[];
  busy: boolean;
  onMerge: (otherCustomerId: number) => void;
  onUndo: (mergeId: number) => void;
}) {
  const { t, locale } = useI18n();
  const { card } = props;
  const [merging, setMerging] = useState<MergeSuggestion | null>(null);
  const [undoing, setUndoing] = useState<CustomerMergeView | null>(null);
  const name = nameOf(card.displayName, card.id);
  const operatorName = (id: number | null) =>
    props.operators.find((o) => o.id === id)?.name ?? (id === null ? '?' : `#${id}`);

  return (
    <>
      {card.suggestions.length > 0 && (
        <section className="card-section" data-testid="customer-suggestions">
          <h4>{t('customer.suggestions')}</h4>
          <ul className="kv-list">
            {card.suggestions.map((s) => (
              <li key={s.customerId} data-testid="merge-suggestion">
                <div>{t('customer.suggestion', { name: nameOf(s.displayName, s.customerId) })}</div>
                <div className="muted small">{reasonsText(s, t)}</div>
                {card.canMerge && (
                  <button
                    className="btn btn-small"
                    type="button"
                    data-testid="merge-button"
                    disabled={props.busy}
                    onClick={() => setMerging(s)}
                  >
                    {t('customer.merge')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {card.merges.length > 0 && (
        <section className="card-section" data-testid="customer-merges">
          <h4>{t('customer.merges')}</h4>
          <ul className="kv-list">
            {card.merges.map((m) => {
              const vars = {
                name: nameOf(m.mergedName, m.mergedId),
                operator: operatorName(m.actorOperatorId),
                date: formatTime(m.createdAt, locale),
              };
              return (
                <li key={m.id} data-testid="merge-entry">
                  <div className="small">
                    {t(m.by === 'system' ? 'customer.mergeBySystem' : 'customer.mergeByOperator', vars)}
                  </div>
                  {card.canMerge && (
                    <button
                      className="btn btn-small"
                      type="button"
                      data-testid="undo-merge-button"
                      disabled={props.busy}
                      onClick={() => setUndoing(m)}
                    >
                      {t('customer.undo')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {merging && (
        <ConfirmDialog
          testId="merge-confirm"
          title={t('customer.mergeTitle')}
          body={t('customer.mergeBody', { other: nameOf(merging.displayName, merging.customerId), name })}
          confirmLabel={t('customer.merge')}
          cancelLabel={t('customer.cancel')}
          onCancel={() => setMerging(null)}
          onConfirm={() => {
            setMerging(null);
            props.onMerge(merging.customerId);
          }}
        />
      )}
      {undoing && (
        <ConfirmDialog
          testId="undo-merge-confirm"
          title={t('customer.undoTitle')}
          body={t('customer.undoBody', { name: nameOf(undoing.mergedName, undoing.mergedId) })}
          confirmLabel={t('customer.undo')}
          cancelLabel={t('customer.cancel')}
          danger
          onCancel={() => setUndoing(null)}
          onConfirm={() => {
            setUndoing(null);
            props.onUndo(undoing.id);
          }}
        />
      )}
    </>
  );
}
