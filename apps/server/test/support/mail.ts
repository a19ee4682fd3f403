import { createTransport } from 'nodemailer';

/**
 * Hands a raw mail to the platform's SMTP receiver on 127.0.0.1:`smtpPort`, as a customer's mail server does:
 * exact bytes, explicit envelope (`from` may be empty, as for a bounce).
 */
export async function deliverMail(
  smtpPort: number,
  raw: string | Buffer,
  envelope: { from: string; to: string[] },
) {
  const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}
