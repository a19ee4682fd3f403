import type { Locale, Message, RequestPhoneRequest } from '@frontline/shared';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { sendReply } from './send-reply.ts';

/** What the customer reads, and the button's label, per language of the request. */
const phoneRequestTexts: Record<Locale, { text: string; label: string }> = {
  ru: {
    text: 'Пожалуйста, поделитесь номером телефона: нажмите кнопку ниже.',
    label: '📱 Отправить мой номер',
  },
  en: {
    text: 'Please share your phone number: tap the button below.',
    label: '📱 Share my phone number',
  },
};

/**
 * The operator asks the customer for their phone: a reply on the channel the customer last used, with a
 * button that shares their own number (the channel's `capabilities.requestPhone`; otherwise
 * `PHONE_REQUEST_NOT_SUPPORTED`). It is an ordinary reply — stored once, idempotent on `clientMsgId`,
 * delivered at least once by the dispatcher, subject to the reply window — whose `phoneRequest` the
 * adapter turns into its keyboard. The number that comes back is attested by the channel's parser.
 *
 * @example await requestPhone(deps, actor, 42, { clientMsgId: 'ask-phone-1', language: 'ru' })
 */
export function requestPhone(
  deps: CaseDeps,
  actor: Actor,
  caseId: number,
  req: RequestPhoneRequest,
): Promise<Message> {
  const { text, label } = phoneRequestTexts[req.language];
  return sendReply(
    deps,
    actor,
    caseId,
    { clientMsgId: req.clientMsgId, text, attachmentIds: [], note: false },
    [],
    { phoneRequest: { label } },
  );
}
