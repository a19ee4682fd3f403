import type {
  AdminBusinessHours,
  AdminEntryPoint,
  AdminQueue,
  AdminSlaPolicy,
  Skill,
} from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import {
  entryPointDraft,
  entryPointRequest,
  preChatKeys,
  type EntryPointDraft,
  type PreChatChoice,
} from '../admin-drafts.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { saveItem, useDraftForm } from '../use-draft-form.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { FieldGroup } from './FieldGroup.tsx';
import { SelectField, SelectWithProblem } from './SelectField.tsx';
import { SkillLevelsEditor } from './SkillLevelsEditor.tsx';

/** What the entry point form chooses from. */
export interface EntryPointChoices {
  queues: AdminQueue[];
  skills: Skill[];
  slaPolicies: AdminSlaPolicy[];
  businessHours: AdminBusinessHours[];
}

/**
 * A new or changed entry point: slug, names, queue, required skills with levels, priority, SLA policy,
 * business hours with the out-of-hours replies, the pre-chat form's fields, the reopen window.
 */
export function EntryPointForm(props: {
  api: Pick<AdminApi, 'createEntryPoint' | 'updateEntryPoint'>;
  editing: AdminEntryPoint | null;
  choices: EntryPointChoices;
  readOnly: boolean;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const { choices, editing } = props;
  const { form, draft, set, bind } = useDraftForm<EntryPointDraft>(() =>
    entryPointDraft(editing, choices.queues[0]?.id ?? null),
  );
  const submit = () =>
    void form.run(
      entryPointRequest(draft),
      saveItem(props, props.api.updateEntryPoint, props.api.createEntryPoint),
    );
  const text = (
    field: 'slug' | 'nameRu' | 'nameEn' | 'priority' | 'reopenWindowHours' | 'outOfHoursRu' | 'outOfHoursEn',
    label: string,
    extra: Partial<Parameters<typeof AdminField>[0]> = {},
  ) => <AdminField label={label} testId={`ep-${field}`} {...bind(field)} {...extra} />;

  return (
    <AdminFormShell
      title={editing ? t('admin.entryPoints.editTitle') : t('admin.entryPoints.newTitle')}
      testId="ep-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {text('slug', t('admin.slug'), {
        mono: true,
        placeholder: 'support',
        hint: t('admin.entryPoints.slugHint'),
      })}
      {text('nameRu', t('admin.nameRu'))}
      {text('nameEn', t('admin.nameEn'))}
      <SelectWithProblem label={t('admin.entryPoints.queue')} testId="ep-queue" {...bind('queueId')}>
        {choices.queues.map((q) => (
          <option key={q.id} value={String(q.id)}>
            {queueName(q, locale)}
          </option>
        ))}
      </SelectWithProblem>
      {text('priority', t('admin.entryPoints.priority'), {
        inputMode: 'numeric',
        hint: t('admin.entryPoints.priorityHint'),
      })}
      {text('reopenWindowHours', t('admin.entryPoints.reopen'), {
        inputMode: 'numeric',
        hint: t('admin.entryPoints.reopenHint'),
      })}
      <SkillLevelsEditor
        legend={t('admin.entryPoints.skills')}
        skills={choices.skills}
        value={draft.skills}
        onChange={(skills) => set({ skills })}
        testId="ep-skill"
        problem={form.problem('skills')}
      />
      <SelectWithProblem label={t('admin.entryPoints.sla')} testId="ep-sla" {...bind('slaPolicyId')}>
        <option value="">{t('admin.none')}</option>
        {choices.slaPolicies.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </SelectWithProblem>
      <SelectWithProblem label={t('admin.entryPoints.hours')} testId="ep-hours" {...bind('businessHoursId')}>
        <option value="">{t('admin.entryPoints.alwaysOpen')}</option>
        {choices.businessHours.map((h) => (
          <option key={h.id} value={String(h.id)}>
            {h.name}
          </option>
        ))}
      </SelectWithProblem>
      {text('outOfHoursRu', t('admin.entryPoints.outOfHoursRu'), {
        multiline: true,
        wide: true,
        hint: t('admin.entryPoints.outOfHoursHint'),
      })}
      {text('outOfHoursEn', t('admin.entryPoints.outOfHoursEn'), { multiline: true, wide: true })}
      <FieldGroup legend={t('admin.entryPoints.preChat')} problem={form.problem('preChatFields')}>
        {preChatKeys.map((key) => (
          <SelectField
            key={key}
            label={t(`admin.preChat.${key}`)}
            testId={`ep-prechat-${key}`}
            value={draft.preChat[key]}
            onChange={(value) => set({ preChat: { ...draft.preChat, [key]: value as PreChatChoice } })}
          >
            <option value="off">{t('admin.preChat.off')}</option>
            <option value="optional">{t('admin.preChat.optional')}</option>
            <option value="required">{t('admin.preChat.required')}</option>
          </SelectField>
        ))}
      </FieldGroup>
    </AdminFormShell>
  );
}
