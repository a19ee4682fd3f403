import { useState } from 'react';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { newClientMsgId } from '../new-client-msg-id.ts';

/**
 * "Ask for phone": sends the customer a message with their channel's share-phone button (Telegram, Viber;
 * shown only when the case detail says `requestPhone`), in the operator's language. The message appears in
 * the timeline like any reply; the number the customer shares lands on the customer card, attested.
 */
export function RequestPhoneButton(props: { api: Api; caseId: number }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ask = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await props.api.requestPhone(props.caseId, { clientMsgId: newClientMsgId(), language: locale });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="request-phone">
      <button
        type="button"
        className="btn"
        data-testid="request-phone"
        disabled={busy}
        title={t('case.requestPhoneHint')}
        onClick={() => void ask()}
      >
        {t('case.requestPhone')}
      </button>
      {error && (
        <span className="alert alert-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
