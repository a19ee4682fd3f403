import { describe, expect, it } from 'vitest';
import { isServiceAccountJson } from '../src/is-service-account-json.ts';

describe('isServiceAccountJson', () => {
  const key = {
    type: 'service_account',
    client_email: 'reviews@example-project.iam.gserviceaccount.com',
    private_key: '-----BEGIN PRIVATE KEY-----\nMIIE…\n-----END PRIVATE KEY-----\n',
  };

  it('accepts a key file with client_email and private_key', () => {
    expect(isServiceAccountJson(JSON.stringify(key, null, 2))).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['not JSON', "{ client_email: 'x' }"],
    ['null', 'null'],
    ['a string', '"-----BEGIN PRIVATE KEY-----"'],
    ['an array', JSON.stringify([key])],
    ['no client_email', JSON.stringify({ ...key, client_email: undefined })],
    ['client_email not an address', JSON.stringify({ ...key, client_email: 'reviews' })],
    ['no private_key', JSON.stringify({ ...key, private_key: undefined })],
    ['private_key not a PEM key', JSON.stringify({ ...key, private_key: 'abc' })],
  ])('refuses %s', (_, text) => {
    expect(isServiceAccountJson(text)).toBe(false);
  });
});
