import type { ChannelAccountContext, ReceiverEnv } from '../channel-adapter.ts';
import type { EmailConfig } from './email-config.ts';
import type { EmailSecrets } from './email-secrets.ts';
import type { EmailSettings } from './email-settings.ts';

/** A connected e-mail account as the e-mail code sees it: its config and secrets parsed. */
export type EmailAccount = ChannelAccountContext<EmailConfig, EmailSecrets>;

/** What the e-mail receiver gets from the core: the e-mail accounts and the e-mail settings only. */
export type EmailReceiverEnv = ReceiverEnv<EmailConfig, EmailSecrets, EmailSettings>;
