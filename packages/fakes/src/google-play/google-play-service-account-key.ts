import { createHash, type KeyObject } from 'node:crypto';

/**
 * The text of a service-account JSON key file as Google Cloud issues it, for a test key pair
 * (`generateKeyPairSync('rsa', { modulusLength: 2048 })`): the private key as PKCS#8 PEM.
 *
 * @example
 * const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
 * fake.state.addServiceAccount({ clientEmail, publicKey });
 * const json = googlePlayServiceAccountKey({ clientEmail, privateKey, tokenUri: fake.tokenUrl });
 */
export function googlePlayServiceAccountKey(options: {
  clientEmail: string;
  privateKey: KeyObject;
  tokenUri?: string;
  projectId?: string;
}): string {
  const pem = options.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyId = createHash('sha1').update(pem).digest('hex');
  return JSON.stringify(
    {
      type: 'service_account',
      project_id: options.projectId ?? 'frontline-test',
      private_key_id: keyId,
      private_key: pem,
      client_email: options.clientEmail,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: options.tokenUri ?? 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      universe_domain: 'googleapis.com',
    },
    null,
    2,
  );
}
