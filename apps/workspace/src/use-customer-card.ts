import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerCard } from '@frontline/shared';
import type { Api } from './api.ts';
import { errorText } from './error-text.ts';
import { useI18n } from './i18n-context.ts';

/** What the card's buttons call: each action answers the new card, or `null` to fetch it again. */
export type CardAction = () => Promise<CustomerCard | null>;

/**
 * The customer card of `customerId`, fetched again whenever `revision` changes (a message or case event
 * of the open case) and after every action; a failed load or action is kept as a translated `error`.
 */
export function useCustomerCard(
  api: Api | undefined,
  customerId: number | null,
  revision: string,
  initial: CustomerCard | null,
) {
  const { t } = useI18n();
  const [card, setCard] = useState<CustomerCard | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef(customerId);
  current.current = customerId;

  const load = useCallback(async () => {
    if (!api || customerId === null) return;
    const id = customerId;
    try {
      const fresh = await api.getCustomerCard(id);
      if (current.current === id) setCard(fresh);
    } catch (err) {
      if (current.current === id) setError(errorText(err, t));
    }
    // `t` is deliberately not a dependency: changing language must not reload the card.
  }, [api, customerId]);

  useEffect(() => {
    if (initial?.id !== customerId) setCard(null);
    setError(null);
  }, [customerId]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  const act = async (action: CardAction): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setError(null);
    try {
      const next = await action();
      if (next) setCard(next);
      else await load();
      return true;
    } catch (err) {
      setError(errorText(err, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { card: card?.id === customerId ? card : null, error, busy, act };
}
