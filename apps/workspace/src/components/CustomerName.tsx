import { useState } from 'react';
import { useI18n } from '../i18n-context.ts';

/** The customer's name in the card head, with an Edit button that turns it into a small form. */
export function CustomerName(props: {
  name: string | null;
  busy: boolean;
  editable: boolean;
  /** Saves the name (null clears it); resolves to whether it was saved. */
  onSave: (name: string | null) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const shown = props.name ?? t('customer.anonymous');

  if (draft === null) {
    return (
      <div className="customer-name-row">
        <div className="customer-name" data-testid="customer-name">
          {shown}
        </div>
        {props.editable && (
          <button
            className="btn-link small"
            type="button"
            data-testid="customer-rename"
            aria-label={t('customer.rename')}
            onClick={() => setDraft(props.name ?? '')}
          >
            {t('customer.edit')}
          </button>
        )}
      </div>
    );
  }
  return (
    <form
      className="card-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = draft.trim();
        void props.onSave(value === '' ? null : value).then((saved) => {
          if (saved) setDraft(null);
        });
      }}
    >
      <label className="sr-only" htmlFor="customer-name-input">
        {t('customer.nameLabel')}
      </label>
      <input
        id="customer-name-input"
        className="input"
        data-testid="customer-name-input"
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.currentTarget.value)}
      />
      <div className="form-actions">
        <button className="btn" type="button" onClick={() => setDraft(null)}>
          {t('customer.cancel')}
        </button>
        <button
          className="btn btn-primary"
          type="submit"
          disabled={props.busy}
          data-testid="customer-name-save"
        >
          {t('customer.save')}
        </button>
      </div>
    </form>
  );
}
