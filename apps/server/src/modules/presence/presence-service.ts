import type { Operator, PresenceRequest, PresenceState } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { OperatorRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { drainForOperator } from '../cases/drain-queue.ts';
import { operatorAudience } from '../events/case-audience.ts';
import type { RoutingSettingsStore } from '../settings/routing-settings.ts';
import { toOperator } from '../views.ts';
import { returnCases, type ReturnedCases } from './return-cases.ts';
import { socketMarkedSomewhere } from './socket-marks.ts';
import { writePresence, type OfflineCause, type PresenceChange } from './write-presence.ts';

/** What presence needs: the store, the clock, the routing settings, and what routing and events use. */
export interface PresenceDeps extends Pick<CaseDeps, 'router' | 'channels' | 'events'> {
  store: Store;
  clock: Clock;
  settings: Pick<RoutingSettingsStore, 'read'>;
}

/**
 * Operator presence (docs/routing.md, "Presence"): online, away with a break reason, offline. Every change
 * is a `presence_log` period and an `operator.updated` event to the operator. Going online hands waiting
 * cases to the operator; going offline (by hand, on logout, when the connection is lost) returns their
 * unstarted cases to the queue; a shift end returns all their open cases.
 */
export class PresenceService {
  constructor(private readonly deps: PresenceDeps) {}

  /** The operator's presence and the break reasons they may choose from. */
  async state(operatorId: number): Promise<PresenceState> {
    const row = await this.deps.store.db
      .selectFrom('operators')
      .select(['presence', 'presence_reason', 'presence_since'])
      .where('id', '=', operatorId)
      .executeTakeFirst();
    if (!row) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorId} not found`);
    const { breakReasons } = await this.deps.settings.read();
    return {
      presence: row.presence,
      reason: row.presence_reason,
      since: row.presence_since,
      breakReasons,
    };
  }

  /** The operator's own choice; a break reason must be one of the settings' `breakReasons`. */
  async set(operatorId: number, request: PresenceRequest): Promise<Operator> {
    const reason = request.presence === 'away' ? (request.reason ?? null) : null;
    if (reason !== null) {
      const { breakReasons } = await this.deps.settings.read();
      if (!breakReasons.includes(reason))
        throw new AppError('PRESENCE_REASON_UNKNOWN', `"${reason}" is not one of the break reasons`, {
          details: { breakReasons },
        });
    }
    return this.deps.store.write(async (tx) => {
      const result = await this.change(tx, operatorId, { presence: request.presence, reason });
      return result.operator;
    });
  }

  /** Ends the operator's shift: offline, and every open case of theirs goes back to its queue. */
  async endShift(operatorId: number): Promise<{ operator: Operator; returnedCaseIds: number[] }> {
    return this.deps.store.write(async (tx) => {
      const result = await this.change(
        tx,
        operatorId,
        { presence: 'offline', reason: 'shift_end' },
        { returning: 'all' },
      );
      return { operator: result.operator, returnedCaseIds: result.returnedCaseIds };
    });
  }

  /** Sets the operator offline for `cause` (logout, disabled); their unstarted cases go back. */
  async goOffline(operatorId: number, cause: OfflineCause): Promise<void> {
    await this.deps.store.write((tx) => this.goOfflineWithin(tx, operatorId, cause));
  }

  /** `goOffline` in the caller's transaction (an admin disabling the operator). */
  async goOfflineWithin(tx: Tx, operatorId: number, cause: OfflineCause): Promise<OperatorRow | undefined> {
    return (await this.change(tx, operatorId, { presence: 'offline', reason: cause })).row;
  }

  /**
   * The operator's last socket on this node closed at `lostAt` and the grace has passed: offline, unless
   * another node still holds a socket of theirs, or their presence changed after `lostAt` (they chose one
   * again, or are offline already). True when set.
   */
  async offlineAfterGrace(operatorId: number, lostAt: string): Promise<boolean> {
    return this.deps.store.write(async (tx) => {
      // Another node still holds a socket of theirs (PostgreSQL): they are connected.
      if (await socketMarkedSomewhere(tx, this.deps.store.dialect, operatorId)) return false;
      const result = await this.change(
        tx,
        operatorId,
        { presence: 'offline', reason: 'connection_lost' },
        { unchangedSince: lostAt },
      );
      return result.changed;
    });
  }

  /** The grace before a lost connection sets an operator offline, in milliseconds (routing settings). */
  async graceMs(): Promise<number> {
    return (await this.deps.settings.read()).presenceGraceSeconds * 1000;
  }

  private async change(
    tx: Tx,
    operatorId: number,
    change: PresenceChange,
    options: { unchangedSince?: string; returning?: ReturnedCases } = {},
  ) {
    const now = this.deps.clock.now().toISOString();
    const written = await writePresence(tx, operatorId, change, now, options);
    if (!written) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorId} not found`);
    const { row, changed } = written;
    const queueIds = await tx.db
      .selectFrom('operator_queues')
      .select('queue_id')
      .where('operator_id', '=', operatorId)
      .orderBy('queue_id')
      .execute();
    const operator = toOperator(
      row,
      queueIds.map((q) => q.queue_id),
    );
    if (changed)
      await this.deps.events.toOperators(
        tx,
        { type: 'operator.updated', operator },
        operatorAudience(operatorId),
      );
    let returnedCaseIds: number[] = [];
    // A shift end returns the cases even when the operator was offline already.
    const returning = options.returning ?? (changed && change.presence === 'offline' ? 'unstarted' : null);
    if (returning) returnedCaseIds = await returnCases(this.deps, tx, operatorId, returning, now);
    if (change.presence === 'online') await drainForOperator(this.deps, tx, operatorId, now);
    return { row, changed, operator, returnedCaseIds };
  }
}
