import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail as the sink received it: the SMTP envelope and the exact bytes. */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  /** Headers of `raw`, names lower-cased, folded lines joined (first value of each). */
  headers: Record<string, string>;
}

export interface MailSink {
  host: '127.0.0.1';
  port: number;
  mails: ReceivedMail[];
  /** Answer the next DATA commands with these SMTP replies instead of 250 (e.g. 451 greylisting, 550). */
  failNext(...replies: Array<{ code: number; message: string }>): void;
  /**
   * Keep the next `times` mails but never answer their DATA (the connection stays silent until the client
   * gives up): the sender cannot know the mail arrived.
   */
  loseAnswerNext(times?: number): void;
  /** Resolves when `count` mails have been received. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * "The internet" for outbound e-mail tests and the demo: a real SMTP server (smtp-server) on loopback
 * that records every mail with its envelope and can be told to refuse the next ones.
 */
export async function startMailSink(): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const failures: Array<{ code: number; message: string }> = [];
  let answersToLose = 0;
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    // Clients that keep a pooled connection open must not hold up close() for the default 30 s.
    closeTimeout: 200,
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sink' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const failure = failures.shift();
        if (failure)
          return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
        const raw = Buffer.concat(chunks);
        mails.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers: readHeaders(raw),
        });
        for (const w of waiters.splice(0)) w();
        if (answersToLose > 0) {
          answersToLose -= 1;
          return; // kept, never acknowledged
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    mails,
    failNext: (...replies) => failures.push(...replies),
    loseAnswerNext: (times = 1) => {
      answersToLose += times;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`mail sink: ${mails.length} of ${count} mails after ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (mails.length >= count) {
            clearTimeout(timer);
            resolve(mails.slice(0, count));
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readHeaders(raw: Buffer): Record<string, string> {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw
    .subarray(0, end === -1 ? raw.length : end)
    .toString('utf8')
    .replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers[name] ??= line.slice(i + 1).trim();
  }
  return headers;
}
