import type { ImapFlow, ImapFlowError, SearchObject } from 'imapflow';
import { z } from 'zod';
import type { Logger } from '../../lib/logger.ts';

export interface ImapMailboxOptions {
  host: string;
  port: number;
  /** TLS from the first byte (993); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** The mailbox to read, e.g. `INBOX`. It is opened read-only: no flags are set, nothing is deleted. */
  mailbox: string;
  /** The first sync of an unknown mailbox (or after its UIDVALIDITY changed) reads only mail since this date. */
  initialSyncSince: Date;
  logger: Logger;
  /** The persisted position (see {@link ImapCursor}); `get` resolves to null when never synced. */
  cursor: { get(): Promise<string | null>; set(value: string): Promise<void> };
  /**
   * Stores one raw mail durably; resolves after commit. The cursor moves past a mail only after this
   * resolved. A mail may be handed over twice (after a reconnect or a UIDVALIDITY change): the store
   * dedupes. A rejection makes the reader reconnect and hand the same mail over again, never skip it.
   */
  accept(raw: Buffer): Promise<void>;
  /** First reconnect delay after a failure, doubled on each further failure up to 60 s. Default 2 s. */
  reconnectMs?: number;
  /** IDLE is ended and re-issued after this long (RFC 2177: before 29 min). Default 10 min. */
  maxIdleMs?: number;
}

/** What the cursor string holds: the mailbox's UIDVALIDITY (a 32-bit number, kept as a string) and the last UID read. */
export const ImapCursor = z.object({
  uidValidity: z.string().regex(/^\d+$/),
  lastUid: z.number().int().min(0),
});
export type ImapCursor = z.infer<typeof ImapCursor>;

const maxReconnectMs = 60_000;
/** How long the connection stays quiet after a sync before IDLE starts (imapflow's auto-IDLE). */
const autoIdleDelayMs = 500;

interface Session {
  client: ImapFlow;
  ended: boolean;
  /** The running sync loop (never rejects), null when none runs. */
  running: Promise<void> | null;
  /** New mail was announced while a sync ran: run once more. */
  again: boolean;
}

/**
 * Reads one IMAP mailbox with IDLE and hands every new mail to `accept`, in UID order, at least once.
 *
 * The position `(UIDVALIDITY, last UID)` lives in `cursor`. On (re)connect the reader catches up from it;
 * when the cursor is empty or the mailbox's UIDVALIDITY changed (the mailbox was recreated, every UID
 * is void) it reads the mails since `initialSyncSince` again: the store dedupes them by Message-ID.
 * Then it IDLEs and fetches on every EXISTS; fetch runs never overlap. Errors and closed connections
 * lead to a reconnect with exponential backoff, forever, until `stop()`.
 *
 * @example
 * const reader = new ImapMailboxReader({
 *   host: 'imap.example.com', port: 993, secure: true, user: 'support@example.com', password,
 *   mailbox: 'INBOX', initialSyncSince: new Date(Date.now() - 7 * 86_400_000), logger,
 *   cursor: { get: () => cursors.get(id, 'imap:INBOX'), set: (v) => cursors.set(id, 'imap:INBOX', v) },
 *   accept: (raw) => store.acceptMail(id, raw),
 * });
 * reader.start();
 * // later: await reader.stop();
 */
export class ImapMailboxReader {
  private readonly options: ImapMailboxOptions;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private session: Session | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private error: string | null = null;
  private caughtUp = deferred();

  constructor(options: ImapMailboxOptions) {
    this.options = options;
  }

  /** Connects, catches up, then IDLEs; reconnects with backoff after any failure until `stop()`. */
  start(): void {
    if (this.state === 'running') return;
    this.state = 'running';
    if (this.caughtUp.settled) this.caughtUp = deferred();
    this.connect();
  }

  /** Logs out and stops reconnecting. Resolves once no `accept` call is running any more. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const session = this.session;
    this.session = null;
    if (!session) return;
    session.ended = true;
    try {
      if (session.client.usable) await session.client.logout();
    } catch {
      // the connection is going away either way
    } finally {
      session.client.close();
    }
    await session.running;
  }

  /** Resolves when the reader has caught up at least once since the last (re)connect. */
  idle(): Promise<void> {
    return this.caughtUp.promise;
  }

  /** Why the last connection or sync failed (wrong password, server unreachable, …); null once caught up again. */
  lastError(): string | null {
    return this.error;
  }

  /** imapflow is loaded with the first mailbox read, not at start-up. */
  private connect(): void {
    import('imapflow').then(
      ({ ImapFlow: Client }) => {
        if (this.state === 'running' && !this.session) this.open(Client);
      },
      (error: unknown) => this.options.logger.error({ err: error }, 'imapflow could not be loaded'),
    );
  }

  private open(Client: typeof ImapFlow): void {
    const { host, port, secure, user, password, maxIdleMs } = this.options;
    const client = new Client({
      host,
      port,
      secure,
      auth: { user, pass: password },
      logger: false,
      autoIdleDelay: autoIdleDelayMs,
      maxIdleTime: maxIdleMs ?? 10 * 60_000,
    });
    const session: Session = { client, ended: false, running: null, again: false };
    this.session = session;
    let connected = false;
    // listeners stay attached after the end: imapflow may still emit, and an unheard 'error' would throw
    client.on('error', (error) => this.end(session, error));
    // before connect() resolved, its rejection says why (e.g. authentication failed), not the close
    client.on('close', () => {
      if (!connected) return;
      const why = client.byeReason
        ? `the IMAP server closed the connection: ${client.byeReason}`
        : `the connection to ${host}:${port} was closed`;
      this.end(session, new Error(why));
    });
    client.on('exists', () => void this.sync(session));
    void (async () => {
      try {
        await client.connect();
        connected = true;
        await this.sync(session);
        if (session.ended) return;
        this.failures = 0;
        this.error = null;
        this.caughtUp.resolve();
        this.options.logger.debug({ mailbox: this.options.mailbox }, 'imap mailbox caught up, idling');
      } catch (error) {
        this.end(session, error);
      }
    })();
  }

  /** Runs a sync now, or once more after the running one; resolves when done (never rejects). */
  private sync(session: Session): Promise<void> {
    if (session.ended) return Promise.resolve();
    if (session.running) {
      session.again = true;
      return session.running;
    }
    const loop = async () => {
      try {
        do {
          session.again = false;
          await this.readNewMail(session);
        } while (session.again && !session.ended);
      } catch (error) {
        this.end(session, error);
      } finally {
        session.running = null;
      }
    };
    session.running = loop();
    return session.running;
  }

  /** One fetch run: every mail after the cursor (or since the cutoff on a new UIDVALIDITY), in UID order. */
  private async readNewMail(session: Session): Promise<void> {
    const { client } = session;
    const { mailbox, cursor, logger, initialSyncSince } = this.options;
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      if (!client.mailbox) throw new Error(`mailbox ${mailbox} is not open`);
      const uidValidity = client.mailbox.uidValidity.toString();
      const uidNext = client.mailbox.uidNext;
      const saved = parseCursor(await cursor.get(), logger);
      const resync = saved?.uidValidity !== uidValidity;
      const after = resync ? 0 : saved.lastUid;
      if (resync) {
        logger.info(
          { mailbox, uidValidity, previousUidValidity: saved?.uidValidity ?? null, since: initialSyncSince },
          saved ? 'imap UIDVALIDITY changed: reading the mailbox again since the cutoff' : 'imap first sync',
        );
      }
      const query: SearchObject = resync ? { since: initialSyncSince } : { uid: `${after + 1}:*` };
      const found = await client.search(query, { uid: true });
      if (!Array.isArray(found)) throw new Error(`the IMAP server refused to search ${mailbox}`);
      // `n:*` also matches the highest UID when it is below n
      const uids = found.filter((uid) => uid > after).sort((a, b) => a - b);
      let lastUid = after;
      for (const uid of uids) {
        if (session.ended) return;
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        // false: expunged since the search, nothing left to read
        if (message && message.source) {
          try {
            await this.options.accept(message.source);
          } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            throw new Error(`storing mail UID ${uid} of ${mailbox} failed, will retry: ${why}`, {
              cause: error,
            });
          }
        }
        lastUid = uid;
        await cursor.set(encodeCursor({ uidValidity, lastUid }));
      }
      // A resync passes over the mails before the cutoff: remember that, also when none was read.
      if (resync && !session.ended && (uids.length === 0 || uidNext - 1 > lastUid)) {
        await cursor.set(encodeCursor({ uidValidity, lastUid: Math.max(lastUid, uidNext - 1) }));
      }
      if (uids.length > 0) logger.debug({ mailbox, count: uids.length, lastUid }, 'imap mails read');
    } finally {
      lock.release();
    }
  }

  private end(session: Session, error: unknown): void {
    if (session.ended) return;
    session.ended = true;
    session.client.close();
    if (this.session === session) this.session = null;
    if (this.state !== 'running') return;
    this.error = describeImapError(error, this.options);
    this.failures += 1;
    if (this.caughtUp.settled) this.caughtUp = deferred();
    const base = this.options.reconnectMs ?? 2000;
    // ±20 % so that many readers of one server do not all come back in the same instant
    const delay = Math.round(
      Math.min(base * 2 ** (this.failures - 1), maxReconnectMs) * (0.8 + Math.random() * 0.4),
    );
    this.options.logger.warn(
      { mailbox: this.options.mailbox, error: this.error, failures: this.failures, retryInMs: delay },
      'imap mailbox reader failed: reconnecting',
    );
    // A fetch run of the old connection may still be inside `accept`: the next one starts after it.
    const previous = session.running ?? Promise.resolve();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void previous.then(() => {
        if (this.state === 'running' && !this.session && !this.retryTimer) this.connect();
      });
    }, delay);
  }
}

/**
 * Logs in and opens the mailbox once, for the admin's "connect" button. Throws an Error whose message
 * says what is wrong: authentication failed, the server cannot be reached, or the mailbox is missing.
 *
 * @example
 * await checkImapLogin({ host: 'imap.example.com', port: 993, secure: true, user, password, mailbox: 'INBOX' });
 */
export async function checkImapLogin(
  options: Pick<ImapMailboxOptions, 'host' | 'port' | 'secure' | 'user' | 'password' | 'mailbox'>,
): Promise<void> {
  const { ImapFlow: Client } = await import('imapflow');
  const client = new Client({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: { user: options.user, pass: options.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  // a failure after connect() is also raised by the pending command; this listener only keeps it from throwing
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.mailboxOpen(options.mailbox, { readOnly: true });
    await client.logout();
  } catch (error) {
    throw new Error(describeImapError(error, options), { cause: error });
  } finally {
    client.close();
  }
}

function parseCursor(value: string | null, logger: Logger): ImapCursor | null {
  if (value === null) return null;
  try {
    return ImapCursor.parse(JSON.parse(value));
  } catch (error) {
    logger.warn({ err: error }, 'imap cursor unreadable: reading the mailbox again since the cutoff');
    return null;
  }
}

function encodeCursor(cursor: ImapCursor): string {
  return JSON.stringify(cursor);
}

/** A message an admin can act on, for `lastError()` and the "connect" check. */
function describeImapError(
  error: unknown,
  options: Pick<ImapMailboxOptions, 'host' | 'port' | 'user' | 'mailbox'>,
): string {
  if (!(error instanceof Error)) return String(error);
  const e: ImapFlowError = error;
  const server = `${options.host}:${options.port}`;
  const said = e.responseText ?? (typeof e.response === 'string' ? e.response : undefined);
  if (e.authenticationFailed) {
    return `authentication failed: the IMAP server rejected user "${options.user}" or its password${said ? ` (${said})` : ''}`;
  }
  if (e.mailboxMissing) return `mailbox "${options.mailbox}" does not exist on ${server}`;
  if (e.tlsFailed)
    return `cannot connect to ${server}: TLS failed (${e.message}); check the port and the TLS setting`;
  const code = e.code ?? '';
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(code)
  ) {
    return `cannot connect to ${server} (${code}); check the host and port`;
  }
  if (['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ETIMEDOUT', 'ETIMEOUT', 'UPGRADE_TIMEOUT'].includes(code)) {
    return `cannot connect to ${server}: timed out (${code}); check the host, port and TLS setting`;
  }
  if (e.responseStatus && e.command) return `the IMAP server refused ${e.command}: ${said ?? e.message}`;
  return e.message;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  settled: boolean;
}

function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  const d: Deferred = {
    promise,
    settled: false,
    resolve() {
      d.settled = true;
      resolve();
    },
  };
  return d;
}
