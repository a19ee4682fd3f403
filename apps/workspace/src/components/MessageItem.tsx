import type { Message } from '@frontline/shared';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { MessageStatusTicks } from './MessageStatusTicks.tsx';

/** One timeline entry. Text is rendered as text (React escapes it); line breaks survive via CSS. */
export function MessageItem(props: { message: Message }) {
  const { t, locale } = useI18n();
  const m = props.message;
  const author =
    m.direction === 'in' ? (m.authorName ?? t('msg.customer')) : (m.authorName ?? t('msg.operator'));
  return (
    <div className={`msg msg-${m.direction}`} data-testid={`msg-${m.id}`} data-direction={m.direction}>
      <div className="bubble">
        {m.direction === 'note' && <div className="note-label">{t('msg.note')}</div>}
        {m.text && <div className="msg-text">{m.text}</div>}
        <AttachmentList attachments={m.attachments} />
        <div className="msg-meta">
          <span>{author}</span>
          {m.channelKind && <span className="chip chip-small">{t(`channel.${m.channelKind}`)}</span>}
          <time dateTime={m.createdAt}>{formatTime(m.createdAt, locale)}</time>
          {m.direction === 'out' && <MessageStatusTicks message={m} />}
        </div>
      </div>
    </div>
  );
}
