import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FlushScheduler, type SocketWriter } from '../src/http/realtime/socket-writer.ts';

/** A writer that only records in which turn the scheduler flushed it. */
function recordingWriter(flushes: string[], name: string): SocketWriter {
  const writer: Pick<SocketWriter, 'flush'> = { flush: () => void flushes.push(name) };
  return writer as SocketWriter;
}

describe('FlushScheduler', () => {
  it('flushes urgent writers in the first turn and spreads deferrable ones over turns past the budget', async () => {
    const flushes: string[] = [];
    // A zero budget: one deferrable writer per turn.
    const scheduler = new FlushScheduler(0);
    const rows = ['row-1', 'row-2', 'row-3'].map((n) => recordingWriter(flushes, n));
    const event = recordingWriter(flushes, 'event');
    for (const w of rows) scheduler.mark(w, false);
    scheduler.mark(event);
    // A deferrable writer that gets an urgent frame leaves with the urgent ones, once.
    scheduler.mark(rows[2] as SocketWriter);

    await nextTurn();
    expect(flushes).toEqual(['event', 'row-3', 'row-1']);
    await nextTurn();
    expect(flushes).toEqual(['event', 'row-3', 'row-1', 'row-2']);
    await nextTurn();
    expect(flushes).toHaveLength(4);
  });
});
