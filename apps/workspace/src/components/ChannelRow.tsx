import type { ChannelAccountView } from '@frontline/shared';
import { builtInKinds } from '../channel-forms.ts';
import { channelAccountName, channelKindLabel, channelStatusLabel, secretLabel } from '../channel-labels.ts';
import { formatTime } from '../format-time.ts';
import { useI18n } from '../i18n-context.ts';
import { CopyField } from './CopyField.tsx';

/** One channel account: kind, name, entry point, status, health, webhook URL, which secrets are set, actions. */
export function ChannelRow(props: {
  channel: ChannelAccountView;
  entryPointName: string | null;
  checking: boolean;
  onCheck: (channel: ChannelAccountView) => void;
  onDisconnect: (channel: ChannelAccountView) => void;
}) {
  const { t, locale } = useI18n();
  const c = props.channel;
  const health = c.health;
  const builtIn = builtInKinds.has(c.kind);

  return (
    <tr data-testid={`channel-row-${c.id}`} data-kind={c.kind} data-status={c.status}>
      <td>
        <span className="chip channel-kind">{channelKindLabel(c.kind, t)}</span>
        {builtIn && <div className="small muted">{t('channels.builtIn')}</div>}
      </td>
      <td className="channel-name">{channelAccountName(c, t)}</td>
      <td>{props.entryPointName ?? <span className="muted">{t('channels.noEntryPoint')}</span>}</td>
      <td>
        <span className={`status channel-status-${c.status}`}>{channelStatusLabel(c.status, t)}</span>
      </td>
      <td data-testid={`channel-health-${c.id}`} data-ok={health ? String(health.ok) : 'unknown'}>
        {health === null ? (
          <span className="muted">{t('channels.health.never')}</span>
        ) : (
          <>
            <span className={health.ok ? 'health health-ok' : 'health health-bad'}>
              {health.ok ? t('channels.health.ok') : health.detail || t('channels.health.failed')}
            </span>
            <div className="small muted">
              <time dateTime={health.checkedAt}>
                {t('channels.health.checkedAt', { time: formatTime(health.checkedAt, locale) })}
              </time>
            </div>
          </>
        )}
        {c.ignoredEvents && c.ignoredEvents.length > 0 && (
          <details className="small channel-ignored" data-testid={`channel-ignored-${c.id}`}>
            <summary>
              {t('channels.ignored.summary', {
                count: c.ignoredEvents.reduce((sum, i) => sum + i.count, 0),
              })}
            </summary>
            <ul>
              {c.ignoredEvents.map((i) => (
                <li key={i.code} data-code={i.code}>
                  <code>{i.code}</code> × {i.count}: {i.lastDetail}{' '}
                  <time className="muted" dateTime={i.lastAt}>
                    ({t('channels.ignored.lastAt', { time: formatTime(i.lastAt, locale) })})
                  </time>
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td className="channel-webhook">
        {c.webhookUrl ? (
          <CopyField
            value={c.webhookUrl}
            label={t('channels.col.webhook')}
            testId={`channel-webhook-${c.id}`}
          />
        ) : (
          <span className="muted">{t('channels.noWebhook')}</span>
        )}
      </td>
      <td data-testid={`channel-secrets-${c.id}`}>
        {c.secretsSet.length === 0 ? (
          <span className="muted">{t('channels.noSecrets')}</span>
        ) : (
          <ul className="secret-list">
            {c.secretsSet.map((name) => (
              <li key={name}>{t('channels.secretSet', { name: secretLabel(c.kind, name, t) })}</li>
            ))}
          </ul>
        )}
      </td>
      <td className="channel-actions">
        <button
          className="btn"
          type="button"
          data-testid={`channel-check-${c.id}`}
          disabled={props.checking}
          onClick={() => props.onCheck(c)}
        >
          {props.checking ? t('channels.checking') : t('channels.check')}
        </button>
        {!builtIn && (
          <button
            className="btn btn-danger-outline"
            type="button"
            data-testid={`channel-disconnect-${c.id}`}
            disabled={c.status === 'disabled' || props.checking}
            onClick={() => props.onDisconnect(c)}
          >
            {t('channels.disconnect')}
          </button>
        )}
      </td>
    </tr>
  );
}
