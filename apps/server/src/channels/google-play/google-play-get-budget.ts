const hourMs = 3_600_000;

/**
 * The reviews GETs of each account in a rolling hour, so polling stays under Google's 200 an hour per app
 * (the limit passed in leaves a margin). In memory, seeded from and saved to a cursor so a restart does
 * not forget what the last hour spent.
 *
 * @example if (!budget.take(accountId, Date.now(), 180)) return 'paused until GETs age out';
 */
export class GooglePlayGetBudget {
  private readonly log = new Map<number, number[]>();

  has(accountId: number): boolean {
    return this.log.has(accountId);
  }

  /** Seed an account's log (times in ms), e.g. from its cursor after a restart. */
  load(accountId: number, times: number[]): void {
    this.log.set(accountId, [...times]);
  }

  /** Takes one GET at `now` if fewer than `limit` were taken in the hour before; false otherwise. */
  take(accountId: number, now: number, limit: number): boolean {
    const recent = this.recent(accountId, now);
    if (recent.length >= limit) return false;
    recent.push(now);
    return true;
  }

  /** The GET times of the last hour (ms), oldest first. */
  recent(accountId: number, now: number): number[] {
    const recent = (this.log.get(accountId) ?? []).filter((t) => t > now - hourMs && t <= now + hourMs);
    this.log.set(accountId, recent);
    return recent;
  }

  forget(accountId: number): void {
    this.log.delete(accountId);
  }
}
