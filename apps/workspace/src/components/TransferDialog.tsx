import { useEffect, useRef, useState } from 'react';
import type { Operator, Queue } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';

type Target = { queueId: number } | { operatorId: number };

/** Modal to transfer a case to a queue or to a specific operator. */
export function TransferDialog(props: {
  caseId: number;
  currentQueueId: number;
  queues: Queue[];
  operators: Operator[];
  onCancel: () => void;
  onConfirm: (target: Target) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState<'queue' | 'operator'>('queue');
  const [queueId, setQueueId] = useState('');
  const [operatorId, setOperatorId] = useState('');
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const target: Target | null =
    mode === 'queue'
      ? queueId
        ? { queueId: Number(queueId) }
        : null
      : operatorId
        ? { operatorId: Number(operatorId) }
        : null;

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="transfer-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (target) void props.onConfirm(target);
        }}
      >
        <h3 id="transfer-title">{t('transfer.title', { id: props.caseId })}</h3>
        <div className="segmented" role="radiogroup">
          <label className={mode === 'queue' ? 'seg-active' : ''}>
            <input type="radio" name="mode" checked={mode === 'queue'} onChange={() => setMode('queue')} />
            {t('transfer.toQueue')}
          </label>
          <label className={mode === 'operator' ? 'seg-active' : ''}>
            <input
              type="radio"
              name="mode"
              checked={mode === 'operator'}
              onChange={() => setMode('operator')}
            />
            {t('transfer.toOperator')}
          </label>
        </div>
        {mode === 'queue' ? (
          <select
            className="select"
            data-testid="transfer-queue"
            value={queueId}
            onChange={(e) => setQueueId(e.target.value)}
            aria-label={t('transfer.toQueue')}
          >
            <option value="">{t('transfer.chooseQueue')}</option>
            {props.queues
              .filter((q) => q.id !== props.currentQueueId)
              .map((q) => (
                <option key={q.id} value={q.id}>
                  {queueName(q, locale)}
                </option>
              ))}
          </select>
        ) : (
          <select
            className="select"
            data-testid="transfer-operator"
            value={operatorId}
            onChange={(e) => setOperatorId(e.target.value)}
            aria-label={t('transfer.toOperator')}
          >
            <option value="">{t('transfer.chooseOperator')}</option>
            {props.operators.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} — {t(`presence.${o.presence}`)}
              </option>
            ))}
          </select>
        )}
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={props.onCancel}>
            {t('transfer.cancel')}
          </button>
          <button className="btn btn-primary" type="submit" disabled={!target} data-testid="transfer-confirm">
            {t('transfer.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
