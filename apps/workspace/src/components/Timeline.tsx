import { Fragment, useLayoutEffect, useRef } from 'react';
import type { Message } from '@frontline/shared';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { MessageItem } from './MessageItem.tsx';

/** The customer's whole history, oldest first, with a divider whenever the case changes. */
export function Timeline(props: { messages: Message[]; currentCaseId: number }) {
  const { t, locale } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const lastId = props.messages.at(-1)?.id;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [lastId, props.messages.length]);

  return (
    <div
      className="timeline"
      data-testid="timeline"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {props.messages.length === 0 && <div className="timeline-empty">{t('case.noMessages')}</div>}
      {props.messages.map((m, i) => {
        const prev = props.messages[i - 1];
        const newCase = !prev || prev.caseId !== m.caseId;
        return (
          <Fragment key={m.id}>
            {newCase && (
              <div
                className={`case-divider${m.caseId === props.currentCaseId ? ' case-divider-current' : ''}`}
                role="separator"
              >
                <span>
                  {t('case.title', { id: m.caseId })}
                  {m.channelKind ? ` · ${t(`channel.${m.channelKind}`)}` : ''} ·{' '}
                  {formatTime(m.createdAt, locale)}
                </span>
              </div>
            )}
            <MessageItem message={m} />
          </Fragment>
        );
      })}
    </div>
  );
}
