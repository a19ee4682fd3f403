import { formFieldLabel, orderTotals, type MessageNotice } from '@frontline/shared';
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
    case 'order':
      return renderOrder(notice, t);
    case 'referral': {
      const source = t(notice.sourceType === 'post' ? 'notice.referralPost' : 'notice.referralAd');
      const headline = notice.headline
        ? ` ${t('notice.referralHeadline', { headline: notice.headline })}`
        : '';
      const body = notice.body ? ` — ${notice.body}` : '';
      const url = notice.url ? ` (${notice.url})` : '';
      return `${source}:${headline}${body}${url}`;
    }
    case 'form_answers':
      return [
        t('notice.form_answers'),
        ...notice.answers.map((a) => `${formFieldLabel(a.field)}: ${a.value}`),
      ].join('\n');
    case 'number_changed':
      return t('notice.number_changed', {
        channel: channelKindLabel(notice.channel, t),
        from: notice.from ?? t('notice.numberOld'),
        to: notice.to ?? t('notice.numberNew'),
      });
    case 'account_id_changed':
      return t('notice.account_id_changed', { channel: channelKindLabel(notice.channel, t) });
    case 'calendar_invitation': {
      const key = `notice.calendar.${notice.method ?? 'REQUEST'}`;
      const kind = t(isMessageKey(key) ? key : 'notice.calendar.PUBLISH');
      const details = [notice.title ?? t('notice.calendarNoTitle'), notice.start].filter((p) => p !== null);
      return t('notice.calendar_invitation', { kind, details: details.join(' — ') });
    }
  }
}

/** `10.5 EUR`, or the bare amount without a currency. */
function amount(value: number, currency: string | null): string {
  return currency ? `${value} ${currency}` : String(value);
}

/** An order in lines: the catalog and item count, one line per item, the total per currency. */
function renderOrder(notice: Extract<MessageNotice, { code: 'order' }>, t: Translate): string {
  const count = notice.items.length;
  const items = count === 1 ? t('notice.orderItemsOne') : t('notice.orderItems', { count });
  const lines = [
    notice.catalogId
      ? t('notice.orderFromCatalog', { catalog: notice.catalogId, items })
      : t('notice.order', { items }),
  ];
  for (const item of notice.items) {
    const vars = { quantity: item.quantity, product: item.productId ?? '?' };
    lines.push(
      item.price === null
        ? t('notice.orderItem', vars)
        : t('notice.orderItemPriced', { ...vars, price: amount(item.price, item.currency) }),
    );
  }
  const totals = orderTotals(notice.items);
  if (totals.length > 0) {
    lines.push(t('notice.orderTotal', { total: totals.map((x) => amount(x.sum, x.currency)).join(' + ') }));
  }
  return lines.join('\n');
}
