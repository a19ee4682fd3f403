import { useEffect, useRef, useState } from 'react';
import type { CaseDetail, CaseSummary, CaseViewer, Message, Operator, Queue } from '@frontline/shared';
import type { Api, SendMessageParams } from '../api.ts';
import type { CaseHandle, ComposerHandle, HandleSlot } from '../case-handle.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { CaseRecap } from './CaseRecap.tsx';
import { CaseViewers } from './CaseViewers.tsx';
import { Composer } from './Composer.tsx';
import { useReplyChannels } from './use-reply-channels.ts';
import { RequestPhoneButton } from './RequestPhoneButton.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import { Timeline } from './Timeline.tsx';
import { TransferDialog } from './TransferDialog.tsx';

/** The center column: case header with actions, the customer's whole timeline and the composer. */
export function CaseView(props: {
  api: Api;
  me: Operator;
  detail: CaseDetail;
  timeline: Message[];
  queues: Queue[];
  operators: Operator[];
  customerTyping: boolean;
  onCaseChanged: (c: CaseSummary) => void;
  onSend: (message: SendMessageParams) => Promise<void>;
  onTyping: (note: boolean) => void;
  onLoadOperators: () => Promise<void>;
  /** Colleagues who have this case open (not me). */
  viewers?: readonly CaseViewer[];
  /** Filled with what keyboard shortcuts do to this case and its composer. */
  handleRef?: HandleSlot<CaseHandle>;
  composerRef?: HandleSlot<ComposerHandle>;
  /** Asked when the composer appears: whether its reply box takes the focus (default: it does). */
  takeReplyFocus?: () => boolean;
}) {
  const { t, locale } = useI18n();
  const { api, detail, me } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);

  const busyRef = useRef(false);
  /** Runs a case action; true when it succeeded. */
  const run = async (action: () => Promise<CaseSummary>): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      props.onCaseChanged(await action());
      return true;
    } catch (err) {
      setError(errorText(err, t));
      return false;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const openTransfer = () => {
    setTransferOpen(true);
    void props.onLoadOperators();
  };
  const resolvedNow = detail.status === 'resolved';
  useEffect(() => {
    const slot = props.handleRef;
    if (!slot) return;
    const handle: CaseHandle = {
      resolve: () => (resolvedNow ? Promise.resolve(false) : run(() => api.resolve(detail.id))),
      transfer: () => {
        if (!resolvedNow) openTransfer();
      },
    };
    slot.current = handle;
    return () => {
      if (slot.current === handle) slot.current = null;
    };
  });

  // Changes with every message of this case the tab receives: the recap is fetched again then.
  const caseMessages = props.timeline.filter((m) => m.caseId === detail.id);
  const recapRevision = `${caseMessages.length}:${caseMessages.at(-1)?.id ?? 0}:${detail.status}`;

  const replyChannels = useReplyChannels(api, detail.id, recapRevision);
  const resolved = detail.status === 'resolved';
  const mine = detail.assigneeId === me.id;
  const queue = props.queues.find((q) => q.id === detail.queueId);
  const queueLabel = queue ? queueName(queue, locale) : `#${detail.queueId}`;
  const assignee =
    detail.assigneeId === null
      ? t('case.unassigned')
      : mine
        ? `${me.name} (${t('case.you')})`
        : (props.operators.find((o) => o.id === detail.assigneeId)?.name ?? `#${detail.assigneeId}`);

  return (
    <section className="case-view" data-testid="case-view" aria-busy={busy}>
      <header className="case-header">
        <div className="case-title">
          <h2>{detail.customer.displayName ?? detail.customerName ?? t('customer.anonymous')}</h2>
          <div className="case-meta">
            <span className="case-number">{t('case.title', { id: detail.id })}</span>
            <span className={`status status-${detail.status}`}>{t(`status.${detail.status}`)}</span>
            <span>
              {t('case.queue')}: <b>{queueLabel}</b>
            </span>
            <span>
              {t('case.assignee')}: <b>{assignee}</b>
            </span>
            <CaseViewers viewers={props.viewers ?? []} />
          </div>
        </div>
        <div className="case-actions">
          {!resolved && !mine && (
            <button
              className="btn btn-primary"
              type="button"
              data-testid="btn-take"
              disabled={busy}
              onClick={() => void run(() => api.assign(detail.id, me.id))}
            >
              {detail.assigneeId === null ? t('case.take') : t('case.assignToMe')}
            </button>
          )}
          {!resolved && detail.assigneeId !== null && (
            <button
              className="btn"
              type="button"
              disabled={busy}
              onClick={() => void run(() => api.assign(detail.id, null))}
            >
              {t('case.unassign')}
            </button>
          )}
          {!resolved && (
            <button
              className="btn"
              type="button"
              data-testid="btn-transfer"
              disabled={busy}
              onClick={openTransfer}
            >
              {t('case.transfer')}
            </button>
          )}
          {!resolved && (
            <button
              className="btn btn-success"
              type="button"
              data-testid="btn-resolve"
              disabled={busy}
              onClick={() => void run(() => api.resolve(detail.id))}
            >
              {t('case.resolve')}
            </button>
          )}
          {resolved && (
            <button
              className="btn"
              type="button"
              data-testid="btn-reopen"
              disabled={busy}
              onClick={() => void run(() => api.reopen(detail.id))}
            >
              {t('case.reopen')}
            </button>
          )}
        </div>
      </header>
      <CaseRecap api={api} caseId={detail.id} revision={recapRevision} />
      {error && (
        <div className="alert alert-error case-alert" role="alert">
          {error}
        </div>
      )}
      <Timeline messages={props.timeline} currentCaseId={detail.id} />
      <div className="typing-slot" aria-live="polite">
        {props.customerTyping && (
          <span className="typing" data-testid="typing-indicator">
            <span className="typing-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {t('case.typing')}
          </span>
        )}
      </div>
      {!detail.replyWindow.open && (
        <div className="reply-window-closed" role="alert" data-testid="reply-window-closed">
          {t('case.replyWindowClosed', {
            channel: detail.replyWindow.channelKind ? t(`channel.${detail.replyWindow.channelKind}`) : '',
            since: detail.replyWindow.closesAt ? new Date(detail.replyWindow.closesAt).toLocaleString() : '—',
          })}
          <TemplatePicker api={api} caseId={detail.id} onSend={props.onSend} />
        </div>
      )}
      {detail.requestPhone && !resolved && <RequestPhoneButton api={api} caseId={detail.id} />}
      <Composer
        api={api}
        onSend={props.onSend}
        onTyping={props.onTyping}
        replyClosed={!detail.replyWindow.open}
        buttonsAvailable={detail.buttons}
        replyChannels={replyChannels}
        channelKind={detail.replyWindow.channelKind ?? detail.lastChannelKind}
        {...(props.composerRef ? { handleRef: props.composerRef } : {})}
        {...(props.takeReplyFocus ? { takeFocus: props.takeReplyFocus } : {})}
      />
      {transferOpen && (
        <TransferDialog
          caseId={detail.id}
          currentQueueId={detail.queueId}
          queues={props.queues}
          operators={props.operators.filter((o) => o.id !== detail.assigneeId)}
          onCancel={() => setTransferOpen(false)}
          onConfirm={async (target) => {
            setTransferOpen(false);
            await run(() => api.transfer(detail.id, target));
          }}
        />
      )}
    </section>
  );
}
