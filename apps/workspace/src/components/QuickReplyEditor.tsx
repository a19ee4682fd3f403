import { useState } from 'react';
import { replyButtonLimits } from '@frontline/shared';
import { addButtonLabel, type ButtonLabelProblem } from '../add-button-label.ts';
import { useI18n } from '../i18n-context.ts';

/**
 * The quick-reply buttons of a reply being composed: an input that adds a label (checked by
 * `addButtonLabel`: empty, too long, duplicate, too many) and the labels as removable chips.
 */
export function QuickReplyEditor(props: {
  labels: string[];
  /** Buttons need a text to go under: say so. */
  needsText: boolean;
  onChange: (labels: string[]) => void;
}) {
  const { t } = useI18n();
  const { labels } = props;
  const [labelInput, setLabelInput] = useState('');
  const [labelProblem, setLabelProblem] = useState<ButtonLabelProblem | null>(null);

  const addLabel = () => {
    const added = addButtonLabel(labels, labelInput);
    setLabelProblem(added.problem);
    if (added.problem !== null) return;
    props.onChange(added.labels);
    setLabelInput('');
  };

  return (
    <div className="composer-quick-replies">
      <div className="composer-quick-reply-row">
        <input
          className="input"
          data-testid="composer-button-input"
          value={labelInput}
          placeholder={t('composer.buttonPlaceholder')}
          aria-label={t('composer.buttonPlaceholder')}
          aria-invalid={labelProblem !== null}
          onChange={(e) => {
            setLabelInput(e.target.value);
            setLabelProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              addLabel();
            }
          }}
        />
        <button type="button" className="btn" data-testid="composer-button-add" onClick={addLabel}>
          {t('composer.buttonAdd')}
        </button>
      </div>
      {labelProblem !== null && (
        <div className="field-problem" role="alert">
          {t(`composer.buttonProblem.${labelProblem}`, {
            max: labelProblem === 'tooMany' ? replyButtonLimits.maxButtons : replyButtonLimits.maxLength,
          })}
        </div>
      )}
      {labels.length > 0 && (
        <ul className="composer-button-chips">
          {labels.map((label) => (
            <li key={label} className="chip chip-button" data-testid="composer-button-chip">
              {label}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('composer.buttonRemove')}
                onClick={() => props.onChange(labels.filter((x) => x !== label))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.needsText && <div className="field-hint">{t('composer.buttonsNeedText')}</div>}
    </div>
  );
}
