import type { Tx } from '../../store/store.ts';

/**
 * Whether the cases of an entry point may be handed to operators now (docs/routing.md): closed business
 * hours hold them in the queue. The router asks it before assigning; business hours implement it.
 */
export interface RoutingGate {
  mayRoute(tx: Tx, entryPointId: number, at: Date): Promise<boolean>;
}

/** Every entry point always open (no business hours configured). */
export const alwaysOpen: RoutingGate = { mayRoute: async () => true };
