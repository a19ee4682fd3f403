import type { AdminApi } from '../admin-api.ts';
import { skillLevelsText } from '../admin-names.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { useReloadingList } from '../use-loaded-list.ts';
import { CrudPanel } from './CrudPanel.tsx';
import { EntryPointForm, type EntryPointChoices } from './EntryPointForm.tsx';
import type { AdminEntryPoint } from '@frontline/shared';

/** Entry points: where customers come in (the widget's slug), with what their cases need and get. */
export function EntryPointsPanel(props: {
  api: Pick<AdminApi, 'listAdminEntryPoints' | 'createEntryPoint' | 'updateEntryPoint'>;
  canEdit: boolean;
  choices: EntryPointChoices;
  /** For render tests: the list as already loaded. */
  initial?: AdminEntryPoint[];
}) {
  const { api, choices } = props;
  const { t, locale } = useI18n();
  const list = useReloadingList(() => api.listAdminEntryPoints(), api, props.initial);
  const nameOf = <T extends { id: number; name: string }>(list: T[], id: number | null) =>
    id === null ? '—' : (list.find((x) => x.id === id)?.name ?? `#${id}`);

  return (
    <CrudPanel
      id="entry-points"
      title={t('admin.entryPoints.title')}
      intro={t('admin.entryPoints.intro')}
      newLabel={t('admin.entryPoints.new')}
      items={list.items}
      loadError={list.error}
      emptyText={t('admin.entryPoints.empty')}
      columns={[
        t('admin.slug'),
        t('admin.name'),
        t('admin.entryPoints.queue'),
        t('admin.entryPoints.skills'),
        t('admin.entryPoints.priority'),
        t('admin.entryPoints.sla'),
        t('admin.entryPoints.hours'),
      ]}
      cells={(ep) => {
        const queue = choices.queues.find((q) => q.id === ep.queueId);
        return [
          <code key="slug">{ep.slug}</code>,
          locale === 'ru' ? ep.nameRu : ep.nameEn,
          queue ? queueName(queue, locale) : `#${ep.queueId}`,
          skillLevelsText(ep.skills, choices.skills) || '—',
          ep.priority,
          nameOf(choices.slaPolicies, ep.slaPolicyId),
          ep.businessHoursId === null
            ? t('admin.entryPoints.alwaysOpen')
            : nameOf(choices.businessHours, ep.businessHoursId),
        ];
      }}
      canEdit={props.canEdit}
      form={(editing, formProps) => (
        <EntryPointForm api={api} editing={editing} choices={choices} {...formProps} />
      )}
      onChanged={list.reload}
    />
  );
}
