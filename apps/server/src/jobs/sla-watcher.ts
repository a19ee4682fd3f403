import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { WorkerLoop } from '../lib/worker-loop.ts';
import { routeAtOpening, type OpeningDeps } from '../modules/business-hours/route-at-opening.ts';
import { overflowWaitingCases } from '../modules/sla/overflow.ts';
import { sweepSla } from '../modules/sla/sla-sweep.ts';

export type SlaWatcherDeps = OpeningDeps & { clock: Clock; logger: Logger };

/** What one pass did. */
export interface SlaWatcherRound {
  /** Cases assigned because their entry point opened. */
  opened: number;
  /** Cases moved to their overflow queue. */
  overflowed: number;
  /** Cases whose SLA state or events changed (warnings, breaches, escalations). */
  checked: number;
}

/**
 * The periodic time rules of docs/routing.md, on one loop: cases held by closed business hours are routed
 * at the opening, waiting cases overflow to their backup queue, and SLA clocks warn, breach and escalate.
 * `runOnce(now)` is one pass at an instant (tests drive it under a fake clock); `start` runs it on a poll.
 */
export class SlaWatcher {
  private readonly loop: WorkerLoop;
  private runsHere: () => boolean = () => true;

  constructor(private readonly deps: SlaWatcherDeps) {
    this.loop = new WorkerLoop({
      name: 'SLA watcher',
      logger: deps.logger,
      round: async () => {
        if (!this.runsHere()) return 0;
        const r = await this.runOnce(deps.clock.now());
        return r.opened + r.overflowed + r.checked;
      },
      more: () => false,
    });
  }

  async runOnce(now: Date): Promise<SlaWatcherRound> {
    const opened = await routeAtOpening(this.deps, now);
    const overflowed = await overflowWaitingCases(this.deps, now);
    const checked = await sweepSla(this.deps, now);
    return { opened, overflowed, checked };
  }

  /** `runsHere`: whether this node runs the passes (one node of a cluster does: no double warnings). */
  start(pollMs = 15_000, runsHere: () => boolean = () => true): void {
    this.runsHere = runsHere;
    this.loop.start(pollMs);
  }

  stop(): void {
    this.loop.stop();
  }
}
