/**
 * Whether `text` looks like a Google service account's JSON key file: a JSON object with a
 * `client_email` and a `private_key`. A browser-side check only (the server checks the key itself);
 * it never reports what the text holds.
 * @example isServiceAccountJson('{"client_email":"r@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----…"}') // → true
 */
export function isServiceAccountJson(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const email: unknown = 'client_email' in value ? value.client_email : undefined;
  const key: unknown = 'private_key' in value ? value.private_key : undefined;
  return (
    typeof email === 'string' &&
    /^[^\s@]+@[^\s@]+$/.test(email) &&
    typeof key === 'string' &&
    key.includes('PRIVATE KEY')
  );
}
