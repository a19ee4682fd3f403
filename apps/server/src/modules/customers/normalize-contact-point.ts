import type { AddContactPointRequest } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import { normalizePhone, type PhoneRegion } from '../../lib/normalize-phone.ts';

/**
 * The stored spelling of a contact point an operator typed: a phone in E.164 (read in `region` when it has no
 * country code), an e-mail in lower case. 400 `VALIDATION_FAILED` when it is neither.
 *
 * @example normalizeContactPoint({ kind: 'phone', value: '8 (916) 555-00-11' }, 'RU') // '+79165550011'
 */
export function normalizeContactPoint(req: AddContactPointRequest, region: PhoneRegion): string {
  if (req.kind === 'phone') {
    const phone = normalizePhone(req.value, { region });
    if (phone === null) {
      throw new AppError('VALIDATION_FAILED', `"${req.value}" is not a phone number`, {
        details: [{ path: 'value', message: 'not a phone number', code: 'not_a_phone' }],
      });
    }
    return phone;
  }
  const email = req.value.toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new AppError('VALIDATION_FAILED', `"${req.value}" is not an e-mail address`, {
      details: [{ path: 'value', message: 'not an e-mail address', code: 'not_an_email' }],
    });
  }
  return email;
}
