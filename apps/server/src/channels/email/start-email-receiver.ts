import type { ChannelReceiver } from '../channel-adapter.ts';
import type { EmailAccount, EmailReceiverEnv } from './email-account.ts';
import { emailEventKey } from './email-event-key.ts';
import { ImapMailboxReader } from './read-imap-mailbox.ts';
import { setSmtpReception } from './email-reception.ts';
import { closeAllSmtpTransports } from './send-email.ts';
import { startSmtpReceiver } from './start-smtp-receiver.ts';

/**
 * The e-mail channels' receiver: the platform's SMTP server (when `SMTP_PORT` is set) for every e-mail
 * account, and one IMAP IDLE reader per account that has a mailbox configured. `refresh` restarts the
 * readers whose settings changed and stops those of disconnected accounts.
 */
export async function startEmailReceiver(env: EmailReceiverEnv): Promise<ChannelReceiver> {
  const accounts = () => env.accounts();
  const smtp =
    env.settings.smtpPort !== undefined
      ? await startSmtpReceiver(env, accounts, env.settings.smtpPort)
      : null;
  setSmtpReception(env.settings.smtpPort ?? null);
  const readers = new Map<number, { settings: string; reader: ImapMailboxReader }>();

  const refresh = async () => {
    const wanted = new Map(
      (env.pollsHere() ? accounts() : [])
        .filter((a) => a.config.imap && a.secrets.imapPassword)
        .map((a) => [a.id, a] as const),
    );
    for (const [id, running] of readers) {
      const next = wanted.get(id);
      if (!next || settingsOf(next) !== running.settings) {
        readers.delete(id);
        await running.reader.stop();
      }
    }
    for (const [id, account] of wanted) {
      if (readers.has(id)) continue;
      const imap = account.config.imap;
      const password = account.secrets.imapPassword;
      if (!imap || !password) continue;
      const cursorName = `imap:${imap.mailbox}`;
      const reader = new ImapMailboxReader({
        host: imap.host,
        port: imap.port,
        secure: imap.secure,
        user: imap.user,
        password,
        mailbox: imap.mailbox,
        initialSyncSince: new Date(env.clock.now().getTime() - imap.initialSyncDays * 86_400_000),
        logger: env.logger.child({ channelAccountId: id }),
        cursor: {
          get: () => env.cursors.get(id, cursorName),
          set: (value) => env.cursors.set(id, cursorName, value),
        },
        accept: (raw) => env.accept(id, emailEventKey(raw), raw),
      });
      readers.set(id, { settings: settingsOf(account), reader });
      reader.start();
    }
  };
  await refresh();
  return {
    refresh,
    async stop() {
      await Promise.all([...readers.values()].map((r) => r.reader.stop()));
      readers.clear();
      await smtp?.close();
      setSmtpReception(null);
      closeAllSmtpTransports();
    },
  };
}

function settingsOf(account: EmailAccount): string {
  return JSON.stringify([account.config.imap, account.secrets.imapPassword]);
}
