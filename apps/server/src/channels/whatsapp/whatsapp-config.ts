import { z } from 'zod';

/**
 * Non-secret settings of a WhatsApp Cloud API number. `graphRoot` points tests at the fake; `phoneNumberId` is
 * the Graph id of the business number (not the phone number itself).
 */
export const WhatsAppConfig = z.object({
  graphRoot: z.url().default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'a Graph API version looks like v21.0')
    .default('v21.0'),
  phoneNumberId: z
    .string()
    .regex(/^\d{5,20}$/, 'the phone number ID is the numeric id shown in WhatsApp Manager'),
  /** Approved message templates operators may send outside the 24-hour window (as approved in WhatsApp Manager). */
  templates: z
    .array(
      z.object({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(16),
        body: z.string().max(1024),
      }),
    )
    .max(200)
    .default([]),
  /**
   * The label of the button that opens a list of quick replies (more than 3 buttons, or one longer than
   * 20 characters); WhatsApp allows 1–20 characters. Default "Choose".
   */
  listButtonLabel: z.string().trim().min(1).max(20).optional(),
});
export type WhatsAppConfig = z.infer<typeof WhatsAppConfig>;
