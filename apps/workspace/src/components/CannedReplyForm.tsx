import { useState, type FormEvent } from 'react';
import {
  cannedReplyLimits,
  type CannedReply,
  type CannedReplyScope,
  type Locale,
  type Queue,
  type Role,
} from '@frontline/shared';
import { errorText } from '../error-text.ts';
import { cannedReplyVariables } from '../fill-canned-reply.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { SelectField } from './SelectField.tsx';

/** What the form submits: a new reply's fields, or (editing) the same fields but the scope. */
export interface CannedReplyDraft {
  scope: CannedReplyScope;
  queueId: number | null;
  title: string;
  shortcut: string;
  body: string;
  language: Locale;
}

/**
 * A new or changed canned reply: title, `/shortcut`, language, text with variables, and (supervisors,
 * admins) whether it is shared, for one queue or all. An existing reply keeps its scope.
 */
export function CannedReplyForm(props: {
  role: Role;
  queues: Queue[];
  /** The reply being changed; absent for a new one. */
  editing?: CannedReply;
  onSubmit: (draft: CannedReplyDraft) => Promise<void>;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const { editing } = props;
  const [draft, setDraft] = useState<CannedReplyDraft>(() => ({
    scope: editing?.scope ?? 'personal',
    queueId: editing?.queueId ?? null,
    title: editing?.title ?? '',
    shortcut: editing?.shortcut ?? '',
    body: editing?.body ?? '',
    language: editing?.language ?? locale,
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (change: Partial<CannedReplyDraft>) => setDraft((d) => ({ ...d, ...change }));
  const mayShare = props.role !== 'operator';
  const complete = draft.title.trim() !== '' && draft.shortcut.trim() !== '' && draft.body.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!complete || busy) return;
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({ ...draft, shortcut: draft.shortcut.trim().replace(/^\//, '') });
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  };

  return (
    <form className="canned-form" data-testid="canned-form" onSubmit={(e) => void submit(e)}>
      <h3>{editing ? t('canned.form.editTitle') : t('canned.form.newTitle')}</h3>
      {mayShare && !editing && (
        <SelectField
          label={t('canned.form.scope')}
          testId="canned-scope"
          value={draft.scope}
          onChange={(value) => set({ scope: value === 'shared' ? 'shared' : 'personal' })}
        >
          <option value="personal">{t('canned.scope.personal')}</option>
          <option value="shared">{t('canned.scope.shared')}</option>
        </SelectField>
      )}
      {draft.scope === 'shared' && (
        <SelectField
          label={t('canned.form.queue')}
          testId="canned-queue"
          value={draft.queueId === null ? '' : String(draft.queueId)}
          onChange={(value) => set({ queueId: value === '' ? null : Number(value) })}
        >
          <option value="">{t('canned.allQueues')}</option>
          {props.queues.map((q) => (
            <option key={q.id} value={String(q.id)}>
              {queueName(q, locale)}
            </option>
          ))}
        </SelectField>
      )}
      <label className="field">
        <span>{t('canned.form.title')}</span>
        <input
          className="input"
          data-testid="canned-title"
          value={draft.title}
          maxLength={cannedReplyLimits.titleMax}
          placeholder={t('canned.form.titlePlaceholder')}
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('canned.form.shortcut')}</span>
        <input
          className="input input-mono"
          data-testid="canned-shortcut"
          value={draft.shortcut}
          maxLength={cannedReplyLimits.shortcutMax + 1}
          placeholder="roaming"
          onChange={(e) => set({ shortcut: e.target.value })}
        />
        <span className="field-hint">{t('canned.form.shortcutHint')}</span>
      </label>
      <SelectField
        label={t('canned.form.language')}
        testId="canned-language"
        value={draft.language}
        onChange={(value) => set({ language: value === 'en' ? 'en' : 'ru' })}
      >
        <option value="ru">{t('canned.language.ru')}</option>
        <option value="en">{t('canned.language.en')}</option>
      </SelectField>
      <label className="field">
        <span>{t('canned.form.body')}</span>
        <textarea
          className="input canned-form-body"
          data-testid="canned-body"
          rows={5}
          value={draft.body}
          maxLength={cannedReplyLimits.bodyMax}
          onChange={(e) => set({ body: e.target.value })}
        />
        <span className="field-hint">
          {t('canned.form.variables')}{' '}
          {cannedReplyVariables.map((name) => (
            <code key={name} className="canned-variable">{`{{${name}}}`}</code>
          ))}
        </span>
      </label>
      <ErrorAlert message={error} testId="canned-form-error" />
      <div className="dialog-actions">
        <button className="btn" type="button" onClick={props.onCancel}>
          {t('canned.cancel')}
        </button>
        <button
          className="btn btn-primary"
          type="submit"
          data-testid="canned-save"
          disabled={busy || !complete}
        >
          {busy ? t('canned.saving') : t('canned.save')}
        </button>
      </div>
    </form>
  );
}
