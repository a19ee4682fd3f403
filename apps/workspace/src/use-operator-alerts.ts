import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseSummary, OperatorEvent } from '@frontline/shared';
import { AlertCoalescer } from './alert-coalescer.ts';
import { alertOperator } from './alert-operator.ts';
import { loadAlertSettings, saveAlertSettings, type AlertSettings } from './alert-settings.ts';
import type { Translate } from './i18n.ts';
import { messagePreview } from './message-preview.ts';
import {
  isMyCustomerReply,
  titleWithCount,
  unreadTotal,
  withCase,
  withEvent,
  withRead,
  type MyUnread,
} from './my-unread.ts';

/** At most one new-case notification per this long (the rest are summed up: "N new cases"). */
export const newCaseWindowMs = 10_000;

export interface OperatorAlerts {
  settings: AlertSettings;
  changeSettings: (next: AlertSettings) => void;
  /** A case this tab has not seen before appeared (queued, or assigned to me). */
  newCase: (c: CaseSummary) => void;
  /** Every live realtime event: replies in my cases alert me; unread counts follow. */
  event: (
    event: OperatorEvent,
    watching: number | null,
    assigneeOf: (id: number) => number | null | undefined,
  ) => void;
  /** The cases assigned to me as loaded (seeds the title badge). */
  seedMine: (cases: readonly CaseSummary[]) => void;
  /** I read a case. */
  read: (caseId: number) => void;
}

/**
 * The operator's alerts: a customer's reply in one of my cases (sound, unread count in the tab title,
 * desktop notification — each switchable, kept in localStorage) and new cases (coalesced, one
 * notification per `newCaseWindowMs`).
 */
export function useOperatorAlerts(options: {
  meId: number;
  t: Translate;
  openCase: (caseId: number) => void;
}): OperatorAlerts {
  const [settings, setSettings] = useState(loadAlertSettings);
  const [unread, setUnread] = useState<MyUnread>(() => new Map());
  const ref = useRef({ ...options, settings });
  useEffect(() => {
    ref.current = { ...options, settings };
  });
  const known = useRef(new Map<number, CaseSummary>());

  const coalescer = useMemo(
    () =>
      new AlertCoalescer(newCaseWindowMs, (ids) => {
        const { t, settings: s, openCase } = ref.current;
        if (!s.newCases) return;
        const first = ids[0];
        if (first === undefined) return;
        const c = known.current.get(first);
        if (ids.length === 1 && c) {
          alertOperator({
            title: t('notify.newCase', { id: c.id }),
            body: t('notify.newCaseBody', {
              name: c.customerName ?? t('customer.anonymous'),
              text: messagePreview(c.lastMessageText ?? '', c.lastMessageNotices, t),
            }),
            tag: 'new-cases',
            onClick: () => openCase(c.id),
          });
        } else {
          const shown = ids.slice(0, 5).map((id) => `#${id}`);
          alertOperator({
            title: t('screen.notify.newCases', { count: ids.length }),
            body: t('screen.notify.newCasesBody', {
              ids: `${shown.join(', ')}${ids.length > shown.length ? ', …' : ''}`,
            }),
            tag: 'new-cases',
            onClick: () => openCase(first),
          });
        }
        for (const id of ids) known.current.delete(id);
      }),
    [],
  );
  useEffect(() => () => coalescer.stop(), [coalescer]);

  // The title: `(3) Frontline` — after the app's own title effect (parents' effects run after children's).
  const count = settings.replyTitle ? unreadTotal(unread) : 0;
  useEffect(() => {
    const timer = setTimeout(() => {
      document.title = titleWithCount(options.t('app.name'), count);
    }, 0);
    return () => clearTimeout(timer);
  }, [count, options.t]);
  useEffect(
    () => () => {
      document.title = ref.current.t('app.name');
    },
    [],
  );

  const changeSettings = useCallback((next: AlertSettings) => {
    setSettings(next);
    saveAlertSettings(next);
  }, []);

  const newCase = useCallback(
    (c: CaseSummary) => {
      known.current.set(c.id, c);
      coalescer.add(c.id);
    },
    [coalescer],
  );

  const event = useCallback(
    (e: OperatorEvent, watching: number | null, assigneeOf: (id: number) => number | null | undefined) => {
      const { meId, t, settings: s, openCase } = ref.current;
      setUnread((map) => withEvent(map, e, meId));
      if (e.type === 'case.escalated') {
        if (!s.escalations) return;
        const caseId = e.case.id;
        alertOperator({
          title: t('screen.notify.escalated', { id: caseId }),
          body: t('screen.notify.escalatedBody', {
            name: e.case.customerName ?? t('customer.anonymous'),
            clock: t(`screen.sla.clock.${e.clock}`),
          }),
          tag: `escalated-${caseId}`,
          onClick: () => openCase(caseId),
        });
        return;
      }
      if (e.type !== 'message.created') return;
      const visible = typeof document === 'undefined' || document.visibilityState === 'visible';
      if (!isMyCustomerReply(e, meId, assigneeOf, visible ? watching : null)) return;
      const caseId = e.message.caseId;
      alertOperator({
        title: t('screen.notify.reply', { id: caseId }),
        body: t('screen.notify.replyBody', {
          name: e.case?.customerName ?? t('customer.anonymous'),
          text: messagePreview(e.message.text, e.message.notices ?? null, t),
        }),
        tag: `reply-${caseId}`,
        sound: s.replySound,
        desktop: s.replyDesktop,
        onClick: () => openCase(caseId),
      });
    },
    [],
  );

  const seedMine = useCallback((cases: readonly CaseSummary[]) => {
    const meId = ref.current.meId;
    setUnread((map) => cases.reduce((m, c) => withCase(m, c, meId), map));
  }, []);

  const read = useCallback((caseId: number) => setUnread((map) => withRead(map, caseId)), []);

  return { settings, changeSettings, newCase, event, seedMine, read };
}
