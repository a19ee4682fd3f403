import { expect } from 'vitest';
import { eventually } from './test-server.ts';

/**
 * Waits until `read` returns exactly `n` items (stored rows, requests a provider fake received…) and returns
 * them; fails the test with what it last saw when that does not happen within `timeoutMs`.
 */
export function waitForLength<T>(
  read: () => T[] | Promise<T[]>,
  n: number,
  timeoutMs?: number,
): Promise<T[]> {
  return eventually(async () => {
    const items = await read();
    expect(items).toHaveLength(n);
    return items;
  }, timeoutMs);
}
