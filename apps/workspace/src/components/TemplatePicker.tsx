import { useEffect, useState } from 'react';
import type { MessageTemplate } from '@frontline/shared';
import type { Api, SendMessageParams } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { newClientMsgId } from '../new-client-msg-id.ts';

/** How many `{{n}}` parameters a template body takes. */
export function templateParamCount(body: string): number {
  return new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
}

/** The body with its parameters filled in, as the customer will read it. */
export function renderTemplatePreview(body: string, params: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => params[Number(n) - 1] || `{{${n}}}`);
}

/**
 * Outside the reply window (WhatsApp 24 h) only approved templates may be sent: pick one, fill its
 * parameters, see the preview, send.
 */
export function TemplatePicker(props: {
  api: Api;
  caseId: number;
  onSend: (message: SendMessageParams) => Promise<void>;
}) {
  const { t } = useI18n();
  const [templates, setTemplates] = useState<MessageTemplate[] | null>(null);
  const [index, setIndex] = useState(0);
  const [params, setParams] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One idempotency key per composed template message: a double click never sends twice.
  const [clientMsgId, setClientMsgId] = useState(newClientMsgId);

  useEffect(() => {
    let live = true;
    props.api.getTemplates(props.caseId).then(
      (list) => live && setTemplates(list),
      (err: unknown) => live && setError(errorText(err, t)),
    );
    return () => {
      live = false;
    };
  }, [props.api, props.caseId, t]);

  if (templates === null) return null;
  if (templates.length === 0) return <div className="template-empty">{t('template.none')}</div>;
  const chosen = templates[index] ?? templates[0]!;
  const count = templateParamCount(chosen.body);
  const values = Array.from({ length: count }, (_, i) => params[i] ?? '');

  const send = async () => {
    if (busy || values.some((v) => v.trim() === '')) return;
    setBusy(true);
    setError(null);
    try {
      await props.onSend({
        clientMsgId,
        text: '',
        attachmentIds: [],
        note: false,
        template: { name: chosen.name, language: chosen.language, params: values },
      });
      setParams([]);
      setClientMsgId(newClientMsgId());
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="template-picker" data-testid="template-picker">
      <select
        data-testid="template-select"
        value={index}
        onChange={(e) => {
          setIndex(Number(e.target.value));
          setParams([]);
          setClientMsgId(newClientMsgId());
        }}
      >
        {templates.map((tpl, i) => (
          <option key={`${tpl.name}/${tpl.language}`} value={i}>
            {tpl.name} ({tpl.language})
          </option>
        ))}
      </select>
      {values.map((v, i) => (
        <input
          key={i}
          data-testid={`template-param-${i + 1}`}
          placeholder={t('template.param', { n: i + 1 })}
          value={v}
          onChange={(e) => {
            const next = [...values];
            next[i] = e.target.value;
            setParams(next);
          }}
        />
      ))}
      <div className="template-preview" data-testid="template-preview">
        {renderTemplatePreview(chosen.body, values)}
      </div>
      <button
        className="btn btn-primary"
        data-testid="template-send"
        disabled={busy || values.some((x) => x.trim() === '')}
        onClick={() => void send()}
      >
        {t('template.send')}
      </button>
      {error && <div className="error">{error}</div>}
    </div>
  );
}
