import { useState } from 'react';
import { Role, channelKinds, type AdminOperator, type AdminQueue, type Skill } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { operatorDraft, operatorRequest, type OperatorDraft } from '../admin-drafts.ts';
import { channelKindLabel } from '../channel-labels.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { useAdminForm } from '../use-admin-form.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { SelectField } from './SelectField.tsx';
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
  const form = useAdminForm();
  const [draft, setDraft] = useState<OperatorDraft>(() => operatorDraft(props.operator));
  const set = (change: Partial<OperatorDraft>) => setDraft((d) => ({ ...d, ...change }));
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
      <div>
        <SelectField
          label={t('admin.operators.role')}
          testId="operator-role"
          value={draft.role}
          onChange={(value) => set({ role: Role.parse(value) })}
        >
          {Role.options.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </SelectField>
        {form.problem('role') && <span className="field-problem">{form.problem('role')}</span>}
      </div>
      <AdminField
        label={t('admin.operators.capacity')}
        testId="operator-capacity"
        value={draft.capacity}
        inputMode="numeric"
        hint={t('admin.operators.capacityHint')}
        problem={form.problem('capacity')}
        onChange={(capacity) => set({ capacity })}
      />
      <fieldset className="field field-wide" data-testid="operator-queues">
        <legend>{t('admin.operators.queues')}</legend>
        <div className="checkbox-grid">
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
        </div>
        {form.problem('queueIds') && <span className="field-problem">{form.problem('queueIds')}</span>}
      </fieldset>
      <SkillLevelsEditor
        legend={t('admin.operators.skills')}
        skills={props.skills}
        value={draft.skills}
        onChange={(skills) => set({ skills })}
        testId="operator-skill"
        problem={form.problem('skills')}
      />
      <fieldset className="field field-wide">
        <legend>{t('admin.operators.limits')}</legend>
        <span className="field-hint">{t('admin.operators.limitsHint')}</span>
        <div className="form-grid">
          {channelKinds.map((kind) => (
            <AdminField
              key={kind}
              label={channelKindLabel(kind, t)}
              testId={`operator-limit-${kind}`}
              value={draft.channelLimits[kind]}
              inputMode="numeric"
              placeholder={t('admin.operators.noLimit')}
              problem={form.problem(`channelLimits.${kind}`)}
              onChange={(value) => set({ channelLimits: { ...draft.channelLimits, [kind]: value } })}
            />
          ))}
        </div>
      </fieldset>
    </AdminFormShell>
  );
}
