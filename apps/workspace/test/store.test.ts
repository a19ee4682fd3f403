import { describe, expect, it } from 'vitest';
import type { OperatorEvent } from '@frontline/shared';
import { isNewCaseAlert } from '../src/is-new-case-alert.ts';
import { mergeMessages } from '../src/merge-messages.ts';
import { initialState, reduce, type WorkspaceAction, type WorkspaceState } from '../src/store.ts';
import { aCase, aMessage, me } from './fixtures.ts';

const run = (state: WorkspaceState, ...actions: WorkspaceAction[]) => actions.reduce(reduce, state);
const event = (e: OperatorEvent): WorkspaceAction => ({ type: 'realtime', event: e });

function openState(): WorkspaceState {
  const s0 = initialState(me, { tab: 'open', queueId: null });
  const detailCase = aCase({ id: 100, status: 'assigned', assigneeId: me.id });
  return run(
    s0,
    { type: 'inbox.loaded', filter: { tab: 'open', queueId: null }, cases: [detailCase] },
    { type: 'case.opening', caseId: 100, customerId: 7 },
    {
      type: 'case.loaded',
      detail: {
        ...detailCase,
        replyWindow: { channelKind: 'webchat', closesAt: null, open: true },
        buttons: false,
        customer: {
          id: 7,
          displayName: 'Ivan',
          createdAt: '2024-01-01T00:00:00Z',
          identities: [],
          contactPoints: [],
        },
      },
      timeline: [aMessage({ id: 1 }), aMessage({ id: 2, direction: 'out', status: 'sent' })],
    },
  );
}

describe('mergeMessages', () => {
  it('de-duplicates by id, orders by id and never moves a status backwards', () => {
    const a = aMessage({ id: 2, direction: 'out', status: 'delivered' });
    const merged = mergeMessages(
      [a, aMessage({ id: 1 })],
      [aMessage({ id: 2, direction: 'out', status: 'sent' }), aMessage({ id: 3 })],
    );
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(merged[1]?.status).toBe('delivered');
  });
});

describe('reduce', () => {
  it('appends a realtime message to the open customer timeline once, even when it also comes back from POST', () => {
    const sent = aMessage({
      id: 3,
      direction: 'out',
      status: 'queued',
      createdAt: '2025-01-01T10:05:00.000Z',
    });
    const s = run(
      openState(),
      { type: 'message.sent', message: sent },
      event({ type: 'message.created', message: sent }),
    );
    expect(s.timeline.map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('a row that carries a message bumps the inbox row, not the timeline (the full event does that)', () => {
    const reply = aMessage({
      id: 9,
      caseId: 100,
      direction: 'out',
      text: 'bumped by a row',
      createdAt: '2099-01-01T10:05:00.000Z',
    });
    const s = run(openState(), { type: 'inbox.bumped', message: reply });
    expect(s.timeline.map((m) => m.id)).toEqual([1, 2]);
    expect(s.cases.find((c) => c.id === 100)?.lastMessageText).toBe('bumped by a row');
  });

  it('keeps messages of the same customer from other cases, ignores other customers', () => {
    const s = run(
      openState(),
      event({ type: 'message.created', message: aMessage({ id: 5, caseId: 99 }) }),
      event({ type: 'message.created', message: aMessage({ id: 6, caseId: 300, customerId: 8 }) }),
    );
    expect(s.timeline.map((m) => m.id)).toEqual([1, 2, 5]);
  });

  it('applies message.status monotonically and keeps the failure reason', () => {
    let s = run(
      openState(),
      event({ type: 'message.status', caseId: 100, messageId: 2, status: 'read', reason: null }),
    );
    expect(s.timeline.find((m) => m.id === 2)?.status).toBe('read');
    s = run(
      s,
      event({ type: 'message.status', caseId: 100, messageId: 2, status: 'delivered', reason: null }),
    );
    expect(s.timeline.find((m) => m.id === 2)?.status).toBe('read');
    s = run(
      s,
      event({ type: 'message.status', caseId: 100, messageId: 2, status: 'failed', reason: 'blocked' }),
    );
    expect(s.timeline.find((m) => m.id === 2)).toMatchObject({ status: 'failed', statusReason: 'blocked' });
  });

  it('upserts cases that match the filter and removes those that no longer do', () => {
    let s = run(
      openState(),
      event({ type: 'case.updated', case: aCase({ id: 200, lastMessageAt: '2025-01-02T00:00:00.000Z' }) }),
    );
    expect(s.cases.map((c) => c.id)).toEqual([200, 100]);
    s = run(s, event({ type: 'case.updated', case: aCase({ id: 200, status: 'resolved' }) }));
    expect(s.cases.map((c) => c.id)).toEqual([100]);
    expect(s.knownCaseIds.has(200)).toBe(true);
  });

  it('updates the open case header from case.updated', () => {
    const s = run(
      openState(),
      event({ type: 'case.updated', case: aCase({ id: 100, status: 'resolved', assigneeId: me.id }) }),
    );
    expect(s.detail?.status).toBe('resolved');
    expect(s.detail?.customer.id).toBe(7);
  });

  it('drops a case from "Mine" when it is transferred to someone else', () => {
    const filter = { tab: 'mine', queueId: null } as const;
    let s = run(initialState(me, filter), {
      type: 'inbox.loaded',
      filter,
      cases: [aCase({ status: 'assigned', assigneeId: me.id })],
    });
    expect(s.cases).toHaveLength(1);
    s = run(s, event({ type: 'case.updated', case: aCase({ status: 'assigned', assigneeId: 2 }) }));
    expect(s.cases).toHaveLength(0);
  });

  it('drops a case from "Open" when it is transferred to a queue and operator the operator cannot see', () => {
    const filter = { tab: 'open', queueId: null } as const;
    let s = run(initialState(me, filter), {
      type: 'inbox.loaded',
      filter,
      cases: [aCase({ status: 'assigned', assigneeId: me.id })],
    });
    // Still visible: another operator of the same queue took it.
    s = run(s, event({ type: 'case.updated', case: aCase({ status: 'assigned', assigneeId: 2 }) }));
    expect(s.cases).toHaveLength(1);
    s = run(
      s,
      event({ type: 'case.updated', case: aCase({ queueId: 20, status: 'assigned', assigneeId: 2 }) }),
    );
    expect(s.cases).toHaveLength(0);
    // A supervisor sees every case.
    const sup = run(initialState({ ...me, role: 'supervisor' }, filter), {
      type: 'inbox.loaded',
      filter,
      cases: [aCase({ status: 'assigned', assigneeId: me.id })],
    });
    const after = run(
      sup,
      event({ type: 'case.updated', case: aCase({ queueId: 20, assigneeId: 2, status: 'assigned' }) }),
    );
    expect(after.cases).toHaveLength(1);
  });

  it('bumps the inbox row on a newer message and counts unread only for cases that are not open', () => {
    const s0 = run(
      openState(),
      event({ type: 'case.updated', case: aCase({ id: 200, customerId: 8, unread: 0 }) }),
    );
    const s = run(
      s0,
      event({
        type: 'message.created',
        message: aMessage({
          id: 10,
          caseId: 200,
          customerId: 8,
          text: 'new!',
          createdAt: '2025-01-03T00:00:00.000Z',
        }),
      }),
      event({
        type: 'message.created',
        message: aMessage({ id: 11, caseId: 100, text: 'open one', createdAt: '2025-01-02T00:00:00.000Z' }),
      }),
    );
    expect(s.cases.map((c) => [c.id, c.unread, c.lastMessageText])).toEqual([
      [200, 1, 'new!'],
      [100, 1, 'open one'],
    ]);
    // The new message's notices come along, so the preview shows them in the operator's language.
    const sticker = run(
      s,
      event({
        type: 'message.created',
        message: aMessage({
          id: 12,
          caseId: 200,
          customerId: 8,
          text: '[sticker 👍]',
          notices: [{ code: 'sticker', label: '👍' }],
          createdAt: '2025-01-04T00:00:00.000Z',
        }),
      }),
    );
    expect(sticker.cases.find((c) => c.id === 200)).toMatchObject({
      lastMessageText: '[sticker 👍]',
      lastMessageNotices: [{ code: 'sticker', label: '👍' }],
    });
    // a replayed (older) message does not bump again
    const again = run(
      s,
      event({
        type: 'message.created',
        message: aMessage({ id: 10, caseId: 200, customerId: 8, createdAt: '2025-01-03T00:00:00.000Z' }),
      }),
    );
    expect(again.cases.find((c) => c.id === 200)?.unread).toBe(1);
  });

  it('ignores a stale inbox response for a previous filter', () => {
    const s = run(
      initialState(me, { tab: 'mine', queueId: null }),
      { type: 'filter.changed', filter: { tab: 'queue', queueId: null } },
      {
        type: 'inbox.loaded',
        filter: { tab: 'mine', queueId: null },
        cases: [aCase({ status: 'assigned', assigneeId: me.id })],
      },
    );
    expect(s.cases).toEqual([]);
    expect(s.inboxLoading).toBe(true);
  });

  it('shows and clears customer typing', () => {
    let s = run(openState(), { type: 'typing', caseId: 100, at: 1 });
    expect(s.typing[100]).toBe(1);
    s = run(s, { type: 'typing', caseId: 100, at: 2 }, { type: 'typing.expired', caseId: 100, at: 1 });
    expect(s.typing[100]).toBe(2);
    s = run(s, event({ type: 'message.created', message: aMessage({ id: 12 }) }));
    expect(s.typing[100]).toBeUndefined();
  });

  it('updates the signed-in operator from operator.updated', () => {
    const s = run(openState(), event({ type: 'operator.updated', operator: { ...me, presence: 'away' } }));
    expect(s.me.presence).toBe('away');
  });
});

describe('isNewCaseAlert', () => {
  const known = new Set([1]);
  it('alerts on unseen queued cases and unseen cases assigned to me only', () => {
    expect(isNewCaseAlert({ type: 'case.updated', case: aCase({ id: 2 }) }, known, me.id)).toBe(true);
    expect(isNewCaseAlert({ type: 'case.updated', case: aCase({ id: 1 }) }, known, me.id)).toBe(false);
    expect(
      isNewCaseAlert(
        { type: 'case.updated', case: aCase({ id: 3, status: 'assigned', assigneeId: me.id }) },
        known,
        me.id,
      ),
    ).toBe(true);
    expect(
      isNewCaseAlert(
        { type: 'case.updated', case: aCase({ id: 4, status: 'assigned', assigneeId: 9 }) },
        known,
        me.id,
      ),
    ).toBe(false);
  });
});

describe('inbox pages', () => {
  const filter = { tab: 'resolved', queueId: null } as const;

  it('keeps the total and cursor, appends a further page, and a case leaving the list leaves the total', () => {
    const s0 = initialState(me, filter);
    const first = run(s0, {
      type: 'inbox.loaded',
      filter,
      cases: [aCase({ id: 3, status: 'resolved' }), aCase({ id: 2, status: 'resolved' })],
      total: 3,
      nextCursor: 'next',
    });
    expect(first).toMatchObject({ inboxTotal: 3, inboxCursor: 'next' });
    const both = run(first, {
      type: 'inbox.loaded',
      filter,
      cases: [aCase({ id: 1, status: 'resolved' })],
      total: 3,
      nextCursor: null,
      more: true,
    });
    expect(both.cases.map((c) => c.id).sort()).toEqual([1, 2, 3]);
    expect(both).toMatchObject({ inboxTotal: 3, inboxCursor: null });
    const reopened = run(both, {
      type: 'case.changed',
      case: aCase({ id: 2, status: 'assigned', assigneeId: me.id }),
    });
    expect(reopened.cases.map((c) => c.id).sort()).toEqual([1, 3]);
    expect(reopened.inboxTotal).toBe(2);
    const changedTab = run(reopened, { type: 'filter.changed', filter: { tab: 'mine', queueId: null } });
    expect(changedTab).toMatchObject({ inboxTotal: null, inboxCursor: null });
  });
});
