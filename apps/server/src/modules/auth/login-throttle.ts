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
  /** Accounts tracked at once (the oldest are forgotten first); bounds memory under a spray of e-mails. */
  maxAccounts: number;
}

const defaultPolicy: LoginThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxAccounts: 10_000,
};

interface AccountState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
  /** Addresses this account logged in from successfully: they are not held by the account's back-off. */
  knownAddresses: Set<string>;
}

const maxKnownAddresses = 10;

/**
 * Per-account login throttling across client addresses, with exponential back-off (not a permanent lock):
 * after `freeFailures` wrong passwords for one e-mail, from wherever they come, each further attempt must
 * wait 1 s, 2 s, 4 s … up to `maxDelayMs`. The account's own known addresses (where it logged in before)
 * are not held back, so an attacker spraying guesses does not lock the real user out; those addresses are
 * still subject to the per-address limit. Kept in memory per node.
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: LoginThrottlePolicy = defaultPolicy,
  ) {}

  /** Milliseconds until `account` may be tried from `address` again; 0 when it may be tried now. */
  retryAfterMs(account: string, address: string): number {
    const state = this.current(account);
    if (!state || state.knownAddresses.has(address)) return 0;
    return Math.max(0, state.blockedUntil - this.clock.now().getTime());
  }

  /** Records a wrong password (or unknown e-mail) for `account`. */
  failed(account: string): void {
    const now = this.clock.now().getTime();
    const state = this.current(account) ?? {
      failures: 0,
      lastFailureAt: now,
      blockedUntil: 0,
      knownAddresses: new Set<string>(),
    };
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
    const state = this.accounts.get(account);
    const known = state?.knownAddresses ?? new Set<string>();
    known.delete(address);
    known.add(address);
    if (known.size > maxKnownAddresses) known.delete(known.values().next().value ?? address);
    this.remember(account, { failures: 0, lastFailureAt: 0, blockedUntil: 0, knownAddresses: known });
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
    while (this.accounts.size > this.policy.maxAccounts) {
      const oldest = this.accounts.keys().next().value;
      if (oldest === undefined) break;
      this.accounts.delete(oldest);
    }
  }
}
