/**
 * Other spellings of the same phone number that messengers are known to hand out (failure mode F7,
 * docs/channels.md). Brazil added a ninth digit to mobile numbers, but WhatsApp still reports many accounts
 * by the old 12-digit `wa_id` (55 + area code + 8 digits) while the customer gives, and other channels
 * attest, the 13-digit form (55 + area code + 9 + 8 digits). Both reach the same person. Input and output:
 * digits with a leading `+`.
 *
 * @example equivalentPhones('+5511987654321') // ['+551187654321']
 * @example equivalentPhones('+551187654321') // ['+5511987654321']
 */
export function equivalentPhones(phone: string): string[] {
  const digits = phone.replace(/^\+/, '');
  const withNine = /^55(\d{2})9([6-9]\d{7})$/.exec(digits);
  if (withNine) return [`+55${withNine[1]}${withNine[2]}`];
  const withoutNine = /^55(\d{2})([6-9]\d{7})$/.exec(digits);
  if (withoutNine) return [`+55${withoutNine[1]}9${withoutNine[2]}`];
  return [];
}
