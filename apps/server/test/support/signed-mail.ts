import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';

/** A DKIM signing key of a domain and the TXT record that publishes its public half. */
export interface DkimKey {
  domain: string;
  selector: string;
  privateKeyPem: string;
  /** Name and value of the `<selector>._domainkey.<domain>` TXT record. */
  record: [name: string, value: string];
}

/** A fresh 2048-bit RSA key for `domain` under `selector` (generated per test run, never stored). */
export function dkimKey(domain: string, selector = 'sel'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: [`${selector}._domainkey.${domain}`, `v=DKIM1; k=rsa; p=${p}`],
  };
}

/** The mail with a real DKIM-Signature header of `key` on top (relaxed/relaxed, rsa-sha256), as sent. */
export async function signMail(raw: Buffer | string, key: DkimKey): Promise<Buffer> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  const signature = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKeyPem };
  // mailauth signs with `signatureData`; its typings also want the first signature at the top level.
  const signed = await dkimSign(bytes, {
    ...signature,
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signatureData: [signature],
  });
  if (signed.errors.length > 0) throw new Error(`signing failed: ${JSON.stringify(signed.errors)}`);
  return Buffer.concat([Buffer.from(signed.signatures), bytes]);
}
