import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n-context.ts';
import type { AdminForm } from '../use-admin-form.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/**
 * An admin form's frame: its title, the fields (children, disabled when read-only: supervisors see them but
 * cannot change them), the banner of a refusal, Cancel and Save (Close only, read-only).
 */
export function AdminFormShell(props: {
  title: string;
  testId: string;
  form: AdminForm;
  readOnly: boolean;
  onSubmit: () => void;
  /** Absent: no Cancel / Close button (a form that is always shown). */
  onCancel?: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!props.readOnly) props.onSubmit();
  };
  return (
    <form className="card channel-form admin-form" data-testid={props.testId} onSubmit={submit}>
      <h3>{props.title}</h3>
      <fieldset className="form-section" disabled={props.readOnly}>
        <div className="form-grid">{props.children}</div>
      </fieldset>
      <ErrorAlert message={props.form.banner} testId={`${props.testId}-error`} />
      <div className="form-actions">
        {props.onCancel && (
          <button
            className="btn"
            type="button"
            data-testid={`${props.testId}-cancel`}
            onClick={props.onCancel}
          >
            {props.readOnly ? t('admin.close') : t('admin.cancel')}
          </button>
        )}
        {!props.readOnly && (
          <button
            className="btn btn-primary"
            type="submit"
            data-testid={`${props.testId}-save`}
            disabled={props.form.busy}
          >
            {props.form.busy ? t('admin.saving') : t('admin.save')}
          </button>
        )}
      </div>
    </form>
  );
}
