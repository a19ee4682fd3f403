import type { Store, Tx, WriteUnit } from './store.ts';

/**
 * Runs a write unit inside the caller's transaction when it hands one (a batch that writes many units in
 * one commit), otherwise as a write of its own (`Store.write`).
 */
export function writeWithin<T>(store: Store, within: Tx | undefined, unit: WriteUnit<T>): Promise<T> {
  return within ? unit(within) : store.write(unit);
}
