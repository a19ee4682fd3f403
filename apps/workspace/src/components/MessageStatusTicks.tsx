import type { Message, MessageStatus } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';

const glyphs: Record<MessageStatus, string> = {
  received: '',
  queued: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '⚠',
};

/** Delivery status of an outbound message: ◷ ✓ ✓✓ (blue when read), ⚠ with the reason. */
export function MessageStatusTicks(props: { message: Message }) {
  const { t } = useI18n();
  const { id, status, statusReason } = props.message;
  if (status === 'received') return null;
  const label =
    status === 'failed' && statusReason
      ? t('msg.failedReason', { reason: statusReason })
      : t(`msg.status.${status}`);
  return (
    <span
      className={`ticks ticks-${status}`}
      data-testid={`msg-status-${id}`}
      data-status={status}
      title={label}
    >
      <span aria-hidden="true">{glyphs[status]}</span>
      {status === 'failed' ? (
        <span className="ticks-reason">{label}</span>
      ) : (
        <span className="sr-only">{label}</span>
      )}
    </span>
  );
}
