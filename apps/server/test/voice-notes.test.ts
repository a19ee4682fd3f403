import { readFileSync } from 'node:fs';
import {
  telegramUpdates,
  viberCallbacks,
  whatsappPayloads,
  type TelegramFake,
  type ViberFake,
  type WhatsAppFake,
} from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectTelegram, connectViber, connectWhatsApp } from './support/channels.ts';
import { startListeningServer } from './support/listening-server.ts';
import { loginAdmin } from './support/people.ts';
import { startTelegram, startViber, startWhatsApp } from './support/provider-fakes.ts';
import { authHeaders, dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

/** A real Ogg/Opus voice note (opusenc, see fixtures/media/README.md): sniffed as `audio/ogg; codecs=opus`. */
const voiceNote = readFileSync(new URL('./fixtures/media/voice-note.ogg', import.meta.url));

const botToken = '7100000002:AAHvoice_test-token';
const webhookSecret = 'whsec-voice_1';
const wa = { accessToken: 'EAAGvoiceTestToken0123456789', appSecret: 'voice_app_secret_1' };
const phoneNumberId = '106540352242922';
const viberToken = '4a5da6az1s345z78-dazcczb2542zv51a-e0vc5fvoice01';

/** Voice notes from every messenger reach the operator as a playable Ogg/Opus attachment. */
describe.each(dialects)('voice notes end to end on %s', (dialect) => {
  let telegram: TelegramFake;
  let whatsapp: WhatsAppFake;
  let viber: ViberFake;
  let server: TestServer;
  let admin: LoggedIn;

  beforeEach(async () => {
    telegram = await startTelegram({ botToken, username: 'frontline_voice_bot' });
    whatsapp = await startWhatsApp({ ...wa, phoneNumberId });
    viber = await startViber({ authToken: viberToken });
    let base: string;
    ({ server, base } = await startListeningServer(dialect));
    admin = await loginAdmin(server);
    await connectTelegram(server, admin, {
      name: 'Voice bot',
      apiRoot: telegram.url,
      botToken,
      webhookSecret,
    });
    await connectWhatsApp(server, admin, {
      name: 'WhatsApp voice',
      fake: whatsapp,
      base,
      phoneNumberId,
      ...wa,
      verifyToken: 'verify-voice',
    });
    await connectViber(server, admin, { name: 'Viber voice', apiRoot: viber.url, authToken: viberToken });
  });
  afterEach(async () => {
    await server.close();
    await Promise.all([telegram.close(), whatsapp.close(), viber.close()]);
  });

  /** The one stored message, its attachment, and the attachment as the operator downloads it. */
  async function storedVoiceNote() {
    const message = await eventually(async () => {
      const row = await server.store.db.selectFrom('messages').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(row.attachments)).toHaveLength(1);
      return row;
    }, 8000);
    const [attachment] = JSON.parse(message.attachments) as Array<{
      id: string;
      filename: string;
      contentType: string;
      size: number;
    }>;
    const download = await server.app.inject({
      method: 'GET',
      url: server.services.files.url(attachment!),
      headers: authHeaders(admin),
    });
    return { message, attachment: attachment!, download };
  }

  it('a Telegram voice note (audio/ogg, real Opus) is stored and downloadable with its type', async () => {
    const fileId = telegram.state.addFile(voiceNote, { file_path: 'voice/file_7.oga' });
    await telegram.state.pushUpdate(
      botToken,
      telegramUpdates.voice({ from: { id: 311_111_112, firstName: 'Анна' }, fileId, size: voiceNote.length }),
    );
    const { message, attachment, download } = await storedVoiceNote();
    expect(message.text).toBe('');
    expect(attachment).toMatchObject({ contentType: 'audio/ogg; codecs=opus', size: voiceNote.length });
    expect(attachment.filename).toMatch(/\.ogg$/);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(download.rawPayload.equals(voiceNote)).toBe(true);
  });

  it('a WhatsApp audio with voice: true and mime_type "audio/ogg; codecs=opus" is stored and downloadable', async () => {
    const mediaId = whatsapp.state.addMedia(voiceNote, { mimeType: 'audio/ogg; codecs=opus' });
    await whatsapp.state.push(
      whatsappPayloads.voice({ from: { waId: '16505551234', name: 'Sheena' }, mediaId }),
    );
    const { message, attachment, download } = await storedVoiceNote();
    expect(message.text).toBe('');
    expect(attachment).toMatchObject({
      filename: `voice-${mediaId}.ogg`,
      contentType: 'audio/ogg; codecs=opus',
      size: voiceNote.length,
    });
    expect(download.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(download.rawPayload.equals(voiceNote)).toBe(true);
  });

  it('a Viber audio file (Viber passes voice recordings to bots as files) is stored and downloadable', async () => {
    const media = viber.state.hostMedia(voiceNote, {
      filename: 'Voice message.ogg',
      contentType: 'audio/ogg',
    });
    await viber.state.push(
      viberToken,
      viberCallbacks.file({
        sender: { id: '01234567890A=', name: 'Yarden', apiVersion: 10 },
        media,
        fileName: 'Voice message.ogg',
        size: voiceNote.length,
      }),
    );
    const { attachment, download } = await storedVoiceNote();
    expect(attachment).toMatchObject({
      filename: 'Voice message.ogg',
      contentType: 'audio/ogg; codecs=opus',
    });
    expect(download.headers['content-type']).toBe('audio/ogg; codecs=opus');
    expect(download.rawPayload.equals(voiceNote)).toBe(true);
  });
});
