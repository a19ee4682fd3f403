import { describe, expect, it } from 'vitest';
import { queuePhase, untilFlush } from '../src/http/realtime/operator-hub.ts';

describe('row window phases', () => {
  it('a queue flushes at its own phase, never later than one window from now', () => {
    for (const queue of [-1, 0, 1, 2, 7, 19, 1234])
      for (const now of [0, 1, 99, 249, 250, 1_000_003, 1_733_000_000_123]) {
        const wait = untilFlush(queue, now, 250);
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(250);
        // The flush lands on the queue's phase of the window.
        const at = (now + wait) % 250;
        expect(Math.abs(at - queuePhase(queue) * 250)).toBeLessThan(1e-3);
      }
  });

  it("twenty queues' flushes are spread over the window, not piled into one moment", () => {
    const phases = Array.from({ length: 20 }, (_, q) => queuePhase(q) * 250).sort((a, b) => a - b);
    const gaps = phases.slice(1).map((p, i) => p - (phases[i] as number));
    // Evenly spread would be 12.5 ms apart; the golden-ratio step never leaves two queues closer than 4 ms.
    expect(Math.min(...gaps)).toBeGreaterThan(4);
    expect(Math.max(...gaps)).toBeLessThan(25);
  });
});
