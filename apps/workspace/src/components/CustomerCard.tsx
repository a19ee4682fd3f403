import type { ContactPoint, Customer, CustomerCard as CardData, Operator } from '@frontline/shared';
import type { Api } from '../api.ts';
import { formatDate } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { useCustomerCard } from '../use-customer-card.ts';
import { CustomerCases } from './CustomerCases.tsx';
import { CustomerContactPoints } from './CustomerContactPoints.tsx';
import { CustomerIdentities } from './CustomerIdentities.tsx';
import { CustomerMerging } from './CustomerMerging.tsx';
import { CustomerName } from './CustomerName.tsx';

/**
 * The right column: who the customer is (editable name), how they can be reached and what confirms it,
 * their identities and cases, merge suggestions and undoable merges (docs/customers.md). Without `api`
 * (or before the card is fetched) it shows the case's `customer` read-only.
 */
export function CustomerCard(props: {
  customer: Customer | null;
  api?: Api;
  /** Changes when the open case changes (its events): the card is fetched again. */
  revision?: string;
  currentCaseId?: number | null;
  operators?: Operator[];
  onOpenCase?: (caseId: number) => void;
  /** After a merge or an undo: the open case may have moved to another customer. */
  onCustomersChanged?: () => void;
  /** A card already fetched (tests, server rendering). */
  initialCard?: CardData | null;
}) {
  const { t, locale } = useI18n();
  const { api } = props;
  const customerId = props.customer?.id ?? null;
  const { card, error, busy, act } = useCustomerCard(
    api,
    customerId,
    props.revision ?? '',
    props.initialCard ?? null,
  );
  const c = card ?? props.customer;
  if (!c) return <aside className="customer-card customer-card-empty" data-testid="customer-card" />;
  const name = c.displayName ?? t('customer.anonymous');
  const editable = card !== null && api !== undefined && card.mergedIntoCustomerId === null;

  /** Runs a card action when there is an API to run it with. */
  const run = (action: (client: Api) => Promise<CardData | null>) =>
    act(() => (api ? action(api) : Promise.resolve(null)));
  // There is no "change a contact point" call: the new value is added, then the old one removed.
  const editPoint = async (point: ContactPoint, value: string) =>
    value === point.value ||
    run(async (client) => {
      await client.addContactPoint(c.id, { kind: point.kind, value });
      return client.removeContactPoint(c.id, point.id);
    });
  const afterMerge = async (action: (client: Api) => Promise<unknown>) => {
    const done = await run(async (client) => {
      await action(client);
      return null;
    });
    if (done) props.onCustomersChanged?.();
  };

  return (
    <aside
      className="customer-card"
      data-testid="customer-card"
      aria-label={t('customer.title')}
      aria-busy={busy}
    >
      <div className="customer-head">
        <div className="avatar" aria-hidden="true">
          {name.trim().charAt(0).toUpperCase() || '?'}
        </div>
        <div className="customer-head-text">
          <CustomerName
            name={c.displayName}
            busy={busy}
            editable={editable}
            onSave={(next) => run((client) => client.renameCustomer(c.id, next))}
          />
          <div className="muted">{t('customer.since', { date: formatDate(c.createdAt, locale) })}</div>
        </div>
      </div>
      {error && (
        <div className="alert alert-error card-alert" role="alert" data-testid="customer-card-error">
          {error}
        </div>
      )}
      {card?.mergedIntoCustomerId != null && (
        <div className="alert card-alert" role="status">
          {t('customer.mergedInto', { id: card.mergedIntoCustomerId })}
        </div>
      )}
      <CustomerContactPoints
        points={c.contactPoints}
        editable={editable}
        busy={busy}
        onAdd={(kind, value) => run((client) => client.addContactPoint(c.id, { kind, value }))}
        onEdit={editPoint}
        onRemove={(p) => void run((client) => client.removeContactPoint(c.id, p.id))}
      />
      <CustomerIdentities identities={c.identities} />
      {card && (
        <>
          <CustomerMerging
            card={card}
            operators={props.operators ?? []}
            busy={busy}
            onMerge={(other) => void afterMerge((client) => client.mergeCustomers(card.id, other))}
            onUndo={(mergeId) => void afterMerge((client) => client.undoMerge(mergeId))}
          />
          <CustomerCases
            cases={card.cases}
            currentCaseId={props.currentCaseId ?? null}
            {...(props.onOpenCase ? { onOpenCase: props.onOpenCase } : {})}
          />
        </>
      )}
      {!card && api && <div className="muted small card-loading">{t('customer.loading')}</div>}
    </aside>
  );
}
