import type { Kysely } from 'kysely';
import { canSeeAudience } from '../../modules/cases/case-visibility.ts';
import {
  audienceOf,
  mayReceive,
  staffReceives,
  viewerOf,
  type Recipient,
} from '../../modules/events/audience.ts';
import { readEventBacklog } from '../../modules/events/read-event-backlog.ts';
import type { Database } from '../../store/schema.ts';
import { foldRow, rowsFrame, type PendingRow, type PrepareEvent } from './operator-hub.ts';
import { batchFrame } from './socket-writer.ts';

/** How many frames one replay batch carries. */
const framesPerBatch = 200;
const pageSize = 500;

/** The outcome of a resume: the frames to send (batches, ending with rows and `ready`), or too far behind. */
export type Replay = { kind: 'replay'; batches: string[]; cursor: number } | { kind: 'behind' };

/**
 * The backlog a resuming operator socket gets, coalesced like the live stream: full events (as the
 * audience rule gives them: addressed to the operator, of a case it has open, of no case for
 * supervisors/admins) in order, then the newest row per case and queue, then `ready` with the cursor of
 * the newest event read. Replay batches carry the cursor the client resumed from (rows come last, so
 * nothing before `ready` may move it). More than `maxEvents` visible events: `behind` (the client is told
 * to resync instead).
 */
export async function replayOperatorBacklog(options: {
  db: Kysely<Database>;
  recipient: Recipient;
  viewed: ReadonlySet<number>;
  since: number;
  maxEvents: number;
  prepare: PrepareEvent;
}): Promise<Replay> {
  const { recipient, viewed, since } = options;
  const staff = recipient.role !== 'operator';
  const viewer = viewerOf(recipient);
  const filter = {
    audience: 'operators' as const,
    operatorId: recipient.operatorId,
    queueIds: staff ? null : recipient.queueIds,
  };
  const full: string[] = [];
  const rows = new Map<string, PendingRow>();
  let after = since;
  let count = 0;
  for (;;) {
    const page = await readEventBacklog(options.db, filter, after, pageSize);
    count += page.length;
    if (count > options.maxEvents) return { kind: 'behind' };
    for (const row of page) {
      const p = options.prepare(row);
      if (!p) continue;
      const audience = audienceOf(row, p.event);
      const isFull =
        audience.operatorId === recipient.operatorId ||
        (audience.viewersOf !== null && viewed.has(audience.viewersOf) && mayReceive(recipient, row)) ||
        staffReceives(recipient, audience);
      if (isFull) full.push(p.frame);
      const change = audience.row;
      if (change && canSeeAudience(viewer, { queueId: change.queueId, operatorId: null })) {
        const key = `${change.queueId ?? ''}:${change.caseId}`;
        rows.set(key, foldRow(rows.get(key), row.seq, change));
      }
    }
    after = page.at(-1)?.seq ?? after;
    if (page.length < pageSize) break;
  }
  const tail = [
    ...(rows.size > 0 ? [rowsFrame([...rows.values()])] : []),
    JSON.stringify({ type: 'ready', cursor: after }),
  ];
  const frames = [...full, ...tail];
  const batches: string[] = [];
  for (let i = 0; i < frames.length; i += framesPerBatch) {
    batches.push(batchFrame(since, frames.slice(i, i + framesPerBatch)));
  }
  return { kind: 'replay', batches, cursor: after };
}
