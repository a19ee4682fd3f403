import { Role, type AdminOperator, type AdminQueue, type Skill } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { operatorDraft, operatorRequest, type OperatorDraft } from '../admin-drafts.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { useDraftForm } from '../use-draft-form.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { ChannelNumbersField, FieldGroup } from './FieldGroup.tsx';
import { SelectWithProblem } from './SelectField.tsx';
import { SkillLevelsEditor } from './SkillLevelsEditor.tsx';

/** An operator's routing: role, queues, skills with levels, capacity units, limits per channel kind. */
export function OperatorForm(props: {
  api: Pick<AdminApi, 'updateOperatorRouting'>;
  operator: AdminOperator;
  queues: AdminQueue[];
  skills: Skill[];
  readOnly: boolean;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const { form, draft, set, bind } = useDraftForm<OperatorDraft>(() => operatorDraft(props.operator));
  const submit = () =>
    void form.run(operatorRequest(draft), async (req) => {
      await props.api.updateOperatorRouting(props.operator.id, req);
      props.onSaved();
    });
  const toggleQueue = (id: number, on: boolean) =>
    set({ queueIds: on ? [...draft.queueIds, id] : draft.queueIds.filter((q) => q !== id) });

  return (
    <AdminFormShell
      title={t('admin.operators.editTitle', { name: props.operator.name })}
      testId="operator-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <SelectWithProblem
        label={t('admin.operators.role')}
        testId="operator-role"
        value={draft.role}
        problem={form.problem('role')}
        onChange={(value) => set({ role: Role.parse(value) })}
      >
        {Role.options.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </SelectWithProblem>
      <AdminField
        label={t('admin.operators.capacity')}
        testId="operator-capacity"
        {...bind('capacity')}
        inputMode="numeric"
        hint={t('admin.operators.capacityHint')}
      />
      <FieldGroup
        legend={t('admin.operators.queues')}
        grid="checkbox-grid"
        testId="operator-queues"
        problem={form.problem('queueIds')}
      >
        {props.queues.map((q) => (
          <label key={q.id} className="checkbox">
            <input
              type="checkbox"
              data-testid={`operator-queue-${q.id}`}
              checked={draft.queueIds.includes(q.id)}
              onChange={(e) => toggleQueue(q.id, e.target.checked)}
            />
            {queueName(q, locale)}
          </label>
        ))}
      </FieldGroup>
      <SkillLevelsEditor
        legend={t('admin.operators.skills')}
        skills={props.skills}
        value={draft.skills}
        onChange={(skills) => set({ skills })}
        testId="operator-skill"
        problem={form.problem('skills')}
      />
      <ChannelNumbersField
        legend={t('admin.operators.limits')}
        hint={t('admin.operators.limitsHint')}
        testId="operator-limit"
        placeholder={t('admin.operators.noLimit')}
        problem={form.problem}
        problemAt="channelLimits"
        values={draft.channelLimits}
        onChange={(channelLimits) => set({ channelLimits })}
      />
    </AdminFormShell>
  );
}
