import { z } from 'zod';

// The parts of WhatsApp Cloud API webhooks Frontline reads. Only what the parser uses is required (ids, types,
// the content shown); everything else is optional, including the phone number (BSUID-only users). Unknown
// fields are tolerated (stripped).

export const WhatsAppError = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});
export type WhatsAppError = z.infer<typeof WhatsAppError>;

const Media = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
});
export type WhatsAppMedia = z.infer<typeof Media>;

export const WhatsAppMessage = z.object({
  id: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: Media.optional(),
  video: Media.optional(),
  audio: Media.optional(),
  voice: Media.optional(),
  document: Media.optional(),
  sticker: Media.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.object({
        name: z.object({ formatted_name: z.string().optional() }).optional(),
        phones: z.array(z.object({ phone: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  interactive: z
    .object({
      type: z.string().optional(),
      button_reply: z.object({ id: z.string().optional(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string().optional(), title: z.string() }).optional(),
      /** A WhatsApp Flow (form) submitted: the answers are a JSON string in `response_json`. */
      nfm_reply: z
        .object({
          name: z.string().optional(),
          body: z.string().optional(),
          response_json: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  /** A cart ordered from the business's catalog. */
  order: z
    .object({
      catalog_id: z.string().optional(),
      text: z.string().optional(),
      product_items: z
        .array(
          z.object({
            product_retailer_id: z.string().optional(),
            quantity: z.union([z.number(), z.string()]).optional(),
            item_price: z.union([z.number(), z.string()]).optional(),
            currency: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  /** The click-to-WhatsApp ad or post the customer came from (on their first message). */
  referral: z
    .object({
      source_url: z.string().optional(),
      source_id: z.string().optional(),
      source_type: z.string().optional(),
      headline: z.string().optional(),
      body: z.string().optional(),
    })
    .optional(),
  reaction: z.object({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
  system: z
    .object({
      type: z.string().optional(),
      body: z.string().optional(),
      /** The new number (digits) of `user_changed_number`; older API versions called it `new_wa_id`. */
      wa_id: z.string().optional(),
      new_wa_id: z.union([z.string(), z.number().transform(String)]).optional(),
      /** The new and the previous BSUID (a number change also changes it). */
      user_id: z.string().optional(),
      previous_user_id: z.string().optional(),
    })
    .optional(),
  errors: z.array(WhatsAppError).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessage>;

export const WhatsAppContact = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type WhatsAppContact = z.infer<typeof WhatsAppContact>;

export const WhatsAppStatus = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  errors: z.array(WhatsAppError).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatus>;

// Items stay `unknown` here and are parsed one by one: a malformed item must not sink its batch.
const ChangeValue = z.object({
  metadata: z.object({ phone_number_id: z.string() }).optional(),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

/** One webhook body: entries × changes, each possibly batching several messages and statuses. */
export const WhatsAppWebhook = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type WhatsAppWebhook = z.infer<typeof WhatsAppWebhook>;

/** `value` of a `messages` change (other fields, e.g. `account_update`, have other shapes). */
export const WhatsAppChangeValue = ChangeValue;
export type WhatsAppChangeValue = z.infer<typeof ChangeValue>;
