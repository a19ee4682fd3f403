import type { ReplyChannel } from '@frontline/shared';
import { channelKindLabel } from '../channel-labels.ts';
import { useI18n } from '../i18n-context.ts';

/**
 * The compact reply channel picker next to Send: a badge of the channel the reply goes to and a list of
 * the customer's identities; those that cannot receive now are disabled with the reason as text.
 * `value` null: the server's default (marked in the list).
 */
export function ReplyChannelSelect(props: {
  channels: ReplyChannel[];
  value: number | null;
  onChange: (identityId: number | null) => void;
}) {
  const { t } = useI18n();
  const { channels } = props;
  const fallback = channels.find((c) => c.default) ?? null;
  const selected = channels.find((c) => c.identityId === props.value) ?? fallback;
  if (channels.length === 0 || selected === null) return null;
  const label = (c: ReplyChannel) => {
    const parts = [`${channelKindLabel(c.channelKind, t)} · ${c.display}`];
    if (c.default) parts.push(t('composer.replyChannelDefault'));
    if (!c.available && c.reason !== null) parts.push(t(`composer.replyChannelReason.${c.reason}`));
    return parts.join(' — ');
  };
  return (
    <span className="reply-channel">
      <span className="chip chip-small" data-testid="reply-channel-badge">
        {channelKindLabel(selected.channelKind, t)}
      </span>
      <select
        className="reply-channel-select"
        data-testid="reply-channel"
        aria-label={t('composer.replyChannel')}
        title={t('composer.replyChannel')}
        value={String(selected.identityId)}
        onChange={(e) => {
          const id = Number(e.target.value);
          props.onChange(id === fallback?.identityId ? null : id);
        }}
      >
        {channels.map((c) => (
          <option key={c.identityId} value={String(c.identityId)} disabled={!c.available}>
            {label(c)}
          </option>
        ))}
      </select>
    </span>
  );
}
