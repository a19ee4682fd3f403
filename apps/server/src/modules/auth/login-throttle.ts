import type { Clock } from '../../lib/clock.ts';

export interface LoginThrottlePolicy {
  /** Wrong passwords for one account (from any address) before the back-off starts. */
  freeFailures: number;
  /** The first wait; each further wrong password doubles it. */
  baseDelayMs: number;
  /** The longest wait: an attacker gets one guess per this time, and a real user is never locked longer. */
  maxDelayMs: number;
  /** A quiet account (no wrong password for this long) starts again from zero. */
  forgetAfterMs: number;
  /**
   * Accounts tracked at once; bounds memory under a spray of made-up e-mails. The oldest accounts that are not
   * held back are forgotten first, so a spray cannot wipe the back-off of the account it targets.
   */
  maxAccounts: number;
  /** Wrong passwords one client address may send per minute, whatever the e-mails (then 429 for a minute). */
  maxFailuresPerAddressPerMinute: number;
}

const defaultPolicy: LoginThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxAccounts: 10_000,
  maxFailuresPerAddressPerMinute: 60,
};

interface AccountState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

const maxKnownAddresses = 10;
/** How many of the oldest accounts are looked at for one that may be forgotten. */
const evictionScan = 256;

/**
 * Per-account login throttling across client addresses, with exponential back-off (not a permanent lock):
 * after `freeFailures` wrong passwords for one e-mail, from wherever they come, each further attempt must
 * wait 1 s, 2 s, 4 s … up to `maxDelayMs`. The account's own known addresses (where it logged in before)
 * are not held back, so an attacker spraying guesses does not lock the real user out; those addresses are
 * still subject to the per-address limit. Kept in memory per node.
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();
  /**
   * Addresses each account logged in from successfully: they are not held by the account's back-off. Kept
   * apart from the failure counts, so failures (of any number of e-mails) never push them out; only successful
   * logins add to it, so it is bounded by the real accounts.
   */
  private readonly known = new Map<string, Set<string>>();
  /** Wrong passwords per client address in the current minute. */
  private readonly addresses = new Map<string, { windowStart: number; failures: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: LoginThrottlePolicy = defaultPolicy,
  ) {}

  /** Milliseconds until `account` may be tried from `address` again; 0 when it may be tried now. */
  retryAfterMs(account: string, address: string): number {
    const now = this.clock.now().getTime();
    const byAddress = this.addresses.get(address);
    const addressWait =
      byAddress &&
      now - byAddress.windowStart < 60_000 &&
      byAddress.failures >= this.policy.maxFailuresPerAddressPerMinute
        ? byAddress.windowStart + 60_000 - now
        : 0;
    const state = this.current(account);
    if (!state || this.known.get(account)?.has(address)) return addressWait;
    return Math.max(addressWait, state.blockedUntil - now);
  }

  /** Records a wrong password (or unknown e-mail) for `account` from `address`. */
  failed(account: string, address = ''): void {
    const now = this.clock.now().getTime();
    this.countAddressFailure(address, now);
    const state = this.current(account) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    state.failures += 1;
    state.lastFailureAt = now;
    const over = state.failures - this.policy.freeFailures;
    if (over > 0) {
      const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
      state.blockedUntil = now + delay;
    }
    this.remember(account, state);
  }

  /** Records a successful login: the back-off ends and `address` becomes known for the account. */
  succeeded(account: string, address: string): void {
    const known = this.known.get(account) ?? new Set<string>();
    known.delete(address);
    known.add(address);
    if (known.size > maxKnownAddresses) known.delete(known.values().next().value ?? address);
    this.known.delete(account);
    this.known.set(account, known);
    if (this.known.size > this.policy.maxAccounts)
      this.known.delete(this.known.keys().next().value ?? account);
    this.accounts.delete(account);
  }

  private countAddressFailure(address: string, now: number): void {
    const entry = this.addresses.get(address);
    if (entry && now - entry.windowStart < 60_000) {
      entry.failures += 1;
      return;
    }
    this.addresses.delete(address);
    this.addresses.set(address, { windowStart: now, failures: 1 });
    while (this.addresses.size > this.policy.maxAccounts) {
      const oldest = this.addresses.keys().next().value;
      if (oldest === undefined) break;
      this.addresses.delete(oldest);
    }
  }

  private current(account: string): AccountState | undefined {
    const state = this.accounts.get(account);
    if (!state) return undefined;
    if (state.failures > 0 && this.clock.now().getTime() - state.lastFailureAt > this.policy.forgetAfterMs) {
      state.failures = 0;
      state.blockedUntil = 0;
    }
    return state;
  }

  private remember(account: string, state: AccountState): void {
    this.accounts.delete(account); // re-insert: the Map's order is then least recently used first
    this.accounts.set(account, state);
    if (this.accounts.size <= this.policy.maxAccounts) return;
    // Forget the oldest account that is not held back; only when the oldest ones all are, the very oldest.
    const now = this.clock.now().getTime();
    let scanned = 0;
    for (const [name, candidate] of this.accounts) {
      if (scanned++ >= evictionScan) break;
      if (candidate.blockedUntil <= now) {
        this.accounts.delete(name);
        return;
      }
    }
    const oldest = this.accounts.keys().next().value;
    if (oldest !== undefined) this.accounts.delete(oldest);
  }
}
