import { webchatAccountName } from '@frontline/shared';
import { channelForms, isConnectableKind } from './channel-forms.ts';
import { isMessageKey, type Translate } from './i18n.ts';

/** A channel kind for people (`telegram` → `Telegram`); an unknown kind is shown as is. */
export function channelKindLabel(kind: string, t: Translate): string {
  const key = `channel.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}

/** A channel account's name; the built-in web chat account (seeded as "Web chat") in the operator's language. */
export function channelAccountName(account: { kind: string; name: string }, t: Translate): string {
  return account.kind === 'webchat' && account.name === webchatAccountName
    ? t('channel.webchat')
    : account.name;
}

/** A channel account status for people (`disabled` → `Disconnected`); an unknown status is shown as is. */
export function channelStatusLabel(status: string, t: Translate): string {
  const key = `channels.status.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

/** A secret's name for people, from the kind's form spec (`botToken` → `Bot token`); else the raw name. */
export function secretLabel(kind: string, name: string, t: Translate): string {
  if (!isConnectableKind(kind)) return name;
  const field = channelForms[kind].secrets.find((f) => f.name === name);
  return field ? t(field.labelKey) : name;
}
