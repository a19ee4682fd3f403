import type { Skill } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import type { Built } from '../admin-drafts.ts';
import { useI18n } from '../i18n-context.ts';
import { saveItem, useDraftForm } from '../use-draft-form.ts';
import { AdminField } from './AdminField.tsx';
import { AdminFormShell } from './AdminFormShell.tsx';
import { CrudPanel } from './CrudPanel.tsx';

type SkillsApi = Pick<AdminApi, 'createSkill' | 'updateSkill' | 'deleteSkill'>;

/** The skill form → its request (every field needed). */
export function skillRequest(d: { slug: string; nameRu: string; nameEn: string }): Built<typeof d> {
  const request = { slug: d.slug.trim(), nameRu: d.nameRu.trim(), nameEn: d.nameEn.trim() };
  const missing = Object.entries(request).filter(([, v]) => v === '');
  return missing.length > 0
    ? { ok: false, fields: Object.fromEntries(missing.map(([k]) => [k, 'admin.problem.required' as const])) }
    : { ok: true, request };
}

function SkillForm(props: {
  api: SkillsApi;
  editing: Skill | null;
  readOnly: boolean;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { form, draft, bind } = useDraftForm({
    slug: props.editing?.slug ?? '',
    nameRu: props.editing?.nameRu ?? '',
    nameEn: props.editing?.nameEn ?? '',
  });
  const submit = () =>
    void form.run(skillRequest(draft), saveItem(props, props.api.updateSkill, props.api.createSkill));
  return (
    <AdminFormShell
      title={props.editing ? t('admin.skills.editTitle') : t('admin.skills.newTitle')}
      testId="skill-form"
      form={form}
      readOnly={props.readOnly}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      <AdminField
        label={t('admin.slug')}
        testId="skill-slug"
        {...bind('slug')}
        mono
        placeholder="vip"
        hint={t('admin.slugHint')}
      />
      <AdminField label={t('admin.nameRu')} testId="skill-name-ru" {...bind('nameRu')} />
      <AdminField label={t('admin.nameEn')} testId="skill-name-en" {...bind('nameEn')} />
    </AdminFormShell>
  );
}

/** Skills: slug and names; deleting one takes it from every operator and entry point. */
export function SkillsPanel(props: {
  api: SkillsApi;
  canEdit: boolean;
  skills: Skill[] | null;
  loadError: string | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  return (
    <CrudPanel
      id="skills"
      title={t('admin.skills.title')}
      intro={t('admin.skills.intro')}
      newLabel={t('admin.skills.new')}
      items={props.skills}
      loadError={props.loadError}
      emptyText={t('admin.skills.empty')}
      columns={[t('admin.slug'), t('admin.nameRu'), t('admin.nameEn')]}
      cells={(s) => [<code key="slug">{s.slug}</code>, s.nameRu, s.nameEn]}
      canEdit={props.canEdit}
      form={(editing, formProps) => <SkillForm api={props.api} editing={editing} {...formProps} />}
      onChanged={props.onChanged}
      onDelete={(s) => props.api.deleteSkill(s.id)}
      deleteBody={(s) => t('admin.skills.deleteBody', { slug: s.slug })}
    />
  );
}
