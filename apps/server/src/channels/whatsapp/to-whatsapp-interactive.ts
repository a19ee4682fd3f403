import { ChannelError } from '../../lib/errors.ts';

/** WhatsApp's limits for interactive messages (docs/channels.md: WhatsApp). */
export const whatsappInteractiveLimits = {
  maxBodyLength: 1024,
  maxReplyButtons: 3,
  maxButtonTitle: 20,
  maxListRows: 10,
  maxRowTitle: 24,
  maxListButtonLabel: 20,
} as const;

const limits = whatsappInteractiveLimits;

/**
 * The `interactive` object for quick-reply labels under `body`: up to 3 labels of ≤ 20 characters as
 * reply buttons; otherwise up to 10 labels of ≤ 24 characters as a one-section list opened by
 * `listButtonLabel`. Ids are `fl:<index>`; the customer's choice comes back with the label as its title.
 * Labels that fit neither are refused with a permanent `WHATSAPP_BUTTONS_UNSUPPORTED` naming the limit.
 *
 * @example toWhatsAppInteractive('Подходит?', ['Да', 'Нет'], 'Choose')
 * // { type: 'button', body: { text: 'Подходит?' }, action: { buttons: [{ type: 'reply', reply: { id: 'fl:0', title: 'Да' } }, …] } }
 */
export function toWhatsAppInteractive(
  body: string,
  labels: string[],
  listButtonLabel: string,
): Record<string, unknown> {
  const longest = Math.max(...labels.map((label) => label.length));
  if (labels.length <= limits.maxReplyButtons && longest <= limits.maxButtonTitle) {
    return {
      type: 'button',
      body: { text: body },
      action: {
        buttons: labels.map((title, index) => ({ type: 'reply', reply: { id: `fl:${index}`, title } })),
      },
    };
  }
  if (labels.length <= limits.maxListRows && longest <= limits.maxRowTitle) {
    return {
      type: 'list',
      body: { text: body },
      action: {
        button: listButtonLabel,
        sections: [{ rows: labels.map((title, index) => ({ id: `fl:${index}`, title })) }],
      },
    };
  }
  const tooLong = labels.find((label) => label.length > limits.maxRowTitle);
  throw new ChannelError(
    'WHATSAPP_BUTTONS_UNSUPPORTED',
    `WhatsApp shows at most ${limits.maxReplyButtons} buttons of up to ${limits.maxButtonTitle} characters, ` +
      `or a list of up to ${limits.maxListRows} options of up to ${limits.maxRowTitle} characters: ` +
      (tooLong === undefined
        ? `send at most ${limits.maxListRows} buttons`
        : `shorten "${tooLong}" (${tooLong.length} characters)`),
    { retryable: false },
  );
}
