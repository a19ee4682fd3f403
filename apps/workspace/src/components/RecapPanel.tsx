import type { CaseRecap, RecapChannel } from '@frontline/shared';
import type { ReactNode } from 'react';
import { channelKindLabel } from '../channel-labels.ts';
import { formatAge } from '../format-age.ts';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';

/** One line of the recap: a label and a text cut to the line (the whole text in its tooltip). */
function Line(props: { label: string; text: string; extra?: ReactNode; kind?: string; testId?: string }) {
  return (
    <li className={`recap-line${props.kind ? ` recap-${props.kind}` : ''}`} data-testid={props.testId}>
      <span className="recap-label">{props.label}</span>
      <span className="recap-text" title={props.text}>
        {props.text}
      </span>
      {props.extra}
    </li>
  );
}

/**
 * The recap of the open case as compact lines (one per item), collapsible to its summary line so an operator
 * handling many cases keeps the timeline in view. Pure: the data and the toggle come from `CaseRecap`.
 */
export function RecapPanel(props: {
  recap: CaseRecap | null;
  error: string | null;
  expanded: boolean;
  onToggle: () => void;
  now?: Date;
}) {
  const { t, locale } = useI18n();
  const { recap, expanded } = props;
  const time = (iso: string) => formatTime(iso, locale, props.now);
  const channelName = (c: RecapChannel) =>
    c.channelKind ? channelKindLabel(c.channelKind, t) : (c.channelName ?? '—');
  const openCommitments = recap?.commitments.filter((c) => c.fulfilledByMessageId === null) ?? [];
  const kept = (recap?.commitments.length ?? 0) - openCommitments.length;
  const summary = recap
    ? t('recap.summary', { age: formatAge(recap.openSeconds, t), open: recap.openItems.length })
    : (props.error ?? t('recap.loading'));

  return (
    <section className="case-recap" data-testid="case-recap" aria-label={t('recap.title')}>
      <button
        type="button"
        className="recap-toggle"
        aria-expanded={expanded}
        title={expanded ? t('recap.collapse') : t('recap.expand')}
        onClick={props.onToggle}
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> <b>{t('recap.title')}</b> · {summary}
      </button>
      {expanded && recap && (
        <ul className="recap-lines">
          <Line
            label={t('recap.topic')}
            text={[locale === 'ru' ? recap.entryPoint.nameRu : recap.entryPoint.nameEn, recap.topic]
              .filter(Boolean)
              .join(' · ')}
            testId="recap-topic"
          />
          {recap.firstQuestion && (
            <Line
              label={t('recap.firstQuestion')}
              text={recap.firstQuestion.text}
              testId="recap-first-question"
            />
          )}
          {recap.latestUnanswered && (
            <Line
              label={t('recap.unanswered')}
              kind="unanswered"
              text={recap.latestUnanswered.text}
              extra={
                <span className="recap-when">
                  {t('recap.waitingSince', { time: time(recap.waitingSince ?? recap.latestUnanswered.at) })}
                </span>
              }
              testId="recap-unanswered"
            />
          )}
          {openCommitments.map((c) => (
            <Line
              key={`c${c.messageId}-${c.text}`}
              label={`${t('recap.promised')} (${t(`recap.kind.${c.kind}`)})`}
              kind={c.overdue ? 'overdue' : 'commitment'}
              text={c.text}
              extra={
                <span className="recap-when">
                  {c.overdue
                    ? t('recap.overdue')
                    : c.dueAt
                      ? t('recap.due', { time: time(c.dueAt) })
                      : (c.deadline ?? '')}
                </span>
              }
              testId="recap-commitment"
            />
          ))}
          {recap.openItems
            .filter(
              (i) =>
                i.kind === 'note' ||
                (i.kind === 'question' && i.messageId !== recap.latestUnanswered?.messageId),
            )
            .map((i) => (
              <Line
                key={`${i.kind}${i.messageId}`}
                label={i.kind === 'note' ? t('recap.note') : t('recap.question')}
                kind={i.kind}
                text={i.text}
                extra={<span className="recap-when">{time(i.at)}</span>}
                testId={`recap-${i.kind}`}
              />
            ))}
          {recap.channels.length > 0 && (
            <Line
              label={t('recap.channels')}
              text={recap.channels
                .map((c) =>
                  t('recap.channelCounts', { name: channelName(c), in: c.messagesIn, out: c.messagesOut }),
                )
                .join(' · ')}
              extra={
                kept > 0 ? <span className="recap-when">{t('recap.fulfilled', { n: kept })}</span> : undefined
              }
              testId="recap-channels"
            />
          )}
          <Line
            label={recap.resolvedAt ? t('recap.resolvedAfter') : t('recap.openFor')}
            text={formatAge(recap.openSeconds, t)}
            extra={recap.truncated ? <span className="recap-when">{t('recap.truncated')}</span> : undefined}
            testId="recap-age"
          />
        </ul>
      )}
    </section>
  );
}
