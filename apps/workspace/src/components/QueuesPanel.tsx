import type { AdminQueue } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import type { Built } from '../admin-drafts.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { saveItem, useDraftForm } from '../use-draft-form.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { CrudPanel } from './CrudPanel.tsx';

type QueuesApi = Pick<AdminApi, 'createQueue' | 'updateQueue' | 'deleteQueue'>;

/** The queue form → its request: both names needed. */
export function queueRequest(d: {
  nameRu: string;
  nameEn: string;
}): Built<{ nameRu: string; nameEn: string }> {
  const request = { nameRu: d.nameRu.trim(), nameEn: d.nameEn.trim() };
  const fields = Object.fromEntries(
    Object.entries(request)
      .filter(([, v]) => v === '')
      .map(([k]) => [k, 'admin.problem.required' as const]),
  );
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, request };
}

function QueueForm(props: {
  api: QueuesApi;
  editing: AdminQueue | null;
  readOnly: boolean;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { form, draft, bind } = useDraftForm({
    nameRu: props.editing?.nameRu ?? props.editing?.name ?? '',
    nameEn: props.editing?.nameEn ?? props.editing?.name ?? '',
  });
  const submit = () =>
    void form.run(queueRequest(draft), saveItem(props, props.api.updateQueue, props.api.createQueue));
  return (
    <AdminFormShell
      title={props.editing ? t('admin.queues.editTitle') : t('admin.queues.newTitle')}
      testId="queue-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <AdminField label={t('admin.nameRu')} testId="queue-name-ru" {...bind('nameRu')} />
      <AdminField
        label={t('admin.nameEn')}
        testId="queue-name-en"
        {...bind('nameEn')}
        problem={form.problem('nameEn') ?? form.problem('name')}
        hint={props.editing ? undefined : t('admin.queues.nameHint')}
      />
    </AdminFormShell>
  );
}

/** Queues: names in both languages, how many cases and entry points use each (those cannot be deleted). */
export function QueuesPanel(props: {
  api: QueuesApi;
  canEdit: boolean;
  queues: AdminQueue[] | null;
  loadError: string | null;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  return (
    <CrudPanel
      id="queues"
      title={t('admin.queues.title')}
      intro={t('admin.queues.intro')}
      newLabel={t('admin.queues.new')}
      items={props.queues}
      loadError={props.loadError}
      emptyText={t('admin.queues.empty')}
      columns={[
        t('admin.queues.col.name'),
        t('admin.nameRu'),
        t('admin.nameEn'),
        t('admin.queues.col.cases'),
        t('admin.queues.col.entryPoints'),
      ]}
      cells={(q) => [queueName(q, locale), q.nameRu ?? '—', q.nameEn ?? '—', q.cases, q.entryPoints]}
      canEdit={props.canEdit}
      form={(editing, formProps) => <QueueForm api={props.api} editing={editing} {...formProps} />}
      onChanged={props.onChanged}
      onDelete={(q) => props.api.deleteQueue(q.id)}
      undeletable={(q) => (q.cases > 0 || q.entryPoints > 0 ? t('admin.queues.inUse') : null)}
      deleteBody={(q) => t('admin.queues.deleteBody', { name: queueName(q, locale) })}
    />
  );
}
