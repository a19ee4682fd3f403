import { z } from 'zod';

// The parts of Viber callbacks Frontline reads, as `readViberJson` returns them. Only what the parser uses is
// required (event, token, sender id, message type); the rest is optional or nullable, and fields we never read
// (timestamp, avatar, country, chat_hostname …) are not described at all, so their shape cannot reject a callback.
// Unknown fields are tolerated (stripped).

/** A 64-bit `message_token` as an exact decimal string (`readViberJson` keeps long integers as strings). */
export const ViberToken = z.union([
  z.string().regex(/^\d{1,20}$/),
  z
    .number()
    .int()
    .nonnegative()
    .refine((n) => Number.isSafeInteger(n), 'message_token lost precision')
    .transform(String),
]);

export const ViberUser = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  /** The user's phone language (ISO 639-1, sometimes with a region), on message callbacks. */
  language: z.string().nullish().catch(undefined),
});

/** Coordinates may arrive as strings when they carry more than 15 digits. */
const Coordinate = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

export const ViberMessage = z.object({
  type: z.string(),
  text: z.string().nullish(),
  media: z.string().nullish(),
  file_name: z.string().nullish(),
  size: z.union([z.number(), z.string()]).nullish(),
  sticker_id: z.union([z.number(), z.string()]).nullish(),
  contact: z.object({ name: z.string().nullish(), phone_number: z.string().nullish() }).nullish(),
  location: z.object({ lat: Coordinate, lon: Coordinate, address: z.string().nullish() }).nullish(),
  tracking_data: z.string().nullish(),
});
export type ViberMessage = z.infer<typeof ViberMessage>;

/** Every callback: which event, and its token when it has one. */
export const ViberCallbackHead = z.object({
  event: z.string().min(1),
  message_token: ViberToken.optional(),
});

export const ViberMessageCallback = ViberCallbackHead.extend({
  message_token: ViberToken,
  sender: ViberUser,
  message: ViberMessage,
});

export const ViberStatusCallback = ViberCallbackHead.extend({
  message_token: ViberToken,
  desc: z.string().nullish(),
});

export const ViberSubscribedCallback = ViberCallbackHead.extend({ user: ViberUser });
export const ViberUnsubscribedCallback = ViberCallbackHead.extend({ user_id: z.string().min(1) });
