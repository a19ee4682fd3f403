import type { EmailDraft } from '../email-fields.ts';
import { useI18n } from '../i18n-context.ts';

/** The e-mail composer's Subject and CC fields (empty subject: `Re:` the customer's one). */
export function EmailFields(props: {
  value: EmailDraft;
  invalid: string | null;
  onChange: (next: EmailDraft) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="composer-email" data-testid="composer-email">
      <label htmlFor="composer-subject">{t('screen.email.subject')}</label>
      <input
        id="composer-subject"
        data-testid="composer-subject"
        maxLength={250}
        value={props.value.subject}
        placeholder={t('screen.email.subjectPlaceholder')}
        onChange={(e) => props.onChange({ ...props.value, subject: e.target.value })}
      />
      <label htmlFor="composer-cc">{t('screen.email.cc')}</label>
      <input
        id="composer-cc"
        data-testid="composer-cc"
        value={props.value.cc}
        placeholder={t('screen.email.ccPlaceholder')}
        aria-invalid={props.invalid !== null}
        onChange={(e) => props.onChange({ ...props.value, cc: e.target.value })}
      />
      {props.invalid !== null && <span />}
      {props.invalid !== null && (
        <span className="composer-count-over" role="alert">
          {t('screen.email.ccInvalid', { value: props.invalid })}
        </span>
      )}
    </div>
  );
}
