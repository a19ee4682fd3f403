/**
 * How the fan-out benchmark reads what an operator socket receives: the one place to adapt when the
 * realtime protocol changes (packages/shared/src/realtime.ts, docs/realtime.md).
 *
 * Every bench message carries a marker `[fo c<caseId> s<seq>]` at the start of its text, so the client matches
 * a received message (or an inbox row whose last-message preview is that message) to the send exactly.
 */

/** A bench message: its case and its number among that case's bench messages (1, 2, …). */
export interface Marker {
  caseId: number;
  seq: number;
}

/**
 * What a frame tells the benchmark: the full message reached this socket (`message`: the assignee's view, or
 * an operator who has the case open), or the case's inbox row changed and now shows `marker` as its last
 * message (`row`: what every queue member needs).
 */
export type Observation = { kind: 'message'; marker: Marker } | { kind: 'row'; marker: Marker };

const markerPattern = /\[fo c(\d+) s(\d+)\]/;

/** The marker text that starts a bench message. */
export function markerText(marker: Marker): string {
  return `[fo c${marker.caseId} s${marker.seq}]`;
}

/** The marker in a text (a message's, or a row's last-message preview), or null. */
export function markerIn(text: unknown): Marker | null {
  if (typeof text !== 'string') return null;
  const m = markerPattern.exec(text);
  return m ? { caseId: Number(m[1]), seq: Number(m[2]) } : null;
}

function objectOr(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A CaseSummary-shaped value's row observation (its last message preview carries the marker). */
function rowOf(value: unknown, into: Observation[]): void {
  const summary = objectOr(value);
  const marker = markerIn(summary?.lastMessageText);
  if (marker) into.push({ kind: 'row', marker });
}

/**
 * An item of a row list: a CaseSummary, or an inbox row `{caseId, case?, message?}` whose newest state is the
 * later of its summary's last message and its `message` (a row bumped from a message without a summary).
 */
function inboxRowOf(value: unknown, into: Observation[]): void {
  const item = objectOr(value);
  if (!item) return;
  if (item.case === undefined && item.message === undefined) return rowOf(item, into);
  const fromCase = markerIn(objectOr(item.case)?.lastMessageText);
  const fromMessage = markerIn(objectOr(item.message)?.text);
  const newest = !fromCase
    ? fromMessage
    : !fromMessage || fromCase.seq >= fromMessage.seq
      ? fromCase
      : fromMessage;
  if (newest) into.push({ kind: 'row', marker: newest });
}

/**
 * The observations in one event (the `event` of an `event` frame, or an item of a batch). Today's protocol:
 * `message.created` carries the full message and the case as it stands after it (its inbox row), and is sent
 * to every queue member — so it is both. `case.updated` is a row. The redesigned protocol's `rows` frame (inbox
 * rows coalesced per window, inside `batch` frames) is rows. Defensively, any event carrying `case` or a
 * `cases`/`rows` array is rows, and any carrying a `message` with a marker is a message.
 */
function observeEvent(value: unknown, into: Observation[]): void {
  const event = objectOr(value);
  if (!event) return;
  const message = objectOr(event.message);
  const marker = markerIn(message?.text);
  if (marker) into.push({ kind: 'message', marker });
  if (event.case !== undefined) rowOf(event.case, into);
  for (const key of ['cases', 'rows'] as const) {
    const list = event[key];
    if (Array.isArray(list)) for (const item of list) inboxRowOf(item, into);
  }
}

/**
 * Classifies one decoded server frame (a JSON value) into what it shows this socket. A batch frame (a JSON
 * array of frames, or an object with `frames`/`events`) is unbatched; `ready`, `typing`, `error` and anything
 * unknown observe nothing.
 */
export function classify(frame: unknown, into: Observation[] = []): Observation[] {
  if (Array.isArray(frame)) {
    for (const item of frame) classify(item, into);
    return into;
  }
  const f = objectOr(frame);
  if (!f) return into;
  for (const key of ['frames', 'events'] as const) {
    const list = f[key];
    if (Array.isArray(list)) for (const item of list) classify(item, into);
  }
  if (f.type === 'event') observeEvent(f.event, into);
  else if (f.type !== 'ready' && f.type !== 'typing' && f.type !== 'error') observeEvent(f, into);
  return into;
}

/** Whether a decoded frame is (or, in a batch, holds) the `ready` that ends the replay. */
export function holdsReady(frame: unknown): boolean {
  if (Array.isArray(frame)) return frame.some(holdsReady);
  const f = objectOr(frame);
  if (!f) return false;
  if (f.type === 'ready') return true;
  return Array.isArray(f.frames) && f.frames.some(holdsReady);
}
