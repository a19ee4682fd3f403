import type { CaseSummary } from '@frontline/shared';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { messagePreview } from '../message-preview.ts';

/** One inbox row: customer, channel, snippet, time, unread badge, status. */
export function InboxRow(props: {
  item: CaseSummary;
  queueName: string | null;
  active: boolean;
  onOpen: (caseId: number) => void;
}) {
  const { t, locale } = useI18n();
  const c = props.item;
  return (
    <li>
      <button
        type="button"
        className={`inbox-item${props.active ? ' inbox-item-active' : ''}${c.unread > 0 ? ' inbox-item-unread' : ''}`}
        data-testid={`inbox-item-${c.id}`}
        aria-current={props.active ? 'true' : undefined}
        onClick={() => props.onOpen(c.id)}
      >
        <span className="inbox-line">
          <span className="inbox-name">{c.customerName ?? t('customer.anonymous')}</span>
          <span className="inbox-time">{formatTime(c.lastMessageAt ?? c.openedAt, locale)}</span>
        </span>
        <span className="inbox-line">
          <span className="inbox-snippet">
            {c.lastMessageText === null
              ? t('inbox.noMessages')
              : messagePreview(c.lastMessageText, c.lastMessageNotices, t)}
          </span>
          {c.unread > 0 && (
            <span className="badge badge-unread" title={t('inbox.unread', { count: c.unread })}>
              {c.unread}
            </span>
          )}
        </span>
        <span className="inbox-line inbox-meta">
          <span className="chip">
            {c.lastChannelKind ? t(`channel.${c.lastChannelKind}`) : t('channel.unknown')}
          </span>
          <span className="inbox-case">#{c.id}</span>
          {props.queueName && <span className="inbox-queue">{props.queueName}</span>}
          <span className={`status status-${c.status}`}>{t(`status.${c.status}`)}</span>
        </span>
      </button>
    </li>
  );
}
