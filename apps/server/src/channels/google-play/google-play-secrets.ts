import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

/** The fields Frontline reads from a service-account JSON key file (Google Cloud → Service accounts → Keys). */
export const ServiceAccountKey = z.object({
  type: z.literal('service_account').optional(),
  client_email: z.email(),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  /** Informative only: the token endpoint is `config.tokenUrl`, so a key file cannot redirect the JWT. */
  token_uri: z.url().optional(),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKey>;

/**
 * Reads the text of a service-account JSON key file: parses, has `client_email` and a usable `private_key`.
 * Returns the key, or a message saying what is wrong (never quoting the key).
 *
 * @example readServiceAccountKey(fs.readFileSync('key.json', 'utf8')) // { ok: true, key: { client_email: 'reviews@p.iam.gserviceaccount.com', … } }
 */
export function readServiceAccountKey(
  json: string,
): { ok: true; key: ServiceAccountKey } | { ok: false; why: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return {
      ok: false,
      why: 'the service account key is not JSON: paste the whole key file downloaded from Google Cloud',
    };
  }
  const key = ServiceAccountKey.safeParse(value);
  if (!key.success) {
    return {
      ok: false,
      why: 'the service account key needs "client_email" and "private_key": download a JSON key of the service account from Google Cloud',
    };
  }
  try {
    createPrivateKey(key.data.private_key);
  } catch {
    return { ok: false, why: 'the "private_key" of the service account key is not a readable PEM key' };
  }
  return { ok: true, key: key.data };
}

/** Secret settings of a Google Play reviews channel: the service account's JSON key file, as text. */
export const GooglePlaySecrets = z.object({
  serviceAccountJson: z
    .string()
    .max(20_000)
    .superRefine((json, ctx) => {
      const read = readServiceAccountKey(json);
      if (!read.ok) ctx.addIssue({ code: 'custom', message: read.why });
    }),
});
export type GooglePlaySecrets = z.infer<typeof GooglePlaySecrets>;
