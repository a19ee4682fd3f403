import type { Tx } from '../../store/store.ts';
import type { RoutingGate } from '../routing/routing-gate.ts';
import type { EntryPointHours } from './entry-point-hours.ts';

/**
 * The router's gate (docs/routing.md): a case of an entry point that is out of its business hours is not
 * handed to an operator; it waits in the queue until the opening (jobs/business-hours-opener.ts).
 */
export class BusinessHoursGate implements RoutingGate {
  constructor(private readonly hours: EntryPointHours) {}

  async mayRoute(tx: Tx, entryPointId: number, at: Date): Promise<boolean> {
    const calendar = await this.hours.calendarOf(tx.db, entryPointId);
    return calendar === null || calendar.isOpen(at);
  }
}
