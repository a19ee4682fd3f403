import { useState } from 'react';
import type { Message } from '@frontline/shared';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { messageBody } from '../message-body.ts';
import { messageLines } from '../message-lines.ts';
import { renderNotice } from '../render-notice.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { MessageStatusTicks } from './MessageStatusTicks.tsx';

/**
 * One timeline entry. Text is rendered as text (React escapes it); line breaks survive via CSS. The server's
 * notices inside a message (shared phone, sticker, location …) are shown in the operator's language, in the
 * reply and in the whole mail alike (its notice lines, e.g. a calendar invitation, are the reply's).
 * E-mail adds a subject line, an "automatic" badge (the reason in its tooltip) and a toggle between the
 * reply and the whole mail with its quoted part. Quick-reply buttons sent with a reply show as chips
 * (not clickable: the customer taps them in their messenger).
 */
export function MessageItem(props: {
  message: Message;
  /** Whether the whole mail (with its quoted part) is shown at first; the reply alone by default. */
  defaultShowQuoted?: boolean;
}) {
  const { t, locale } = useI18n();
  const [showQuoted, setShowQuoted] = useState(props.defaultShowQuoted ?? false);
  const m = props.message;
  const author =
    m.direction === 'in' ? (m.authorName ?? t('msg.customer')) : (m.authorName ?? t('msg.operator'));
  const body = messageBody(m, showQuoted);
  return (
    <div className={`msg msg-${m.direction}`} data-testid={`msg-${m.id}`} data-direction={m.direction}>
      <div className="bubble">
        {m.direction === 'note' && <div className="note-label">{t('msg.note')}</div>}
        {(m.subject || m.automated) && (
          <div className="msg-head">
            {m.subject && (
              <div className="msg-subject" data-testid="message-subject">
                {m.subject}
              </div>
            )}
            {m.automated && (
              <>
                <span
                  className="badge badge-automated"
                  data-testid="message-automated"
                  title={t('msg.automatedReason', { reason: m.automated })}
                >
                  {t('msg.automated')}
                </span>
                <span className="sr-only">{t('msg.automatedReason', { reason: m.automated })}</span>
              </>
            )}
          </div>
        )}
        {body.text && (
          <div className="msg-text">
            {messageLines(body.text, m.notices).map((line, i) => (
              <span key={i}>
                {i > 0 && '\n'}
                {line.kind === 'text' ? (
                  line.text
                ) : (
                  <span className="msg-notice" data-notice={line.notice.code}>
                    {renderNotice(line.notice, t)}
                  </span>
                )}
              </span>
            ))}
          </div>
        )}
        {body.toggle && (
          <button
            className="btn btn-link msg-quoted-toggle"
            type="button"
            data-testid="message-quoted-toggle"
            aria-expanded={body.toggle === 'hide'}
            onClick={() => setShowQuoted((v) => !v)}
          >
            {body.toggle === 'show' ? t('msg.showQuoted') : t('msg.hideQuoted')}
          </button>
        )}
        <AttachmentList attachments={m.attachments} />
        {m.buttons && m.buttons.length > 0 && (
          <ul className="message-buttons" data-testid="message-buttons" aria-label={t('msg.buttons')}>
            {m.buttons.map((label) => (
              <li key={label} className="chip chip-button">
                {label}
              </li>
            ))}
          </ul>
        )}
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
