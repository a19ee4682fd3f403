import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n-context.ts';

/**
 * A read-only monospace value with a Copy button. Where the Clipboard API is unavailable (plain HTTP),
 * the text is selected so the admin can press Ctrl+C.
 */
export function CopyField(props: { value: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    const selectText = () => {
      inputRef.current?.focus();
      inputRef.current?.select();
      setState('failed');
    };
    if (typeof navigator.clipboard?.writeText !== 'function') return selectText();
    navigator.clipboard.writeText(props.value).then(() => setState('copied'), selectText);
  };

  return (
    <div className="copy-field">
      <input
        ref={inputRef}
        className="input input-mono"
        readOnly
        value={props.value}
        aria-label={props.label}
        data-testid={props.testId}
        onFocus={(e) => e.target.select()}
      />
      <button
        className="btn"
        type="button"
        onClick={copy}
        title={state === 'failed' ? t('channels.copyFailed') : undefined}
      >
        {state === 'copied' ? t('channels.copied') : t('channels.copy')}
      </button>
    </div>
  );
}
