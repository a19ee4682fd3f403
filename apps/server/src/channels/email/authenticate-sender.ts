import { authenticate } from 'mailauth';
import type { SenderCheck } from '../channel-adapter.ts';

/**
 * A DNS lookup as mailauth makes it (`dns.promises.resolve` shape): TXT records come back as arrays of
 * chunks. Throwing an error with `code` `ENOTFOUND` or `ENODATA` means "no such record"; any other error is
 * a lookup failure (the sender is then left unattested).
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/** How a timed-out check's detail begins (the breaker of `createSenderChecker` looks for it). */
const timeoutDetail = 'sender check took longer than';

export interface SenderAuthenticationOptions {
  resolver: DnsResolver;
  /** The whole check (every lookup) must finish within this many milliseconds, else it counts as failed. */
  timeoutMs: number;
}

/**
 * Whether the mail's `From` address is proven to be the sender's: DMARC passes on a DKIM signature aligned
 * with the `From` domain (mailauth verifies the signatures over the raw bytes and reads the domain's DMARC
 * record). SPF is not enough: an IMAP mailbox does not tell us the IP address the mail came from, and a
 * forwarder breaks it anyway, while a DKIM signature travels with the bytes. `sender` is the address the
 * core would use for the customer: a `Reply-To` or a list author is never what DMARC proved, so only a
 * sender equal to the single `From` address can pass.
 *
 * Fails closed: a DNS error, a timeout or anything unexpected is `error` (unattested, never thrown), so the
 * mail is still stored.
 *
 * @example await authenticateSender(raw, 'ann@example.ru', { resolver, timeoutMs: 5000 }) // { method: 'dmarc', result: 'attested', detail: 'dkim d=example.ru' }
 */
export async function authenticateSender(
  raw: Buffer,
  sender: string,
  options: SenderAuthenticationOptions,
): Promise<SenderCheck> {
  const deadline = new AbortController();
  // After the deadline every further lookup fails at once, so the abandoned check ends quickly.
  const resolver: DnsResolver = (name, rrtype) =>
    deadline.signal.aborted
      ? Promise.reject(new Error('sender check timed out'))
      : options.resolver(name, rrtype);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      reject(new Error(`${timeoutDetail} ${options.timeoutMs} ms`));
    }, options.timeoutMs);
  });
  try {
    const checking = authenticate(raw, {
      resolver,
      // No client IP: SPF cannot be evaluated (and must not count); ARC and BIMI are not our business.
      disableArc: true,
      disableBimi: true,
      mta: 'frontline',
    });
    checking.catch(() => undefined);
    const result = await Promise.race([checking, timeout]);
    return verdictOf(result, sender);
  } catch (error) {
    return {
      method: 'dmarc',
      result: 'error',
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** How long checks are skipped after one ran out of time: DNS that does not answer is not asked per mail. */
const pauseAfterTimeoutMs = 30_000;

/**
 * `authenticateSender` with a breaker per channel account: after a check of an account's mail ran out of
 * time, that account's checks of the next 30 s are not run and end as `error` at once (unattested), so a
 * dead resolver costs one timeout per half minute instead of one per mail while the inbound processor
 * works through a backlog. The pause is the checker's own (one checker per adapter, one adapter per
 * server instance) and per account: one mailbox's slow sender domain does not leave another mailbox's
 * senders unattested, and nothing carries over between server instances of one process.
 *
 * @example const check = createSenderChecker({ resolver, timeoutMs: 8000 }); await check(3, raw, 'ann@example.ru')
 */
export function createSenderChecker(
  options: SenderAuthenticationOptions & { now?: () => number },
): (channelAccountId: number, raw: Buffer, sender: string) => Promise<SenderCheck> {
  const now = options.now ?? (() => performance.now());
  const pausedUntil = new Map<number, number>();
  return async (channelAccountId, raw, sender) => {
    const until = pausedUntil.get(channelAccountId);
    if (until !== undefined && now() < until) {
      return {
        method: 'dmarc',
        result: 'error',
        detail: 'not checked: a check timed out less than 30 s ago',
      };
    }
    pausedUntil.delete(channelAccountId);
    const check = await authenticateSender(raw, sender, options);
    if (check.result === 'error' && check.detail.startsWith(timeoutDetail))
      pausedUntil.set(channelAccountId, now() + pauseAfterTimeoutMs);
    return check;
  };
}

type AuthenticateResult = Awaited<ReturnType<typeof authenticate>>;

function verdictOf(result: AuthenticateResult, sender: string): SenderCheck {
  const unattested = (detail: string): SenderCheck => ({ method: 'dmarc', result: 'unattested', detail });
  const dkim = result.dkim.results ?? [];
  const lookupFailed = dkim.find((r) => r.status.result === 'temperror');
  const dmarc = result.dmarc;
  if (dmarc && dmarc.status.result === 'temperror') {
    return { method: 'dmarc', result: 'error', detail: `DMARC lookup failed: ${dmarc.error ?? dmarc.info}` };
  }
  const from = result.dkim.headerFrom ?? [];
  if (from.length !== 1) return unattested(`${from.length} From addresses`);
  if (from[0]?.toLowerCase() !== sender.toLowerCase())
    return unattested('the sender is not the From address');
  if (!dmarc) return unattested('no DMARC result');
  if (dmarc.status.result !== 'pass') {
    if (lookupFailed) {
      return { method: 'dmarc', result: 'error', detail: `DKIM key lookup failed: ${lookupFailed.info}` };
    }
    return unattested(dmarc.info);
  }
  // A DMARC pass on SPF alone proves nothing here (no client IP): the aligned DKIM domain must be there.
  const aligned = dmarc.alignment?.dkim?.result;
  if (!aligned) return unattested('DMARC passed without an aligned DKIM signature');
  return { method: 'dmarc', result: 'attested', detail: `dkim d=${aligned}` };
}
