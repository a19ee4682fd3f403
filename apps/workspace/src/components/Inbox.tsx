import type { CaseSummary, Queue } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
import { inboxTabs, type InboxFilter } from '../inbox-filter.ts';
import { queueName } from '../queue-name.ts';
import { useNow } from '../use-now.ts';
import { InboxRow } from './InboxRow.tsx';

/** The left column: tabs, queue filter and the live case list. */
export function Inbox(props: {
  cases: CaseSummary[];
  filter: InboxFilter;
  loading: boolean;
  /** Cases matching the filter on all pages (null: unknown). */
  total: number | null;
  hasMore: boolean;
  onMore: () => void;
  error: string | null;
  queues: Queue[];
  openCaseId: number | null;
  onFilter: (filter: InboxFilter) => void;
  onOpen: (caseId: number) => void;
}) {
  const { t, locale } = useI18n();
  const { filter } = props;
  const queueNames = new Map(props.queues.map((q) => [q.id, queueName(q, locale)]));
  const now = useNow();

  return (
    <aside className="inbox" aria-label={t('inbox.title')}>
      <div className="inbox-tabs" role="tablist">
        {inboxTabs.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={filter.tab === tab}
            className={`tab${filter.tab === tab ? ' tab-active' : ''}`}
            data-testid={`inbox-tab-${tab}`}
            onClick={() => props.onFilter({ ...filter, tab })}
          >
            {t(`inbox.tab.${tab}`)}
          </button>
        ))}
      </div>
      <div className="inbox-filter">
        <select
          className="select"
          aria-label={t('inbox.queueFilter')}
          value={filter.queueId ?? ''}
          onChange={(e) =>
            props.onFilter({ ...filter, queueId: e.target.value === '' ? null : Number(e.target.value) })
          }
        >
          <option value="">{t('inbox.allQueues')}</option>
          {props.queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.waiting !== undefined ? `${queueName(q, locale)} (${q.waiting})` : queueName(q, locale)}
            </option>
          ))}
        </select>
      </div>
      {props.cases.length > 0 && props.total !== null && (
        <div className="inbox-count inbox-count-top" data-testid="inbox-count">
          {t('inbox.shownOfTotal', { shown: props.cases.length, total: props.total })}
        </div>
      )}
      {props.error && <div className="alert alert-error inbox-alert">{props.error}</div>}
      <ul className="inbox-list" data-testid="inbox">
        {props.cases.map((c) => (
          <InboxRow
            key={c.id}
            item={c}
            queueName={queueNames.get(c.queueId) ?? null}
            active={c.id === props.openCaseId}
            // Only rows with a timer tick (the others keep a constant and skip the re-render).
            now={c.status === 'queued' || (c.sla && c.status !== 'resolved') ? now : 0}
            onOpen={props.onOpen}
          />
        ))}
        {props.cases.length === 0 && (
          <li className="inbox-empty">{props.loading ? t('inbox.loading') : t('inbox.empty')}</li>
        )}
        {props.cases.length > 0 && props.hasMore && (
          <li className="inbox-more">
            <button type="button" className="btn-link" data-testid="inbox-more" onClick={props.onMore}>
              {t('inbox.more')}
            </button>
          </li>
        )}
      </ul>
    </aside>
  );
}
