import { useId, useState, type FormEvent } from 'react';
import type { ChannelAccountView, CreateChannelRequest, EntryPoint } from '@frontline/shared';
import { buildChannelRequest, formValue, type FieldProblems } from '../build-channel-request.ts';
import {
  channelForms,
  connectableKinds,
  isConnectableKind,
  type ChannelFieldSpec,
  type ChannelFormSpec,
  type ConnectableKind,
} from '../channel-forms.ts';
import { useI18n } from '../i18n-context.ts';
import { mapChannelError, type ChannelFormError } from '../map-channel-error.ts';

/**
 * One labelled input of the form: a text input, a textarea (`multiline`) or a checkbox (`boolean`).
 * Secrets are password inputs (or textareas) the browser must not remember.
 */
function Field(props: {
  field: ChannelFieldSpec;
  group: 'config' | 'secrets';
  value: string;
  problem: FieldProblems[string] | undefined;
  /** The label of the field this one is `requiredWith`. */
  requiredWithLabel: string | null;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const { field, group } = props;
  const secret = group === 'secrets';
  const describedBy = [field.hintKey ? `${id}-hint` : '', props.problem ? `${id}-problem` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: `${group}.${field.name}`,
    'aria-invalid': props.problem ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'data-testid': `channel-form-${secret ? 'secret' : 'config'}-${field.name}`,
  };
  const textProps = {
    ...common,
    className: `input${secret || field.multiline ? ' input-mono' : ''}`,
    autoComplete: 'off',
    autoCapitalize: 'off',
    spellCheck: false,
    placeholder: field.placeholder,
    required: field.required && props.requiredWithLabel === null,
    value: props.value,
  };
  const note =
    props.requiredWithLabel !== null && field.required
      ? t('channelForm.requiredWith', { field: props.requiredWithLabel })
      : field.required
        ? null
        : t('channelForm.optional');
  const checkbox = field.valueType === 'boolean';
  return (
    <div className={`field${checkbox ? ' field-checkbox' : ''}${field.multiline ? ' field-wide' : ''}`}>
      {checkbox ? (
        <label htmlFor={id}>
          <input
            {...common}
            type="checkbox"
            checked={props.value === 'true'}
            onChange={(e) => props.onChange(e.target.checked ? 'true' : 'false')}
          />{' '}
          {t(field.labelKey)}
        </label>
      ) : (
        <label htmlFor={id}>
          {t(field.labelKey)}
          {note && <span className="field-optional"> ({note})</span>}
        </label>
      )}
      {!checkbox &&
        (field.multiline ? (
          <textarea {...textProps} rows={6} onChange={(e) => props.onChange(e.target.value)} />
        ) : (
          <input
            {...textProps}
            type={secret ? 'password' : field.valueType === 'number' ? 'text' : (field.inputType ?? 'text')}
            inputMode={field.valueType === 'number' ? 'numeric' : undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        ))}
      {props.problem && (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {props.problem === 'required' ? t('channelForm.required') : t('channelForm.invalid')}
        </span>
      )}
      {field.hintKey && (
        <span id={`${id}-hint`} className="field-hint">
          {t(field.hintKey)}
        </span>
      )}
    </div>
  );
}

const hasAdvancedProblem = (spec: ChannelFormSpec, fields: FieldProblems) =>
  spec.config.some((f) => f.advanced && fields[`config.${f.name}`]);

/**
 * "Connect channel": kind, name, entry point, then the kind's config and secret fields from
 * `channelForms`. Secret inputs are cleared after every submit, whatever the outcome; errors are shown
 * by code (see `mapChannelError`).
 */
export function ChannelForm(props: {
  entryPoints: EntryPoint[];
  onSubmit: (request: CreateChannelRequest) => Promise<ChannelAccountView>;
  onConnected: (channel: ChannelAccountView) => void;
  onCancel: () => void;
  /** The kind selected when the form opens (default: the first connectable kind). */
  initialKind?: ConnectableKind;
}) {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<ConnectableKind>(props.initialKind ?? connectableKinds[0]);
  const [name, setName] = useState('');
  const [entryPointId, setEntryPointId] = useState('');
  const [config, setConfig] = useState<Record<string, string>>({});
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [showAdvanced, setShowAdvanced] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ChannelFormError | null>(null);
  const nameId = useId();
  const kindId = useId();
  const entryId = useId();

  const spec: ChannelFormSpec = channelForms[kind];
  const fields = error?.fields ?? {};
  const basicConfig = spec.config.filter((f) => !f.advanced);
  const advancedConfig = spec.config.filter((f) => f.advanced);

  const changeKind = (value: string) => {
    if (!isConnectableKind(value)) return;
    setKind(value);
    setConfig({});
    setSecrets({});
    setError(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const built = buildChannelRequest({ kind, name, entryPointId, config, secrets }, spec);
    // Secrets never stay in the form once submitted, whether or not the server accepts them.
    setSecrets({});
    if (!built.ok) {
      setError({ key: 'channelForm.error.VALIDATION_FAILED', detail: null, fields: built.fields });
      if (hasAdvancedProblem(spec, built.fields)) setShowAdvanced(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onConnected(await props.onSubmit(built.request));
    } catch (err) {
      const mapped = mapChannelError(err, spec);
      setError(mapped);
      if (hasAdvancedProblem(spec, mapped.fields)) setShowAdvanced(true);
    } finally {
      setBusy(false);
    }
  }

  const requiredWithLabel = (field: ChannelFieldSpec): string | null => {
    const anchor = field.requiredWith && spec.config.find((f) => f.name === field.requiredWith);
    return anchor ? t(anchor.labelKey) : null;
  };

  const renderField = (field: ChannelFieldSpec, group: 'config' | 'secrets') => {
    const values = group === 'config' ? config : secrets;
    const setValues = group === 'config' ? setConfig : setSecrets;
    return (
      <Field
        key={`${kind}.${group}.${field.name}`}
        field={field}
        group={group}
        value={formValue(values, field)}
        problem={fields[`${group}.${field.name}`]}
        requiredWithLabel={requiredWithLabel(field)}
        onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
      />
    );
  };

  return (
    <form
      className="channel-form card"
      data-testid="channel-form"
      aria-labelledby={`${kindId}-title`}
      autoComplete="off"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={`${kindId}-title`}>{t('channelForm.title')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={kindId}>{t('channelForm.kind')}</label>
          <select
            id={kindId}
            className="select"
            data-testid="channel-form-kind"
            value={kind}
            onChange={(e) => changeKind(e.target.value)}
          >
            {connectableKinds.map((k) => (
              <option key={k} value={k}>
                {t(channelForms[k].labelKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={nameId}>{t('channelForm.name')}</label>
          <input
            id={nameId}
            className="input"
            data-testid="channel-form-name"
            maxLength={200}
            required
            placeholder={t('channelForm.namePlaceholder')}
            aria-invalid={fields.name ? true : undefined}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          {fields.name && (
            <span className="field-problem" role="alert">
              {fields.name === 'required' ? t('channelForm.required') : t('channelForm.invalid')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={entryId}>{t('channelForm.entryPoint')}</label>
          <select
            id={entryId}
            className="select"
            data-testid="channel-form-entry"
            aria-invalid={fields.entryPointId ? true : undefined}
            value={entryPointId}
            onChange={(e) => setEntryPointId(e.target.value)}
          >
            <option value="">{t('channelForm.noEntryPoint')}</option>
            {props.entryPoints.map((ep) => (
              <option key={ep.id} value={ep.id}>
                {locale === 'ru' ? ep.nameRu : ep.nameEn}
              </option>
            ))}
          </select>
          <span className="field-hint">{t('channelForm.entryPointHint')}</span>
        </div>
        {basicConfig.map((f) => renderField(f, 'config'))}
      </div>

      <fieldset className="form-section">
        <legend>{t('channelForm.secrets')}</legend>
        <p className="field-hint">{t('channelForm.secretsHint')}</p>
        <div className="form-grid">{spec.secrets.map((f) => renderField(f, 'secrets'))}</div>
      </fieldset>

      {advancedConfig.length > 0 && (
        <div className="form-section">
          <button
            className="btn btn-link"
            type="button"
            aria-expanded={showAdvanced}
            data-testid="channel-form-advanced"
            onClick={() => setShowAdvanced((v) => !v)}
          >
            {showAdvanced ? '▾' : '▸'} {t('channelForm.advanced')}
          </button>
          {showAdvanced && (
            <div className="form-grid">{advancedConfig.map((f) => renderField(f, 'config'))}</div>
          )}
        </div>
      )}

      {error && (
        <div className="alert alert-error" role="alert" data-testid="channel-form-error">
          <div className="alert-lead">{error.detail ?? t(error.key, error.vars)}</div>
          {error.detail && <div>{t(error.key, error.vars)}</div>}
        </div>
      )}

      <div className="form-actions">
        <button className="btn" type="button" onClick={props.onCancel} disabled={busy}>
          {t('channelForm.cancel')}
        </button>
        <button className="btn btn-primary" type="submit" disabled={busy} data-testid="channel-form-submit">
          {busy ? t('channelForm.submitting') : t('channelForm.submit')}
        </button>
      </div>
    </form>
  );
}
