import type { MessageNotice } from '@frontline/shared';
import { channelKindLabel } from './channel-labels.ts';
import { isMessageKey, type Translate } from './i18n.ts';

/**
 * A notice of the server inside a customer's message (shared phone, sticker, location …) in the operator's
 * language.
 * @example renderNotice({ code: 'phone_shared', phone: '+79001234567' }, t) // ru → 'Поделился номером телефона: +79001234567'
 */
export function renderNotice(notice: MessageNotice, t: Translate): string {
  switch (notice.code) {
    case 'phone_shared':
      return t('notice.phone_shared', { phone: notice.phone });
    case 'contact':
      return t('notice.contact', { contact: [notice.name, ...notice.phones].filter(Boolean).join(' ') });
    case 'sticker':
      return notice.label ? t('notice.stickerLabeled', { label: notice.label }) : t('notice.sticker');
    case 'location': {
      const vars = { latitude: notice.latitude, longitude: notice.longitude };
      return notice.place
        ? t('notice.locationPlace', { ...vars, place: notice.place })
        : t('notice.location', vars);
    }
    case 'reaction':
      return t('notice.reaction', { emoji: notice.emoji });
    case 'form_submitted':
      return t('notice.form_submitted');
    case 'interactive_reply':
      return t('notice.interactive_reply', { kind: notice.kind });
    case 'not_passed_on': {
      const channel = channelKindLabel(notice.channel, t);
      return notice.reason
        ? t('notice.not_passed_onReason', { channel, reason: notice.reason })
        : t('notice.not_passed_on', { channel });
    }
    case 'unsupported_type':
      return t('notice.unsupported_type', {
        channel: channelKindLabel(notice.channel, t),
        type: notice.type,
      });
    case 'attachment_failed': {
      const key = `error.${notice.error}`;
      const reason = isMessageKey(key) ? t(key) : notice.reason;
      return t('notice.attachment_failed', { filename: notice.filename, reason });
    }
  }
}
