import { memo } from 'react';
import type { CaseSummary } from '@frontline/shared';
import { formatTime } from '../format-time.ts';
import { formatWait, slaBadge } from '../format-wait.ts';
import { useI18n } from '../i18n-context.ts';
import { messagePreview } from '../message-preview.ts';
import { waitingSince } from '../sort-cases.ts';

/**
 * One compact inbox row (two lines, so a shift's worth fits on a screen): customer, channel, case number,
 * and the live wait timer of a waiting case (else the last activity's time); the snippet, the SLA badge
 * with the time to its nearest due, the unread badge and the status.
 */
export const InboxRow = memo(function InboxRow(props: {
  item: CaseSummary;
  queueName: string | null;
  active: boolean;
  /** The current time (ms): the timers tick with it. */
  now: number;
  onOpen: (caseId: number) => void;
}) {
  const { t, locale } = useI18n();
  const c = props.item;
  const waiting = c.status === 'queued';
  const since = waitingSince(c);
  const sla = c.sla && c.status !== 'resolved' ? slaBadge(c.sla, props.now) : null;
  return (
    <li>
      <button
        type="button"
        className={`inbox-item${props.active ? ' inbox-item-active' : ''}${c.unread > 0 ? ' inbox-item-unread' : ''}${sla ? ` inbox-item-sla-${sla.state}` : ''}`}
        data-testid={`inbox-item-${c.id}`}
        aria-current={props.active ? 'true' : undefined}
        title={props.queueName ?? undefined}
        onClick={() => props.onOpen(c.id)}
      >
        <span className="inbox-line">
          <span className="inbox-name">{c.customerName ?? t('customer.anonymous')}</span>
          <span className="chip chip-small">
            {c.lastChannelKind ? t(`channel.${c.lastChannelKind}`) : t('channel.unknown')}
          </span>
          <span className="inbox-case">#{c.id}</span>
          {c.priority > 0 && (
            <span className="inbox-priority" title={t('screen.priority', { n: c.priority })}>
              P{c.priority}
            </span>
          )}
          {waiting ? (
            <span
              className="inbox-wait"
              data-testid={`inbox-wait-${c.id}`}
              title={t('screen.waitTitle', { since: formatTime(c.queuedAt ?? c.openedAt, locale) })}
            >
              {t('screen.wait', { time: formatWait(Math.max(0, props.now - since)) })}
            </span>
          ) : (
            <span className="inbox-time">{formatTime(c.lastMessageAt ?? c.openedAt, locale)}</span>
          )}
        </span>
        <span className="inbox-line">
          <span className="inbox-snippet">
            {c.lastMessageText === null
              ? t('inbox.noMessages')
              : messagePreview(c.lastMessageText, c.lastMessageNotices, t)}
          </span>
          {sla && (
            <span
              className={`sla-badge sla-${sla.state}`}
              data-testid={`inbox-sla-${c.id}`}
              title={
                sla.left === null
                  ? t(`screen.sla.${sla.state}`)
                  : sla.left < 0
                    ? t('screen.slaOverdue', { time: formatWait(-sla.left) })
                    : t('screen.slaLeft', { time: formatWait(sla.left) })
              }
            >
              {t('screen.sla')} {sla.left === null ? '' : formatWait(sla.left)}
            </span>
          )}
          {c.unread > 0 && (
            <span className="badge badge-unread" title={t('inbox.unread', { count: c.unread })}>
              {c.unread}
            </span>
          )}
          {!waiting && <span className={`status status-${c.status}`}>{t(`status.${c.status}`)}</span>}
        </span>
      </button>
    </li>
  );
});
