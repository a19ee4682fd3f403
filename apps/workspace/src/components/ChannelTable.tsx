import type { ChannelAccountView, EntryPoint } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
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
    <div className="table-wrap">
      <table className="channel-table" data-testid="channel-table">
        <thead>
          <tr>
            <th scope="col">{t('channels.col.kind')}</th>
            <th scope="col">{t('channels.col.name')}</th>
            <th scope="col">{t('channels.col.entryPoint')}</th>
            <th scope="col">{t('channels.col.status')}</th>
            <th scope="col">{t('channels.col.health')}</th>
            <th scope="col">{t('channels.col.webhook')}</th>
            <th scope="col">{t('channels.col.secrets')}</th>
            <th scope="col">
              <span className="sr-only">{t('channels.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
