import type { FailedRawEventList, FailedRawEventView } from '@frontline/shared';
import { channelKindLabel } from '../channel-labels.ts';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { AdminTable } from './AdminTable.tsx';

/**
 * Provider events that failed for good, with their reason and a "Process again" action (rendering only;
 * the Channels screen loads the list and runs the action). Nothing is shown while there are none.
 */
export function FailedEventsPanel(props: {
  list: FailedRawEventList | null;
  /** Event ids with a request in flight. */
  busyIds: ReadonlySet<number>;
  onReprocess: (event: FailedRawEventView) => void;
}) {
  const { t, locale } = useI18n();
  const { list } = props;
  if (list === null || list.items.length === 0) return null;

  return (
    <section className="failed-events" data-testid="failed-events" aria-labelledby="failed-events-title">
      <h3 id="failed-events-title">
        {t('failedEvents.title')}{' '}
        <span className="chip" data-testid="failed-events-count">
          {t('failedEvents.count', { shown: list.items.length, total: list.total })}
        </span>
      </h3>
      <p className="muted">{t('failedEvents.intro')}</p>
      <AdminTable
        columns={[
          t('failedEvents.col.channel'),
          t('failedEvents.col.received'),
          t('failedEvents.col.reason'),
        ]}
      >
        {list.items.map((e) => {
          const busy = props.busyIds.has(e.id);
          return (
            <tr key={e.id} data-testid={`failed-event-${e.id}`} data-code={e.errorCode}>
              <td>
                <span className="chip channel-kind">{channelKindLabel(e.channelKind, t)}</span>{' '}
                {e.channelName}
                <div className="small muted">{t('failedEvents.key', { key: e.eventKey })}</div>
              </td>
              <td>
                <time dateTime={e.receivedAt}>{formatTime(e.receivedAt, locale)}</time>
              </td>
              <td data-testid={`failed-event-reason-${e.id}`}>
                <code>{e.errorCode}</code>
                <div className="small">{e.error}</div>
              </td>
              <td>
                <button
                  className="btn"
                  type="button"
                  data-testid={`failed-event-reprocess-${e.id}`}
                  disabled={busy}
                  onClick={() => props.onReprocess(e)}
                >
                  {busy ? t('failedEvents.reprocessing') : t('failedEvents.reprocess')}
                </button>
              </td>
            </tr>
          );
        })}
      </AdminTable>
    </section>
  );
}
