import type { ChannelAccountView, EntryPoint } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
import { AdminTable } from './AdminTable.tsx';
import { ChannelRow } from './ChannelRow.tsx';

/** The channel accounts as a table (rendering only; the screen owns loading and actions). */
export function ChannelTable(props: {
  channels: ChannelAccountView[];
  entryPoints: EntryPoint[];
  /** Ids with a request in flight (check or disconnect). */
  busyIds: ReadonlySet<number>;
  onCheck: (channel: ChannelAccountView) => void;
  onDisconnect: (channel: ChannelAccountView) => void;
}) {
  const { t, locale } = useI18n();
  const entryNames = new Map(props.entryPoints.map((e) => [e.id, locale === 'ru' ? e.nameRu : e.nameEn]));

  return (
    <AdminTable
      testId="channel-table"
      columns={[
        t('channels.col.kind'),
        t('channels.col.name'),
        t('channels.col.entryPoint'),
        t('channels.col.status'),
        t('channels.col.health'),
        t('channels.col.webhook'),
        t('channels.col.secrets'),
      ]}
    >
      {props.channels.map((c) => (
        <ChannelRow
          key={c.id}
          channel={c}
          entryPointName={
            c.entryPointId === null ? null : (entryNames.get(c.entryPointId) ?? `#${c.entryPointId}`)
          }
          checking={props.busyIds.has(c.id)}
          onCheck={props.onCheck}
          onDisconnect={props.onDisconnect}
        />
      ))}
    </AdminTable>
  );
}
