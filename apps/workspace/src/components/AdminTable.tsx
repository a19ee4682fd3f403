import type { ReactNode } from 'react';
import { useI18n } from '../i18n-context.ts';

/**
 * An admin list as a table: a header cell a column, then the row actions' column (named for screen readers
 * only); the rows come as children (rendering only).
 */
export function AdminTable(props: { columns: readonly string[]; testId?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="channel-table" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((label, i) => (
              <th key={i} scope="col">
                {label}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{t('channels.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
