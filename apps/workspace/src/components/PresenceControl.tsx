import { useState } from 'react';
import type { Operator, Presence } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
import { isMessageKey, type Translate } from '../i18n.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/** A break reason's label: the built-in ones translated, the center's own as they are written. */
export function reasonLabel(reason: string, t: Translate): string {
  const key = `presence.reason.${reason}`;
  return isMessageKey(key) ? t(key) : reason;
}

/** The select's value for a presence: `away:<reason>` for a break with a reason. */
function valueOf(presence: Presence, reason: string | null | undefined): string {
  return presence === 'away' && reason ? `away:${reason}` : presence;
}

/** The presence and reason a select value stands for. */
function parseValue(value: string): { presence: Presence; reason?: string } | null {
  if (value === 'online' || value === 'offline' || value === 'away') return { presence: value };
  if (value.startsWith('away:')) return { presence: 'away', reason: value.slice('away:'.length) };
  return null;
}

/**
 * The top bar's presence control: Online / Break ▸ (the center's reasons) / Offline, and End shift (with a
 * confirmation): offline, and every open case goes back to the queue (docs/routing.md, "Presence").
 */
export function PresenceControl(props: {
  me: Operator;
  /** The center's break reasons (`GET /operators/me/presence`). */
  breakReasons: string[];
  onPresence: (presence: Presence, reason?: string) => Promise<void>;
  /** Without it there is no End shift button. */
  onEndShift?: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { presence, presenceReason } = props.me;
  const reasons = [...props.breakReasons];
  // The current break's reason stays selectable even when the center has since dropped it.
  if (presence === 'away' && presenceReason && !reasons.includes(presenceReason))
    reasons.push(presenceReason);
  const plainBreak = reasons.length === 0 || (presence === 'away' && !presenceReason);
  const cause = presence === 'offline' && presenceReason ? `presence.cause.${presenceReason}` : null;

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    action()
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };

  const change = (value: string) => {
    const parsed = parseValue(value);
    if (parsed) run(() => props.onPresence(parsed.presence, parsed.reason));
  };

  return (
    <>
      <select
        className="select select-compact"
        data-testid="presence-select"
        aria-label={t('top.presence')}
        title={cause && isMessageKey(cause) ? t(cause) : undefined}
        value={valueOf(presence, presenceReason)}
        disabled={busy}
        onChange={(e) => change(e.target.value)}
      >
        <option value="online">{t('presence.online')}</option>
        {plainBreak && <option value="away">{t('presence.break')}</option>}
        {reasons.length > 0 && (
          <optgroup label={`${t('presence.break')} ▸`}>
            {reasons.map((reason) => (
              <option key={reason} value={`away:${reason}`}>
                {t('presence.breakWith', { reason: reasonLabel(reason, t) })}
              </option>
            ))}
          </optgroup>
        )}
        <option value="offline">{t('presence.offline')}</option>
      </select>
      {presence === 'offline' && presenceReason === 'connection_lost' && (
        <span className="badge badge-unverified" data-testid="presence-cause" role="status">
          {t('presence.connectionLostShort')}
        </span>
      )}
      {props.onEndShift && (
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="end-shift"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          {t('presence.endShift')}
        </button>
      )}
      {confirming && props.onEndShift && (
        <ConfirmDialog
          title={t('presence.endShiftTitle')}
          body={t('presence.endShiftBody')}
          confirmLabel={t('presence.endShiftConfirm')}
          cancelLabel={t('presence.endShiftCancel')}
          danger
          testId="end-shift-dialog"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            const end = props.onEndShift;
            setConfirming(false);
            if (end) run(end);
          }}
        />
      )}
    </>
  );
}
