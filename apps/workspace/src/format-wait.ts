import type { CaseSla } from '@frontline/shared';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A duration as a timer: `m:ss` under an hour, `h:mm:ss` under a day, `Nd hh:mm` beyond; negative
 * durations get a leading minus (an overdue SLA).
 * @example formatWait(65_000) // → '1:05'
 */
export function formatWait(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86_400);
  if (d > 0) return `${sign}${d}d ${pad(h)}:${pad(m)}`;
  if (h > 0) return `${sign}${h}:${pad(m)}:${pad(s)}`;
  return `${sign}${m}:${pad(s)}`;
}

/** The nearest due time of the case's running SLA clocks (ms), or null when none runs. */
export function nearestDue(sla: CaseSla): number | null {
  const dues = [sla.firstResponseDue, sla.nextResponseDue, sla.resolutionDue]
    .filter((d): d is string => d !== null)
    .map((d) => Date.parse(d))
    .filter((t) => !Number.isNaN(t));
  return dues.length === 0 ? null : Math.min(...dues);
}

/** The SLA badge of a row: its state (colour) and the time left to the nearest due (negative: overdue). */
export function slaBadge(sla: CaseSla, now: number): { state: CaseSla['state']; left: number | null } {
  const due = nearestDue(sla);
  const left = due === null ? null : due - now;
  // The clock may run past a due before the server's watcher says so: the row shows it breached meanwhile.
  const state = left !== null && left < 0 ? 'breached' : sla.state;
  return { state, left };
}
