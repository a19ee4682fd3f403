import { z } from 'zod';

// The parts of Viber callbacks Frontline reads (CHANNELS.md §4.1), as `readViberJson` returns them.
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
  name: z.string().optional(),
  avatar: z.string().optional(),
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
  text: z.string().optional(),
  media: z.string().optional(),
  file_name: z.string().optional(),
  size: z.union([z.number(), z.string()]).optional(),
  sticker_id: z.union([z.number(), z.string()]).optional(),
  contact: z.object({ name: z.string().optional(), phone_number: z.string().optional() }).optional(),
  location: z.object({ lat: Coordinate, lon: Coordinate, address: z.string().optional() }).optional(),
  tracking_data: z.string().optional(),
});
export type ViberMessage = z.infer<typeof ViberMessage>;

/** Every callback: which event, and its token when it has one. */
export const ViberCallbackHead = z.object({
  event: z.string().min(1),
  timestamp: z.number().optional(),
  message_token: ViberToken.optional(),
});

export const ViberMessageCallback = ViberCallbackHead.extend({
  message_token: ViberToken,
  sender: ViberUser,
  message: ViberMessage,
});

export const ViberStatusCallback = ViberCallbackHead.extend({
  message_token: ViberToken,
  user_id: z.string().optional(),
  desc: z.string().optional(),
});

export const ViberSubscribedCallback = ViberCallbackHead.extend({ user: ViberUser });
export const ViberUnsubscribedCallback = ViberCallbackHead.extend({ user_id: z.string().min(1) });
