import { z } from 'zod';

/** Secret settings of a Viber bot: the auth token from the Viber Admin Panel (also the webhook signing key). */
export const ViberSecrets = z.object({
  authToken: z
    .string()
    .regex(
      /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/,
      'a Viber auth token looks like 445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9',
    )
    .max(200),
});
export type ViberSecrets = z.infer<typeof ViberSecrets>;
