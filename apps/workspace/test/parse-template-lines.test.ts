import { describe, expect, it } from 'vitest';
import { buildChannelRequest } from '../src/build-channel-request.ts';
import { channelForms } from '../src/channel-forms.ts';
import { parseTemplateLines } from '../src/parse-template-lines.ts';

describe('WhatsApp approved templates in the connect form', () => {
  it('reads one template per line as name | language | body (a body may contain "|")', () => {
    expect(
      parseTemplateLines(
        'hello_world | ru | Здравствуйте, {{1}}! Ответ готов.\n\n  order_ready|en_US|Order {{1}} | ready  \n',
      ),
    ).toEqual([
      { name: 'hello_world', language: 'ru', body: 'Здравствуйте, {{1}}! Ответ готов.' },
      { name: 'order_ready', language: 'en_US', body: 'Order {{1}} | ready' },
    ]);
    expect(parseTemplateLines('   \n')).toEqual([]);
  });

  it('refuses a line without three parts, a bad name or language, or an empty body', () => {
    expect(parseTemplateLines('hello_world | ru')).toBeNull();
    expect(parseTemplateLines('Hello World | ru | text')).toBeNull();
    expect(parseTemplateLines('hello | russian | text')).toBeNull();
    expect(parseTemplateLines('hello | ru |   ')).toBeNull();
  });

  it('sends the templates in the channel config, or marks the field invalid', () => {
    const input = {
      kind: 'whatsapp' as const,
      name: 'WA',
      entryPointId: '',
      config: { phoneNumberId: '106540352242922', templates: 'hello_world | ru | Здравствуйте, {{1}}!' },
      secrets: {
        accessToken: 'EAAGtoken0123456789',
        appSecret: 'app_secret_1',
        verifyToken: 'verify-token-1',
      },
    };
    const built = buildChannelRequest(input, channelForms.whatsapp);
    expect(built.ok && built.request.config).toEqual({
      phoneNumberId: '106540352242922',
      templates: [{ name: 'hello_world', language: 'ru', body: 'Здравствуйте, {{1}}!' }],
    });
    const bad = buildChannelRequest(
      { ...input, config: { ...input.config, templates: 'just text' } },
      channelForms.whatsapp,
    );
    expect(bad).toEqual({ ok: false, fields: { 'config.templates': 'invalid' } });
  });
});
