import { useState } from 'react';
import type { ContactPoint } from '@frontline/shared';
import { attestationText } from '../attestation-text.ts';
import { useI18n } from '../i18n-context.ts';

type Kind = ContactPoint['kind'];

/** A phone or e-mail form: the kind (only when adding) and the value. */
function PointForm(props: {
  kind: Kind;
  value: string;
  kindFixed: boolean;
  busy: boolean;
  idPrefix: string;
  onCancel: () => void;
  onSave: (kind: Kind, value: string) => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>(props.kind);
  const [value, setValue] = useState(props.value);
  return (
    <form
      className="card-inline-form"
      data-testid="contact-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim() !== '') props.onSave(kind, value.trim());
      }}
    >
      {!props.kindFixed && (
        <>
          <label className="sr-only" htmlFor={`${props.idPrefix}-kind`}>
            {t('customer.contactKind')}
          </label>
          <select
            id={`${props.idPrefix}-kind`}
            className="select"
            data-testid="contact-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value === 'email' ? 'email' : 'phone')}
          >
            <option value="phone">{t('contact.phone')}</option>
            <option value="email">{t('contact.email')}</option>
          </select>
        </>
      )}
      <label className="sr-only" htmlFor={`${props.idPrefix}-value`}>
        {t('customer.contactValue')}
      </label>
      <input
        id={`${props.idPrefix}-value`}
        className="input"
        data-testid="contact-value"
        type={kind === 'phone' ? 'tel' : 'email'}
        value={value}
        maxLength={320}
        onChange={(e) => setValue(e.currentTarget.value)}
      />
      <div className="form-actions">
        <button className="btn" type="button" onClick={props.onCancel}>
          {t('customer.cancel')}
        </button>
        <button className="btn btn-primary" type="submit" disabled={props.busy} data-testid="contact-save">
          {t('customer.save')}
        </button>
      </div>
    </form>
  );
}

/**
 * The customer's phones and e-mails, each with what confirms it ("confirmed: Telegram contact") or
 * "unconfirmed". Unconfirmed ones can be edited and removed; confirmed ones only shown (the server refuses).
 */
export function CustomerContactPoints(props: {
  points: ContactPoint[];
  editable: boolean;
  busy: boolean;
  onAdd: (kind: Kind, value: string) => Promise<boolean>;
  onEdit: (point: ContactPoint, value: string) => Promise<boolean>;
  onRemove: (point: ContactPoint) => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const close = (saved: boolean) => {
    if (saved) setEditing(null);
  };
  return (
    <section className="card-section" data-testid="customer-contacts">
      <h4>{t('customer.contactPoints')}</h4>
      {props.points.length === 0 && <div className="muted">{t('customer.noContactPoints')}</div>}
      <ul className="kv-list">
        {props.points.map((p) => (
          <li key={p.id} data-testid="contact-point" data-attested={p.attestedBy ? 'true' : 'false'}>
            <div className="kv-top">
              <span className="muted small">{t(`contact.${p.kind}`)}</span>
              {props.editable && p.attestedBy === null && editing === null && (
                <span className="card-row-actions">
                  <button
                    className="btn-link small"
                    type="button"
                    data-testid="contact-edit"
                    aria-label={`${t('customer.edit')} ${p.value}`}
                    onClick={() => setEditing(p.id)}
                  >
                    {t('customer.edit')}
                  </button>
                  <button
                    className="btn-link small"
                    type="button"
                    data-testid="contact-remove"
                    aria-label={`${t('customer.remove')} ${p.value}`}
                    disabled={props.busy}
                    onClick={() => props.onRemove(p)}
                  >
                    {t('customer.remove')}
                  </button>
                </span>
              )}
            </div>
            {editing === p.id ? (
              <PointForm
                kind={p.kind}
                value={p.value}
                kindFixed
                busy={props.busy}
                idPrefix={`contact-${p.id}`}
                onCancel={() => setEditing(null)}
                onSave={(_kind, value) => void props.onEdit(p, value).then(close)}
              />
            ) : (
              <>
                <div className="cp-value">{p.value}</div>
                <div
                  className={`small ${p.attestedBy ? 'attest-yes' : 'attest-no'}`}
                  data-testid="contact-attestation"
                >
                  {p.attestedBy ? '✓ ' : ''}
                  {attestationText(p.attestedBy, t)}
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      {props.editable &&
        (editing === 'new' ? (
          <PointForm
            kind="phone"
            value=""
            kindFixed={false}
            busy={props.busy}
            idPrefix="contact-new"
            onCancel={() => setEditing(null)}
            onSave={(kind, value) => void props.onAdd(kind, value).then(close)}
          />
        ) : (
          editing === null && (
            <button
              className="btn-link small card-add"
              type="button"
              data-testid="contact-add"
              onClick={() => setEditing('new')}
            >
              + {t('customer.addContact')}
            </button>
          )
        ))}
    </section>
  );
}
