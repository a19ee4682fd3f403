import type { SMTPServerAddress } from 'smtp-server';
import type { EmailAccount, EmailReceiverEnv } from './email-account.ts';
import { isAddressedTo } from './email-addressing.ts';
import { emailEventKey } from './email-event-key.ts';

/** An SMTP reply with its code (smtp-server sends `responseCode` and the message). */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The platform's SMTP receiving server: the MX (or forwarding target) of every e-mail channel. A recipient
 * must be a connected channel's address or a sub-address of it (`support+c42.x@…`), otherwise 550. The
 * mail is answered 250 only after it is stored (then it is processed like a webhook); a store failure
 * answers 451 so the sending server retries (SMTP is at-least-once, the Message-ID dedupes). Too big: 552.
 * The envelope is kept as `Return-Path` / `Delivered-To` headers, as a final-delivery MTA does.
 */
export async function startSmtpReceiver(
  env: EmailReceiverEnv,
  accounts: () => Array<EmailAccount>,
  port: number,
): Promise<{ close(): Promise<void> }> {
  const recipientsOf = (session: { envelope: { rcptTo: SMTPServerAddress[] } }) =>
    session.envelope.rcptTo.map((r) => r.address.toLowerCase());
  // smtp-server is loaded only when SMTP reception is configured.
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    name: 'frontline',
    banner: 'Frontline mail receiver',
    size: env.settings.maxMailBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      const known = accounts().some((a) => isAddressedTo(a.config, address.address));
      if (!known) return callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(
            smtpError(552, `5.3.4 message too big: at most ${env.settings.maxMailBytes} bytes`),
          );
        }
        const mail = Buffer.concat(chunks);
        const key = emailEventKey(mail);
        const recipients = recipientsOf(session);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const targets = accounts().filter((a) => recipients.some((r) => isAddressedTo(a.config, r)));
        Promise.all(
          targets.map((account) => {
            const delivered = recipients.filter((r) => isAddressedTo(account.config, r));
            const envelope = Buffer.from(
              `Return-Path: <${mailFrom}>\r\n` + delivered.map((r) => `Delivered-To: ${r}\r\n`).join(''),
            );
            return env.accept(account.id, key, Buffer.concat([envelope, mail]));
          }),
        ).then(
          () => callback(null, 'queued'),
          (error: unknown) => {
            env.logger.error({ err: error }, 'storing a received mail failed');
            callback(smtpError(451, '4.3.0 temporary failure storing the message, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => env.logger.error({ err: error }, 'SMTP receiver error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, env.settings.smtpHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  env.logger.info({ port, host: env.settings.smtpHost }, 'SMTP receiver listening');
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
