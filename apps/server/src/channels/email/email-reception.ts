/**
 * How mail reaches this process, as the e-mail receiver started it: the port of the platform's SMTP
 * receiving server, or null when `SMTP_PORT` is not set. Health checks say so, because an e-mail channel
 * with neither that server nor an IMAP mailbox would silently receive nothing.
 */
let smtpPort: number | null = null;

export function setSmtpReception(port: number | null): void {
  smtpPort = port;
}

export function smtpReception(): number | null {
  return smtpPort;
}
