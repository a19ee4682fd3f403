import type { AdminQueue, AdminSlaPolicy } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { minutesText, slaPolicyDraft, slaPolicyRequest, type SlaPolicyDraft } from '../admin-drafts.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { saveItem, useDraftForm } from '../use-draft-form.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { CrudPanel } from './CrudPanel.tsx';
import { SelectWithProblem } from './SelectField.tsx';

type SlaApi = Pick<AdminApi, 'createSlaPolicy' | 'updateSlaPolicy' | 'deleteSlaPolicy'>;

type MinutesField = 'firstResponse' | 'nextResponse' | 'resolution' | 'overflowAfter';
/** The API's field of each minutes field (the server's problems name those). */
const apiField: Record<MinutesField, string> = {
  firstResponse: 'firstResponseSeconds',
  nextResponse: 'nextResponseSeconds',
  resolution: 'resolutionSeconds',
  overflowAfter: 'overflowAfterSeconds',
};

function SlaPolicyForm(props: {
  api: SlaApi;
  editing: AdminSlaPolicy | null;
  queues: AdminQueue[];
  readOnly: boolean;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const { form, draft, set, bind } = useDraftForm<SlaPolicyDraft>(() => slaPolicyDraft(props.editing));
  const submit = () =>
    void form.run(
      slaPolicyRequest(draft),
      saveItem(props, props.api.updateSlaPolicy, props.api.createSlaPolicy),
    );
  const minutes = (field: MinutesField) => (
    <AdminField
      label={t(`admin.sla.${field}`)}
      testId={`sla-${field}`}
      {...bind(field, apiField[field])}
      inputMode="decimal"
      hint={t('admin.sla.minutesHint')}
    />
  );
  const check = (field: 'businessHoursOnly' | 'escalateOnBreach') => (
    <div className="field field-checkbox">
      <label>
        <input
          type="checkbox"
          data-testid={`sla-${field}`}
          checked={draft[field]}
          onChange={(e) => set({ [field]: e.target.checked })}
        />
        {t(`admin.sla.${field}`)}
      </label>
    </div>
  );
  return (
    <AdminFormShell
      title={props.editing ? t('admin.sla.editTitle') : t('admin.sla.newTitle')}
      testId="sla-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <AdminField label={t('admin.name')} testId="sla-name" {...bind('name')} />
      {minutes('firstResponse')}
      {minutes('nextResponse')}
      {minutes('resolution')}
      <AdminField
        label={t('admin.sla.warnPercent')}
        testId="sla-warnPercent"
        {...bind('warnPercent')}
        inputMode="numeric"
      />
      {check('businessHoursOnly')}
      {minutes('overflowAfter')}
      <SelectWithProblem
        label={t('admin.sla.overflowQueue')}
        testId="sla-overflowQueue"
        {...bind('overflowQueueId')}
      >
        <option value="">{t('admin.none')}</option>
        {props.queues.map((q) => (
          <option key={q.id} value={String(q.id)}>
            {queueName(q, locale)}
          </option>
        ))}
      </SelectWithProblem>
      {check('escalateOnBreach')}
    </AdminFormShell>
  );
}

/** SLA policies: the targets of the response and resolution clocks, the warning, overflow and escalation. */
export function SlaPoliciesPanel(props: {
  api: SlaApi;
  canEdit: boolean;
  policies: AdminSlaPolicy[] | null;
  queues: AdminQueue[];
  loadError: string | null;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const target = (seconds: number | null) =>
    seconds === null ? '—' : t('admin.sla.minutes', { n: minutesText(seconds) });
  const yes = (b: boolean) => (b ? t('admin.yes') : t('admin.no'));
  return (
    <CrudPanel
      id="sla"
      title={t('admin.sla.title')}
      intro={t('admin.sla.intro')}
      newLabel={t('admin.sla.new')}
      items={props.policies}
      loadError={props.loadError}
      emptyText={t('admin.sla.empty')}
      columns={[
        t('admin.name'),
        t('admin.sla.firstResponse'),
        t('admin.sla.nextResponse'),
        t('admin.sla.resolution'),
        t('admin.sla.col.warn'),
        t('admin.sla.col.hoursOnly'),
        t('admin.sla.col.overflow'),
        t('admin.sla.col.escalate'),
      ]}
      cells={(p) => {
        const queue = props.queues.find((q) => q.id === p.overflowQueueId);
        return [
          p.name,
          target(p.firstResponseSeconds),
          target(p.nextResponseSeconds),
          target(p.resolutionSeconds),
          `${p.warnPercent} %`,
          yes(p.businessHoursOnly),
          p.overflowAfterSeconds === null
            ? '—'
            : `${target(p.overflowAfterSeconds)} → ${queue ? queueName(queue, locale) : '—'}`,
          yes(p.escalateOnBreach),
        ];
      }}
      canEdit={props.canEdit}
      form={(editing, formProps) => (
        <SlaPolicyForm api={props.api} editing={editing} queues={props.queues} {...formProps} />
      )}
      onChanged={props.onChanged}
      onDelete={(p) => props.api.deleteSlaPolicy(p.id)}
      deleteBody={(p) => t('admin.sla.deleteBody', { name: p.name })}
    />
  );
}
