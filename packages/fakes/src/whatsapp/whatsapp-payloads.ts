import { randomBytes } from 'node:crypto';

/** The phone number the fake and the builders use unless told otherwise (docs/channels.md: The fakes). */
export const defaultPhoneNumberId = '106540352242922';
export const defaultDisplayPhoneNumber = '15550783881';
export const defaultWabaId = '102290129340398';

/** One `entry[].changes[]` item. `value` holds `messages`, `statuses`, `contacts`, `errors` … */
export interface WhatsAppChange {
  field: string;
  value: Record<string, unknown>;
}

/** A webhook body as Meta posts it. */
export interface WhatsAppWebhookPayload {
  object: 'whatsapp_business_account';
  entry: Array<{ id: string; changes: WhatsAppChange[] }>;
}

/**
 * A WhatsApp user as the builders need it: `waId` (digits of the phone number) and/or the 2026 business-scoped
 * user id `userId` (BSUID, e.g. `US.13491208655302741918`). A username user may have no `waId` at all.
 */
export interface WhatsAppUser {
  waId?: string;
  userId?: string;
  parentUserId?: string;
  name?: string;
  username?: string;
}

/** Options every message builder takes; `id` (the wamid) and `timestamp` default to fresh values. */
export interface InboundOptions {
  from: WhatsAppUser;
  id?: string;
  timestamp?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  /** `context` of a reply to one of our messages (`{ from, id }`). */
  context?: { from?: string; id: string };
}

export type WhatsAppStatusName = 'sent' | 'delivered' | 'read' | 'failed' | 'played' | 'deleted';

/** One error as Meta puts it in `statuses[].errors`, `messages[].errors` and `value.errors`. */
export interface WhatsAppErrorObject {
  code: number;
  title: string;
  message?: string;
  error_data?: { details: string };
  href?: string;
}

export interface StatusOptions {
  /** The wamid of our outbound message. */
  id: string;
  status: WhatsAppStatusName;
  recipient: WhatsAppUser;
  timestamp?: string;
  errors?: WhatsAppErrorObject[];
  phoneNumberId?: string;
  displayPhoneNumber?: string;
}

let clock = 1_749_416_383;

const nextTimestamp = () => String((clock += 1));

/** A fresh wamid shaped like Meta's (`wamid.` + base64). */
export function newWamid(): string {
  return `wamid.HBgL${randomBytes(24).toString('base64')}`;
}

/** The error objects Meta attaches to `failed` statuses, by code (docs/channels.md: The fakes). */
export const whatsappErrors = {
  reEngagement: {
    code: 131047,
    title: 'Re-engagement message',
    message: 'Re-engagement message',
    error_data: {
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    },
    href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
  },
  undeliverable: {
    code: 131026,
    title: 'Message undeliverable',
    message: 'Message undeliverable',
    error_data: { details: 'Message Undeliverable.' },
  },
  mediaDownload: {
    code: 131014,
    title: 'Request for url https://URL.jpg failed with error: 404 (Not Found)',
  },
} satisfies Record<string, WhatsAppErrorObject>;

function contactOf(user: WhatsAppUser): Record<string, unknown> {
  const profile: Record<string, string> = {};
  if (user.name !== undefined) profile.name = user.name;
  if (user.username !== undefined) profile.username = user.username;
  return {
    profile,
    ...(user.waId === undefined ? {} : { wa_id: user.waId }),
    ...(user.userId === undefined ? {} : { user_id: user.userId }),
    ...(user.parentUserId === undefined ? {} : { parent_user_id: user.parentUserId }),
  };
}

function metadataOf(options: { phoneNumberId?: string; displayPhoneNumber?: string }) {
  return {
    display_phone_number: options.displayPhoneNumber ?? defaultDisplayPhoneNumber,
    phone_number_id: options.phoneNumberId ?? defaultPhoneNumberId,
  };
}

function envelope(value: Record<string, unknown>): WhatsAppWebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: defaultWabaId, changes: [{ field: 'messages', value }] }],
  };
}

function inbound(options: InboundOptions, type: string, content: Record<string, unknown>) {
  const { from } = options;
  const message: Record<string, unknown> = {
    ...(from.waId === undefined ? {} : { from: from.waId }),
    ...(from.userId === undefined ? {} : { from_user_id: from.userId }),
    ...(from.parentUserId === undefined ? {} : { from_parent_user_id: from.parentUserId }),
    id: options.id ?? newWamid(),
    timestamp: options.timestamp ?? nextTimestamp(),
    ...(options.context === undefined ? {} : { context: options.context }),
    type,
    ...content,
  };
  return envelope({
    messaging_product: 'whatsapp',
    metadata: metadataOf(options),
    contacts: [contactOf(from)],
    messages: [message],
  });
}

interface MediaOptions extends InboundOptions {
  mediaId: string;
  mimeType?: string;
  sha256?: string;
  caption?: string;
}

function media(options: MediaOptions, defaults: { mimeType: string }, extra: Record<string, unknown> = {}) {
  return {
    ...(options.caption === undefined ? {} : { caption: options.caption }),
    mime_type: options.mimeType ?? defaults.mimeType,
    sha256: options.sha256 ?? randomBytes(32).toString('hex'),
    id: options.mediaId,
    ...extra,
  };
}

/**
 * Builders of WhatsApp Cloud API webhook bodies shaped like Meta's (docs/channels.md: WhatsApp, The fakes), for pushing
 * through the fake. Every message builder returns a whole envelope with `contacts` and one message.
 *
 * @example fake.state.push(whatsappPayloads.text({ from: { waId: '16505551234', name: 'Sheena' }, body: 'hi' }))
 */
export const whatsappPayloads = {
  text(options: InboundOptions & { body: string }): WhatsAppWebhookPayload {
    return inbound(options, 'text', { text: { body: options.body } });
  },

  image(options: MediaOptions): WhatsAppWebhookPayload {
    return inbound(options, 'image', { image: media(options, { mimeType: 'image/jpeg' }) });
  },

  video(options: MediaOptions): WhatsAppWebhookPayload {
    return inbound(options, 'video', { video: media(options, { mimeType: 'video/mp4' }) });
  },

  document(options: MediaOptions & { filename: string }): WhatsAppWebhookPayload {
    const doc = media(options, { mimeType: 'application/pdf' }, { filename: options.filename });
    return inbound(options, 'document', { document: doc });
  },

  /** An audio file; `voice: true` marks a voice note (Cloud API sends voice notes as `audio`). */
  audio(options: MediaOptions & { voice?: boolean }): WhatsAppWebhookPayload {
    const extra = options.voice ? { voice: true } : {};
    return inbound(options, 'audio', { audio: media(options, { mimeType: 'audio/mpeg' }, extra) });
  },

  /** A voice note: `type: "audio"`, `audio/ogg; codecs=opus`, `voice: true`. */
  voice(options: MediaOptions): WhatsAppWebhookPayload {
    return whatsappPayloads.audio({ mimeType: 'audio/ogg; codecs=opus', ...options, voice: true });
  },

  sticker(options: MediaOptions & { animated?: boolean }): WhatsAppWebhookPayload {
    const extra = { animated: options.animated ?? false };
    return inbound(options, 'sticker', { sticker: media(options, { mimeType: 'image/webp' }, extra) });
  },

  location(
    options: InboundOptions & { latitude: number; longitude: number; name?: string; address?: string },
  ): WhatsAppWebhookPayload {
    const { latitude, longitude, name, address } = options;
    return inbound(options, 'location', { location: { latitude, longitude, name, address } });
  },

  /** The customer tapped a reply button of an interactive message. */
  buttonReply(options: InboundOptions & { buttonId: string; title: string }): WhatsAppWebhookPayload {
    return inbound(options, 'interactive', {
      interactive: { type: 'button_reply', button_reply: { id: options.buttonId, title: options.title } },
    });
  },

  /** The customer picked a row of an interactive list. */
  listReply(
    options: InboundOptions & { rowId: string; title: string; description?: string },
  ): WhatsAppWebhookPayload {
    const reply = { id: options.rowId, title: options.title, description: options.description };
    return inbound(options, 'interactive', { interactive: { type: 'list_reply', list_reply: reply } });
  },

  /** A template quick-reply button (`type: "button"`). */
  templateButton(options: InboundOptions & { text: string; payload: string }): WhatsAppWebhookPayload {
    return inbound(options, 'button', { button: { text: options.text, payload: options.payload } });
  },

  /** A reaction to one of our messages; an empty emoji removes it. */
  reaction(options: InboundOptions & { messageId: string; emoji: string }): WhatsAppWebhookPayload {
    return inbound(options, 'reaction', {
      reaction: { message_id: options.messageId, emoji: options.emoji },
    });
  },

  /** A cart ordered from the business's catalog (`type: "order"`). */
  order(
    options: InboundOptions & {
      catalogId: string;
      items: Array<{ productRetailerId: string; quantity: number; itemPrice: number; currency: string }>;
      text?: string;
    },
  ): WhatsAppWebhookPayload {
    return inbound(options, 'order', {
      order: {
        catalog_id: options.catalogId,
        ...(options.text === undefined ? {} : { text: options.text }),
        product_items: options.items.map((i) => ({
          product_retailer_id: i.productRetailerId,
          quantity: i.quantity,
          item_price: i.itemPrice,
          currency: i.currency,
        })),
      },
    });
  },

  /** A submitted WhatsApp Flow: `interactive.nfm_reply` with the answers as a JSON string. */
  flowReply(
    options: InboundOptions & { answers: Record<string, unknown>; flowToken?: string },
  ): WhatsAppWebhookPayload {
    return inbound(options, 'interactive', {
      interactive: {
        type: 'nfm_reply',
        nfm_reply: {
          name: 'flow',
          body: 'Sent',
          response_json: JSON.stringify({
            flow_token: options.flowToken ?? 'flow-token',
            ...options.answers,
          }),
        },
      },
    });
  },

  /** A first message from a click-to-WhatsApp ad: a text with `referral`. */
  adReferral(
    options: InboundOptions & { body: string; headline: string; adBody?: string; sourceUrl: string },
  ): WhatsAppWebhookPayload {
    return inbound(options, 'text', {
      text: { body: options.body },
      referral: {
        source_url: options.sourceUrl,
        source_id: '120226305854810726',
        source_type: 'ad',
        headline: options.headline,
        ...(options.adBody === undefined ? {} : { body: options.adBody }),
        media_type: 'image',
        image_url: 'https://scontent.example/ad.png',
        ctwa_clid: randomBytes(24).toString('base64url'),
      },
    });
  },

  unsupported(options: InboundOptions): WhatsAppWebhookPayload {
    return inbound(options, 'unsupported', {
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    });
  },

  /** `system.user_changed_number`: the user moved to `newWaId` (sent from the old number). */
  userChangedNumber(options: InboundOptions & { newWaId: string }): WhatsAppWebhookPayload {
    return inbound(options, 'system', {
      system: {
        body: `User ${options.from.name ?? 'A'} changed from ${options.from.waId ?? ''} to ${options.newWaId}`,
        wa_id: options.newWaId,
        type: 'user_changed_number',
      },
    });
  },

  /** A status of one of our messages; `failed` takes `errors` (e.g. `whatsappErrors.reEngagement`). */
  status(options: StatusOptions): WhatsAppWebhookPayload {
    const { recipient } = options;
    const status: Record<string, unknown> = {
      id: options.id,
      status: options.status,
      timestamp: options.timestamp ?? nextTimestamp(),
      ...(recipient.waId === undefined ? {} : { recipient_id: recipient.waId }),
      ...(recipient.userId === undefined ? {} : { recipient_user_id: recipient.userId }),
    };
    if (options.status === 'sent' || options.status === 'delivered') {
      status.pricing = {
        billable: true,
        pricing_model: 'PMP',
        category: 'service',
        type: 'free_customer_service',
      };
    }
    if (options.errors !== undefined) status.errors = options.errors;
    return envelope({ messaging_product: 'whatsapp', metadata: metadataOf(options), statuses: [status] });
  },

  /** `value.errors` only (a problem Meta reports without a message or status). */
  errors(options: { errors: WhatsAppErrorObject[]; phoneNumberId?: string }): WhatsAppWebhookPayload {
    return envelope({ messaging_product: 'whatsapp', metadata: metadataOf(options), errors: options.errors });
  },

  /** Several payloads batched in one POST (one entry per payload, as Meta may send). */
  batch(...payloads: WhatsAppWebhookPayload[]): WhatsAppWebhookPayload {
    return { object: 'whatsapp_business_account', entry: payloads.flatMap((p) => p.entry) };
  },
};
