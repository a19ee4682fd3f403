import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** An ISO 3166-1 alpha-2 region libphonenumber knows (`RU`, `KZ`, `DE` …). */
export type PhoneRegion = CountryCode;

/**
 * Where a phone came from, which decides how a number without `+` is read:
 * - `{ region }`: typed by a person (a signed web-chat identity, a pre-chat form): national spellings of that
 *   region are understood (`8 927 123-45-67` in `RU`), and so are international ones (`+7 …`, `00 7 …`, or
 *   the digits with the country code, `79271234567`);
 * - `'international'`: a messenger's own number (WhatsApp `wa_id`, a Telegram or Viber shared phone): always
 *   the digits with the country code, `+` or not. No default region applies (a German `4915…` stays German).
 */
export type PhoneSource = { region: PhoneRegion } | 'international';

/**
 * The one phone normaliser: a phone as it enters Frontline, in E.164 (`+79271234567`), or null when it is not
 * a valid phone number (too short or long for its country, letters, an unknown country code). Never throws.
 * Equal numbers compare equal after it, so identities link by phone across channels.
 *
 * @example normalizePhone('8 927 123-45-67', { region: 'RU' }) // '+79271234567'
 * @example normalizePhone('+7 (927) 123-45-67', { region: 'RU' }) // '+79271234567'
 * @example normalizePhone('79271234567', 'international') // '+79271234567'
 * @example normalizePhone('12345', { region: 'RU' }) // null
 */
export function normalizePhone(raw: string, source: PhoneSource): string | null {
  const text = raw.trim().replace(/^00(?=\s*[1-9])/, '+');
  if (text === '' || text.length > 64) return null;
  const international = source === 'international';
  const spelled = international && !text.startsWith('+') ? `+${text}` : text;
  try {
    const phone = international
      ? parsePhoneNumberFromString(spelled)
      : parsePhoneNumberFromString(spelled, source.region);
    return phone?.isValid() ? phone.number : null;
  } catch {
    return null;
  }
}

/** Whether `value` names a region libphonenumber knows (for validating `DEFAULT_PHONE_REGION`). */
export function isPhoneRegion(value: string): value is PhoneRegion {
  return isSupportedCountry(value);
}
