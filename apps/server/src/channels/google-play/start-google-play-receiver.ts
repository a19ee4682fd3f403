import type { ChannelReceiver } from '../channel-adapter.ts';
import type { GoogleAccessTokens } from './google-access-tokens.ts';
import { GooglePlayGetBudget } from './google-play-get-budget.ts';
import {
  googlePlayCursors,
  pollGooglePlayReviews,
  type GooglePlayAccount,
  type GooglePlayPollOutcome,
  type GooglePlayReceiverEnv,
} from './poll-google-play-reviews.ts';

/** A running review poller: `pollNow` runs a round at once (tests, an admin's "check now"). */
export interface GooglePlayReceiver extends ChannelReceiver {
  /**
   * Polls every known account (or one) now, after any round in flight for it; resolves with the outcomes.
   * Accounts are those of the last `refresh` (or start).
   */
  pollNow(accountId?: number): Promise<Map<number, GooglePlayPollOutcome | null>>;
}

export interface GooglePlayReceiverOptions {
  /** `timers` (default): each account polls every `pollIntervalSeconds`. `manual`: only `pollNow`. */
  schedule?: 'timers' | 'manual';
  /** The access-token cache (default: the process-wide one). */
  tokens?: GoogleAccessTokens;
}

interface AccountLoop {
  id: number;
  timer: NodeJS.Timeout | null;
  /** The rounds of this account, chained so they never overlap. */
  chain: Promise<unknown>;
  busy: number;
}

const defaultIntervalMs = 300_000;

/**
 * Starts polling the reviews of every connected Google Play account (docs/channels.md: Google Play: no push). Each
 * account runs its own loop: a round (`pollGooglePlayReviews`) every `pollIntervalSeconds`, the first one
 * when the interval since the last complete scan has passed (so restarts do not spend extra quota).
 * `refresh` adds and drops accounts; `stop` clears the timers and waits for rounds in flight.
 *
 * @example const receiver = await startGooglePlayReceiver(env); …; await receiver.stop();
 */
export async function startGooglePlayReceiver(
  env: GooglePlayReceiverEnv,
  options: GooglePlayReceiverOptions = {},
): Promise<GooglePlayReceiver> {
  const schedule = options.schedule ?? 'timers';
  const loops = new Map<number, AccountLoop>();
  const budget = new GooglePlayGetBudget();
  /** Rounds not yet finished, also of accounts dropped meanwhile: `stop` waits for them. */
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const accountOf = (id: number): GooglePlayAccount | undefined => env.accounts().find((a) => a.id === id);

  function intervalOf(account: GooglePlayAccount | undefined): number {
    return account ? account.config.pollIntervalSeconds * 1000 : defaultIntervalMs;
  }

  function arm(loop: AccountLoop, delayMs: number): void {
    if (loop.timer) clearTimeout(loop.timer);
    loop.timer = null;
    if (stopped || schedule === 'manual' || loops.get(loop.id) !== loop) return;
    loop.timer = setTimeout(() => {
      loop.timer = null;
      // A round in flight re-arms the timer when it ends.
      if (loop.busy === 0) void round(loop);
    }, delayMs);
    loop.timer.unref();
  }

  function round(loop: AccountLoop): Promise<GooglePlayPollOutcome | null> {
    loop.busy += 1;
    const run = loop.chain.then(async () => {
      let interval = defaultIntervalMs;
      try {
        const account = accountOf(loop.id);
        interval = intervalOf(account);
        if (stopped || !account || loops.get(loop.id) !== loop) return null;
        const outcome = await pollGooglePlayReviews({
          env,
          account,
          budget,
          ...(options.tokens ? { tokens: options.tokens } : {}),
        });
        env.logger.debug({ accountId: loop.id, ...outcome }, 'google play reviews polled');
        return outcome;
      } catch (error) {
        env.logger.error({ accountId: loop.id, err: error }, 'google play review polling failed');
        return null;
      } finally {
        loop.busy -= 1;
        arm(loop, interval);
      }
    });
    loop.chain = run;
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  }

  async function sync(): Promise<void> {
    // Only the node that polls (one per cluster) keeps account loops.
    const current = new Map((env.pollsHere() ? env.accounts() : []).map((a) => [a.id, a]));
    for (const [id, loop] of loops) {
      if (current.has(id)) continue;
      if (loop.timer) clearTimeout(loop.timer);
      loops.delete(id);
      budget.forget(id);
    }
    for (const [id, account] of current) {
      if (loops.has(id)) continue;
      const loop: AccountLoop = { id, timer: null, chain: Promise.resolve(), busy: 0 };
      loops.set(id, loop);
      const interval = intervalOf(account);
      const last = Date.parse((await env.cursors.get(id, googlePlayCursors.lastCompletePollAt)) ?? '');
      const due = Number.isFinite(last) ? last + interval - env.clock.now().getTime() : 0;
      arm(loop, Math.min(Math.max(due, 0), interval));
    }
  }

  await sync();
  return {
    async refresh() {
      if (!stopped) await sync();
    },
    async stop() {
      stopped = true;
      for (const loop of loops.values()) if (loop.timer) clearTimeout(loop.timer);
      await Promise.all([...inFlight]);
    },
    async pollNow(accountId) {
      const chosen = [...loops.values()].filter((l) => accountId === undefined || l.id === accountId);
      const outcomes = await Promise.all(chosen.map(async (l) => [l.id, await round(l)] as const));
      return new Map(outcomes);
    },
  };
}
