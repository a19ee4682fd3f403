import type { ChannelKind } from '@frontline/shared';
import { textCount } from '../channel-text-limits.ts';
import { useI18n } from '../i18n-context.ts';

/**
 * The composer's length counter against the reply channel's limit: how many characters, how many messages
 * a splitting channel makes of it, and a warning when a channel that cannot split (Google Play: 350) would
 * refuse it.
 */
export function ComposerCount(props: { text: string; kind: ChannelKind | null }) {
  const { t } = useI18n();
  const count = textCount(props.text, props.kind);
  if (count.max === null || count.length === 0) return null;
  const vars = { length: count.length, max: count.max, parts: count.parts };
  return (
    <span
      className={`composer-count${count.over ? ' composer-count-over' : ''}`}
      data-testid="composer-count"
      role={count.over ? 'alert' : undefined}
    >
      {count.over
        ? `${t('screen.count', vars)} · ${t('screen.countOver', { channel: props.kind ? t(`channel.${props.kind}`) : '', max: count.max })}`
        : count.parts > 1
          ? t('screen.countParts', vars)
          : t('screen.count', vars)}
    </span>
  );
}
