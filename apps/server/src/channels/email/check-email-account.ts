import { ChannelError } from '../../lib/errors.ts';
import type { ChannelHealth } from '../channel-adapter.ts';
import type { EmailAccount } from './email-account.ts';
import { smtpReception } from './email-reception.ts';
import { checkImapLogin } from './read-imap-mailbox.ts';
import { smtpTransportFor } from './send-email.ts';
import { toEmailChannelError } from './to-email-channel-error.ts';

/**
 * Log in to the outgoing SMTP server and, when configured, to the IMAP mailbox. Throws a non-retryable
 * `ChannelError` saying which one failed and why (the admin screen shows it); resolves to the health line.
 */
export async function checkEmailAccount(account: EmailAccount): Promise<ChannelHealth> {
  const { config } = account;
  try {
    await (await smtpTransportFor(account)).verify();
  } catch (error) {
    const failure = toEmailChannelError(error);
    throw new ChannelError(
      failure.code,
      `outgoing mail (SMTP ${config.smtp.host}:${config.smtp.port}): ${failure.message}`,
      {
        retryable: false,
        cause: error,
      },
    );
  }
  const smtpIn = smtpReception();
  const parts = [
    smtpIn === null
      ? `${config.address}: no SMTP receiver here (SMTP_PORT unset)`
      : `receiving at ${config.address} (SMTP port ${smtpIn})`,
    `SMTP ${config.smtp.host}:${config.smtp.port} ok`,
  ];
  if (config.imap) {
    const password = account.secrets.imapPassword;
    if (!password) {
      throw new ChannelError(
        'IMAP_PASSWORD_MISSING',
        'an IMAP mailbox is set but no IMAP password was entered',
        {
          retryable: false,
        },
      );
    }
    try {
      await checkImapLogin({ ...config.imap, password });
    } catch (error) {
      throw new ChannelError(
        'IMAP_LOGIN_FAILED',
        `mailbox (IMAP ${config.imap.host}:${config.imap.port}): ${error instanceof Error ? error.message : String(error)}`,
        { retryable: false, cause: error },
      );
    }
    parts.push(`IMAP ${config.imap.user}/${config.imap.mailbox} ok`);
  } else if (smtpIn === null) {
    // Replies would work, but no mail can arrive: say so on the Channels screen instead of failing silently.
    parts.push(
      'no way to receive mail: set SMTP_PORT (and point the MX or a forward here) or add an IMAP mailbox',
    );
    return { ok: false, detail: parts.join(' · ') };
  }
  return { ok: true, detail: parts.join(' · ') };
}
