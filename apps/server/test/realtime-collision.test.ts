import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseCollision } from '../src/http/realtime/case-collision.ts';
import type { OperatorConnection } from '../src/http/realtime/operator-hub.ts';
import type { SocketWriter } from '../src/http/realtime/socket-writer.ts';
import type { Frame } from './support/helpers.ts';
import { openWebChatCase } from './support/cases.ts';
import { loginOfflineOperator } from './support/people.ts';
import { dialects } from './support/test-server.ts';
import type { TestServer } from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';
import { TestSockets } from './support/test-sockets.ts';

type Viewers = Array<{ operatorId: number; name: string; typing: boolean }>;
const viewersOf = (f: Frame) => (f as Frame & { viewers?: Viewers }).viewers ?? [];
const isViewers = (caseId: number, match: (v: Viewers) => boolean) => (f: Frame) =>
  f.type === 'viewers' && f.caseId === caseId && match(viewersOf(f));

describe.each(dialects)('collision signals (viewers, typing) on %s', (dialect) => {
  let server: TestServer;
  let sockets: TestSockets;
  startServerForSuite(dialect, (s) => (server = s));
  beforeAll(async () => {
    sockets = await TestSockets.listen(server);
  });
  afterEach(() => sockets.closeAll());

  it('who views a case and who types in it reaches the other viewers; leaving is announced', async () => {
    const ivan = await loginOfflineOperator(server, 'ivan@example.com', [1]);
    const olga = await loginOfflineOperator(server, 'olga@example.com', [1]);
    const { caseId } = await openWebChatCase(server, { text: 'who has it open?' });
    const a = await sockets.operator(ivan, { view: [caseId] });
    await a.waitFor((f) => f.type === 'ready');
    await a.waitFor(isViewers(caseId, (v) => v.length === 1 && v[0]?.name === 'ivan'));

    const b = await sockets.operator(olga);
    await b.waitFor((f) => f.type === 'ready');
    b.send({ type: 'view', caseIds: [caseId] });
    const both = await a.waitFor(isViewers(caseId, (v) => v.length === 2));
    expect(viewersOf(both)).toEqual([
      { operatorId: ivan.operatorId, name: 'ivan', typing: false },
      { operatorId: olga.operatorId, name: 'olga', typing: false },
    ]);
    await b.waitFor(isViewers(caseId, (v) => v.length === 2));

    // A note: colleagues see the typing; the customer is not told.
    b.send({ type: 'typing', caseId, note: true });
    await a.waitFor(isViewers(caseId, (v) => v.some((x) => x.name === 'olga' && x.typing)));

    // Typing in a case the socket does not have open is no signal.
    const from = a.frames.length;
    b.send({ type: 'typing', caseId: caseId + 1000 });
    b.send({ type: 'view', caseIds: [] });
    const left = await a.waitFor(
      isViewers(caseId, (v) => v.length === 1),
      5000,
      from,
    );
    expect(viewersOf(left)).toEqual([{ operatorId: ivan.operatorId, name: 'ivan', typing: false }]);
    expect(a.frames.slice(from).filter((f) => f.type === 'viewers')).toHaveLength(1);
  });

  it('an operator who may not see the case is neither told who views it nor shown to its viewers', async () => {
    const vera = await loginOfflineOperator(server, 'vera@example.com', [1]);
    const outsider = await loginOfflineOperator(server, 'outsider@example.com', [2]);
    const { caseId } = await openWebChatCase(server, { text: 'queue 1 only' });
    const a = await sockets.operator(vera, { view: [caseId] });
    await a.waitFor(isViewers(caseId, (v) => v.length === 1));
    const b = await sockets.operator(outsider, { view: [caseId] });
    await b.waitFor((f) => f.type === 'ready');
    b.send({ type: 'typing', caseId, note: true });
    // A later change the allowed viewer makes is the proof that everything before it was handled.
    const from = a.frames.length;
    a.send({ type: 'view', caseIds: [] });
    a.send({ type: 'view', caseIds: [caseId] });
    await a.waitFor(
      isViewers(caseId, (v) => v.length === 1),
      5000,
      from,
    );
    expect(a.frames.filter((f) => f.type === 'viewers').every((f) => viewersOf(f).length === 1)).toBe(true);
    expect(b.frames.some((f) => f.type === 'viewers')).toBe(false);
  });

  it('a closed socket leaves the list', async () => {
    const petr = await loginOfflineOperator(server, 'petr@example.com', [1]);
    const anna = await loginOfflineOperator(server, 'anna@example.com', [1]);
    const { caseId } = await openWebChatCase(server, { text: 'closing' });
    const a = await sockets.operator(petr, { view: [caseId] });
    const b = await sockets.operator(anna, { view: [caseId] });
    await a.waitFor(isViewers(caseId, (v) => v.length === 2));
    await b.close();
    await a.waitFor(isViewers(caseId, (v) => v.length === 1 && v[0]?.name === 'petr'));
  });
});

describe('CaseCollision', () => {
  afterEach(() => vi.useRealTimers());

  function fakeConnection(operatorId: number, viewed: number[] = []) {
    const frames: Array<{ caseId: number; viewers: Viewers }> = [];
    const writer = {
      enqueue: (frame: string) => {
        frames.push(JSON.parse(frame) as { caseId: number; viewers: Viewers });
        return true;
      },
    } as unknown as SocketWriter;
    const c: OperatorConnection = {
      recipient: { operatorId, role: 'operator', queueIds: [1] },
      writer,
      viewed: new Set(viewed),
      isLive: () => true,
    };
    return { c, frames, last: () => frames.at(-1)?.viewers };
  }

  it('typing ends after the typing time unless renewed; two tabs of one operator are one entry', () => {
    vi.useFakeTimers();
    const collision = new CaseCollision({ typingMs: 1000 });
    const ivan = fakeConnection(1, [7]);
    const ivanTab = fakeConnection(1, [7]);
    const olga = fakeConnection(2, [7]);
    collision.add(ivan.c, 'Иван');
    collision.add(ivanTab.c, 'Иван');
    collision.add(olga.c, 'Ольга');
    expect(olga.last()).toEqual([
      { operatorId: 1, name: 'Иван', typing: false },
      { operatorId: 2, name: 'Ольга', typing: false },
    ]);
    collision.typed(ivan.c, 7);
    expect(olga.last()?.[0]?.typing).toBe(true);
    vi.advanceTimersByTime(800);
    const count = olga.frames.length;
    collision.typed(ivan.c, 7); // renewed: no new frame, the timer restarts
    expect(olga.frames.length).toBe(count);
    vi.advanceTimersByTime(800);
    expect(olga.last()?.[0]?.typing).toBe(true);
    vi.advanceTimersByTime(300);
    expect(olga.last()?.[0]?.typing).toBe(false);
    // One tab closing leaves the operator in the list (the other tab still has the case open).
    collision.remove(ivanTab.c);
    expect(olga.last()?.map((v) => v.operatorId)).toEqual([1, 2]);
    collision.remove(ivan.c);
    expect(olga.last()?.map((v) => v.operatorId)).toEqual([2]);
    collision.close();
  });
});
