import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api-error.ts';
import { channelForms } from '../src/channel-forms.ts';
import { mapChannelError } from '../src/map-channel-error.ts';

const spec = channelForms.telegram;
const apiError = (code: string, message: string, details?: unknown, status = 400) =>
  new ApiError({ status, code, message, details });

describe('mapChannelError', () => {
  it('marks the fields named by VALIDATION_FAILED details, in every path shape the server uses', () => {
    const mapped = mapChannelError(
      apiError('VALIDATION_FAILED', 'invalid request', [
        { path: 'secrets.botToken', message: 'a BotFather token looks like 123456789:AAH…' },
        { path: '/name', message: 'Too small' },
        { path: ['apiRoot'], message: 'Invalid URL' },
        { path: 'webhookSecret', message: '1–256 characters' },
        { path: 'secrets.unknown', message: 'x' },
      ]),
      spec,
    );
    expect(mapped).toEqual({
      key: 'channelForm.error.VALIDATION_FAILED',
      detail: null,
      fields: {
        'secrets.botToken': 'invalid',
        name: 'invalid',
        'config.apiRoot': 'invalid',
        'secrets.webhookSecret': 'invalid',
      },
    });
  });

  it('never copies detail messages (which could quote a value) onto fields', () => {
    const mapped = mapChannelError(
      apiError('VALIDATION_FAILED', 'invalid channel secrets', [
        { path: 'botToken', message: 'got 123:SECRET' },
      ]),
      spec,
    );
    expect(JSON.stringify(mapped)).not.toContain('SECRET');
  });

  it('shows the server message when no detail points at a field', () => {
    expect(mapChannelError(apiError('VALIDATION_FAILED', 'unknown channel kind "telegram"'), spec)).toEqual({
      key: 'channelForm.error.VALIDATION_FAILED',
      detail: 'unknown channel kind "telegram"',
      fields: {},
    });
  });

  it('maps CONFLICT to the name field', () => {
    expect(mapChannelError(apiError('CONFLICT', 'exists', undefined, 409), spec)).toEqual({
      key: 'channelForm.error.CONFLICT',
      detail: null,
      fields: { name: 'invalid' },
    });
  });

  it('shows the provider refusal as the server words it', () => {
    const message = 'bot token rejected by Telegram: re-enter it in Channel settings';
    expect(mapChannelError(apiError('CHANNEL_CONNECT_FAILED', message, { code: 'AUTH' }, 422), spec)).toEqual(
      {
        key: 'channelForm.error.CHANNEL_CONNECT_FAILED',
        detail: message,
        fields: {},
      },
    );
  });

  it('falls back to the app-wide texts', () => {
    expect(mapChannelError(apiError('FORBIDDEN', 'admins only', undefined, 403), spec)).toMatchObject({
      key: 'error.FORBIDDEN',
      fields: {},
    });
    expect(mapChannelError(apiError('TEAPOT', 'short and stout', undefined, 418), spec)).toMatchObject({
      key: 'error.generic',
      vars: { message: 'short and stout' },
    });
    expect(mapChannelError(new TypeError('boom'), spec)).toMatchObject({
      key: 'error.generic',
      vars: { message: 'boom' },
    });
  });

  it('resolves nested config paths (e-mail) and relative secret paths (Google Play) to dotted field ids', () => {
    const mapped = mapChannelError(
      apiError('VALIDATION_FAILED', 'invalid channel settings', [
        { path: ['smtp', 'port'], message: 'Too big' },
        { path: 'config.imap.user', message: 'Required' },
        { path: '/config/smtp/nope', message: 'x' },
        { path: ['imapPassword'], message: 'Required' },
      ]),
      channelForms.email,
    );
    expect(mapped.fields).toEqual({
      'config.smtp.port': 'invalid',
      'config.imap.user': 'invalid',
      'secrets.imapPassword': 'invalid',
    });
    expect(
      mapChannelError(
        apiError('VALIDATION_FAILED', 'invalid channel secrets', [
          { path: 'serviceAccountJson', message: 'the service account key is not JSON' },
        ]),
        channelForms.google_play,
      ).fields,
    ).toEqual({ 'secrets.serviceAccountJson': 'invalid' });
  });
});
