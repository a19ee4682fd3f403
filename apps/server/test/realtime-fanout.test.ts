import type { Message, OperatorEvent } from '@frontline/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseAudience } from '../src/modules/events/case-audience.ts';
import { toCaseSummary } from '../src/modules/views.ts';
import { caseRow, openWebChatCase } from './support/cases.ts';
import type { Frame } from './support/helpers.ts';
import { TestSockets, type OperatorSocketQuery } from './support/test-sockets.ts';
import {
  customerSends,
  dialects,
  eventually,
  loginAs,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';
import { loginOfflineOperator } from './support/people.ts';

/** Small bounds so a test can pass them (the defaults are in docs/realtime.md). */
const maxSocketBufferBytes = 256 * 1024;
const maxReplayEvents = 50;
const maxBatchBytes = 1024 * 1024;

describe.each(dialects)('realtime fan-out on %s', (dialect) => {
  let server: TestServer;
  let sockets: TestSockets;
  startServerForSuite(dialect, (s) => (server = s), {
    env: {
      CHAT_MESSAGES_PER_MINUTE: '0',
      REALTIME_MAX_SOCKET_BUFFER_BYTES: String(maxSocketBufferBytes),
      REALTIME_MAX_BATCH_BYTES: String(maxBatchBytes),
      REALTIME_MAX_REPLAY_EVENTS: String(maxReplayEvents),
    },
  });
  beforeAll(async () => {
    sockets = await TestSockets.listen(server);
  });
  afterEach(() => sockets.closeAll());

  const operatorSocket = (s: LoggedIn, query: OperatorSocketQuery = {}) => sockets.operator(s, query);

  /** A customer opens a case in queue 1 (nobody online: it stays queued); returns its id. */
  async function openCase(text: string): Promise<{ caseId: number; token: string }> {
    const { caseId, visitorToken } = await openWebChatCase(server, { text });
    return { caseId, token: visitorToken };
  }

  const latestSeq = async () =>
    Number(
      (
        await server.store.db
          .selectFrom('outbox_events')
          .select((eb) => eb.fn.max('seq').as('s'))
          .executeTakeFirstOrThrow()
      ).s ?? 0,
    );

  function bigMessage(caseId: number, id: number, bytes: number): Message {
    return {
      id,
      caseId,
      customerId: 1,
      direction: 'out',
      channelKind: 'webchat',
      identityId: null,
      authorOperatorId: null,
      authorName: 'load',
      text: `${id}:`.padEnd(bytes, 'x'),
      attachments: [],
      status: 'sent',
      statusReason: null,
      clientMsgId: null,
      createdAt: new Date().toISOString(),
    };
  }

  /** `count` full message events of `caseId` of about `bytes` each, written through the real EventWriter. */
  async function writeMessages(caseId: number, count: number, bytes: number, firstId: number, perWrite = 20) {
    for (let i = 0; i < count; i += perWrite) {
      await server.store.write(async (tx) => {
        for (let j = i; j < Math.min(count, i + perWrite); j++) {
          const event: OperatorEvent = {
            type: 'message.created',
            message: bigMessage(caseId, firstId + j, bytes),
          };
          await server.services.events.toOperators(tx, event, { queueId: 1, operatorId: null, caseId });
        }
      });
    }
    await server.services.relay.flush();
  }

  it('an ack never waits for the fan-out: listeners run after the write resolved', async () => {
    const order: string[] = [];
    const off = server.services.bus.onEvents(() => {
      order.push('fan-out');
      // A slow listener (2,000 sockets' worth of work).
      const until = Date.now() + 150;
      while (Date.now() < until);
    });
    try {
      const visitor = await server.services.webchat.authenticate(await startVisitor(server));
      const ack = await server.services.webchat.send(visitor, {
        clientMsgId: 'ack-first-1',
        text: 'ack before fan-out',
        attachmentIds: [],
      });
      order.push('ack');
      expect(ack.clientMsgId).toBe('ack-first-1');
      expect(order).toEqual(['ack']);
      await eventually(() => expect(order).toEqual(['ack', 'fan-out']));
    } finally {
      off();
    }
  });

  it('a stalled socket is bounded, dropped and told to resync; a healthy one gets every event in order', async () => {
    const { caseId } = await openCase('stall case');
    const stalledOp = await loginOfflineOperator(server, `stalled-${dialect}@example.com`, [1]);
    const healthyOp = await loginOfflineOperator(server, `healthy-${dialect}@example.com`, [1]);
    const stalled = await operatorSocket(stalledOp, { view: [caseId] });
    const healthy = await operatorSocket(healthyOp, { view: [caseId] });
    await stalled.waitFor((f) => f.type === 'ready');
    await healthy.waitFor((f) => f.type === 'ready');
    const serverSockets = server.app.websocketServer.clients;
    const before = serverSockets.size;
    // The stalled client stops reading: its kernel buffers fill, then the server's.
    stalled.socket.pause();
    let peak = 0;
    const sampler = setInterval(() => {
      for (const s of serverSockets) peak = Math.max(peak, s.bufferedAmount);
    }, 1);
    const count = 400;
    const bytes = 40_000;
    try {
      // Five frames a turn: a healthy reader takes each turn's batch long before the bound.
      await writeMessages(caseId, count, bytes, 5_000_000, 5);
      const expected = Array.from({ length: count }, (_, i) => 5_000_000 + i);
      const got = () =>
        healthy.frames
          .filter((f) => f.type === 'event' && f.event?.message?.caseId === caseId)
          .map((f) => f.event?.message?.id);
      await eventually(() => expect(got()).toEqual(expected), 20_000);
      // The server let go of the stalled socket (asked to close, then cut off).
      await eventually(() => expect(serverSockets.size).toBe(before - 1), 10_000);
    } finally {
      clearInterval(sampler);
    }
    // What the server held for any socket stayed within the bounds (16 MB were written meanwhile).
    expect(peak).toBeLessThanOrEqual(maxSocketBufferBytes + maxBatchBytes + 1024);
    stalled.socket.resume();
    await stalled.closed;
    // Whatever reached it before the cut ends, at most, with the resync notice: nothing after it.
    const resyncAt = stalled.frames.findIndex((f) => f.type === 'resync');
    if (resyncAt >= 0) {
      expect(stalled.frames[resyncAt]?.reason).toBe('slow');
      expect(stalled.frames.slice(resyncAt + 1).every((f) => f.type === 'cursor')).toBe(true);
    }
    const received = stalled.frames.filter((f) => f.type === 'event').length;
    expect(received).toBeLessThan(count);
    expect(healthy.closeInfo).toBeNull();
  }, 60_000);

  it('a resume further behind than the bound gets resync with the current cursor; within it, an exact replay', async () => {
    const { caseId } = await openCase('resume case');
    const op = await loginOfflineOperator(server, `resume-${dialect}@example.com`, [1]);
    const from = await latestSeq();
    await writeMessages(caseId, maxReplayEvents + 10, 100, 6_000_000);
    const top = await latestSeq();

    const far = await operatorSocket(op, { since: from, view: [caseId] });
    const resync = await far.waitFor((f) => f.type === 'resync');
    expect(resync.reason).toBe('behind');
    expect(resync.cursor).toBeGreaterThanOrEqual(top);
    const ready = await far.waitFor((f) => f.type === 'ready');
    expect(ready.cursor).toBe(resync.cursor);
    expect(far.frames.some((f) => f.type === 'event')).toBe(false);

    // Within the bound: exactly the events after the cursor, in order, then ready at the newest.
    const near = await operatorSocket(op, { since: top - 10, view: [caseId] });
    const nearReady = await near.waitFor((f) => f.type === 'ready');
    const events = near.frames.filter((f) => f.type === 'event');
    // Another test's operator may have gone offline meanwhile (an event this operator is not sent): the
    // replay is every event of this case after the cursor, in order, and nothing from before it.
    const written = await server.store.db
      .selectFrom('outbox_events')
      .select('seq')
      .where('case_id', '=', caseId)
      .where('seq', '>', top - 10)
      .orderBy('seq')
      .execute();
    expect(written.length).toBeGreaterThanOrEqual(9);
    expect(events.filter((f) => f.event?.message?.caseId === caseId).map((f) => f.id)).toEqual(
      written.map((w) => w.seq),
    );
    expect(events.every((f) => f.id !== undefined && f.id > top - 10 && f.id <= top)).toBe(true);
    expect(nearReady.cursor).toBe(top);
    expect(near.frames.some((f) => f.type === 'resync')).toBe(false);
  });

  it('an escalation reaches the supervisors of the case’s queue, those in no queue and admins — not other queues’ supervisors', async () => {
    const people = await Promise.all(
      (
        [
          ['of-queue', 'supervisor', [1]],
          ['other-queue', 'supervisor', [2]],
          ['no-queue', 'supervisor', []],
          ['admin', 'admin', [2]],
        ] as const
      ).map(([who, role, queueIds]) =>
        loginAs(server, { email: `esc-${who}-${dialect}@example.com`, role, queueIds: [...queueIds] }),
      ),
    );
    const watching = await Promise.all(people.map((p) => operatorSocket(p)));
    for (const ws of watching) await ws.waitFor((f) => f.type === 'ready');
    const { caseId, token } = await openCase('escalated case');
    const row = await caseRow(server, caseId);
    const summary = toCaseSummary(row, { customerName: null, lastChannelKind: 'webchat' });
    const before = await latestSeq();
    await server.store.write((tx) =>
      server.services.events.toOperators(
        tx,
        { type: 'case.escalated', case: summary, clock: 'first_response', dueAt: row.opened_at },
        caseAudience(row),
      ),
    );
    await server.services.relay.flush();
    const escalated = (ws: (typeof watching)[number]) =>
      ws.frames.some((f) => f.type === 'event' && f.event?.type === 'case.escalated');
    const [ofQueue, otherQueue, noQueue, admin] = watching;
    await eventually(() =>
      expect([ofQueue, noQueue, admin].map((ws) => escalated(ws!))).toEqual([true, true, true]),
    );
    // A later message's row reaches the other supervisor (they see every queue's inbox); the escalation,
    // sent before it, did not.
    await customerSends(server, token, 'after the escalation');
    await eventually(() =>
      expect(
        otherQueue!.frames.some((f) =>
          (f.rows ?? []).some((r) => r.case?.lastMessageText === 'after the escalation'),
        ),
      ).toBe(true),
    );
    expect(escalated(otherQueue!)).toBe(false);
    // The same rule on resume: a replay from before the escalation.
    const resumed = await operatorSocket(people[1]!, { since: before });
    await resumed.waitFor((f) => f.type === 'ready');
    expect(escalated(resumed)).toBe(false);
    const resumedAdmin = await operatorSocket(people[3]!, { since: before });
    await resumedAdmin.waitFor((f) => f.type === 'ready');
    expect(escalated(resumedAdmin)).toBe(true);
  });

  it('queue members get coalesced rows, not every message: the newest row per case per window', async () => {
    const member = await loginOfflineOperator(server, `member-${dialect}@example.com`, [1]);
    const ws = await operatorSocket(member);
    await ws.waitFor((f) => f.type === 'ready');
    const token = await startVisitor(server);
    const texts = ['row 1', 'row 2', 'row 3', 'row 4', 'row 5'];
    await Promise.all(texts.map((t) => customerSends(server, token, t)));
    await eventually(() =>
      expect(
        ws.frames.some((f) => (f.rows ?? []).some((r) => texts.includes(r.case?.lastMessageText ?? ''))),
      ).toBe(true),
    );
    await new Promise((r) => setTimeout(r, 400));
    // Not a viewer nor the assignee: no full message of that case.
    expect(ws.frames.some((f) => f.type === 'event' && texts.includes(f.event?.message?.text ?? ''))).toBe(
      false,
    );
    // Shared row batches are encoded once per queue and still sent as text, like every other frame.
    expect(ws.frames.filter((f) => f.type === 'binary-frame')).toEqual([]);
    const rowFrames = ws.frames.filter((f) => f.type === 'rows');
    // Five messages committed together or nearly: fewer row frames than messages, each case once per frame.
    expect(rowFrames.length).toBeLessThan(texts.length);
    for (const f of rowFrames) {
      const ids = (f.rows ?? []).map((r) => r.caseId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('a reconnect at any moment loses nothing: rows and viewed events resume from the batch cursor', async () => {
    const viewed = await openCase('viewed start');
    const other = await openCase('other start');
    const op = await loginOfflineOperator(server, `chaos-${dialect}@example.com`, [1]);
    let cursor = await latestSeq();
    const startCursor = cursor;
    const fullIds = new Set<number>();
    const newestRow = new Map<number, number>();
    const take = (f: Frame) => {
      if (f.type === 'event' && f.event?.message?.caseId === viewed.caseId && f.id !== undefined)
        fullIds.add(f.id);
      for (const r of f.rows ?? []) newestRow.set(r.caseId, Math.max(newestRow.get(r.caseId) ?? 0, r.id));
      if ((f.type === 'cursor' || f.type === 'ready') && f.cursor !== undefined)
        cursor = Math.max(cursor, f.cursor);
      if (f.type === 'resync' && f.cursor !== undefined) cursor = f.cursor;
    };
    let producing = true;
    const producer = (async () => {
      try {
        for (let i = 0; i < 12; i++) {
          await customerSends(server, viewed.token, `viewed ${i}`);
          await customerSends(server, other.token, `other ${i}`);
          await new Promise((r) => setTimeout(r, 40));
        }
      } finally {
        producing = false;
      }
    })();
    // Connect, take frames up to the end of one batch (or a short while), drop the socket, reconnect.
    let reconnects = 0;
    while (producing || reconnects < 3) {
      const ws = await operatorSocket(op, { since: cursor, view: [viewed.caseId] });
      await ws.waitFor((f) => f.type === 'ready');
      const start = ws.frames.length;
      await ws.waitFor((f) => f.type === 'cursor', 300, start).catch(() => undefined);
      // Everything received up to the close counts (the client applied it).
      await ws.close();
      ws.frames.forEach(take);
      reconnects += 1;
      if (!producing && reconnects > 40) break;
    }
    await producer;
    await server.services.relay.flush();
    // A last connection, kept until the row window has passed.
    const last = await operatorSocket(op, { since: cursor, view: [viewed.caseId] });
    await last.waitFor((f) => f.type === 'ready');
    await new Promise((r) => setTimeout(r, 600));
    last.frames.forEach(take);
    expect(reconnects).toBeGreaterThan(3);

    const rows = await server.store.db
      .selectFrom('outbox_events')
      .select(['seq', 'type', 'case_id', 'payload'])
      .where('audience', '=', 'operators')
      .where('case_id', 'in', [viewed.caseId, other.caseId])
      .orderBy('seq')
      .execute();
    const expectedFull = rows
      .filter((r) => r.type === 'message.created' && Number(r.case_id) === viewed.caseId)
      .map((r) => Number(r.seq))
      .filter((seq) => seq > startCursor);
    // Every viewed-case message after the first cursor is there (none lost between reconnects).
    expect([...fullIds].sort((a, b) => a - b)).toEqual(expectedFull);
    for (const caseId of [viewed.caseId, other.caseId]) {
      const newest = Math.max(
        ...rows
          .filter((r) => Number(r.case_id) === caseId && ['case.updated', 'message.created'].includes(r.type))
          .map((r) => Number(r.seq)),
      );
      expect(newestRow.get(caseId)).toBe(newest);
    }
  }, 60_000);
});
