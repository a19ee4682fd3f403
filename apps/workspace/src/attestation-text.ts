import { isMessageKey, type Translate } from './i18n.ts';

/**
 * What vouches for a contact point or identity, for the operator: "signed web-chat identity", "Telegram
 * contact", "WhatsApp wa_id", "DMARC-checked sender" …, or "unconfirmed" when nothing does (typed in).
 * @example attestationText('telegram-contact', t) // 'confirmed: Telegram contact'
 */
export function attestationText(by: string | null, t: Translate): string {
  if (by === null) return t('customer.unconfirmed');
  const key = `attest.${by}`;
  const how = isMessageKey(key) ? t(key) : t('attest.other', { by });
  return t('customer.confirmed', { how });
}
