import {
  messageStatusRank,
  type CaseDetail,
  type CaseSummary,
  type CaseViewer,
  type Message,
  type Operator,
  type OperatorEvent,
} from '@frontline/shared';
import { canSeeCase } from './can-see-case.ts';
import { matchesFilter, type InboxFilter } from './inbox-filter.ts';
import { mergeMessages } from './merge-messages.ts';
import type { ConnectionState } from './realtime.ts';
import { sortCases, type CaseOrder } from './sort-cases.ts';

export interface WorkspaceState {
  me: Operator;
  filter: InboxFilter;
  /** The inbox list for `filter`: newest activity first; the queue tab in queue order (`sortCases`). */
  cases: CaseSummary[];
  inboxLoading: boolean;
  /** Cases matching `filter` on all pages (null while unknown). */
  inboxTotal: number | null;
  /** The cursor of the next inbox page; null on the last page. */
  inboxCursor: string | null;
  /** Every case id this tab has seen: a `case.updated` for an id outside it is a new case. */
  knownCaseIds: ReadonlySet<number>;
  openCaseId: number | null;
  /** The open case's customer (known from the inbox row before the detail loads). */
  openCustomerId: number | null;
  detail: CaseDetail | null;
  /** The open customer's whole history, oldest first. */
  timeline: Message[];
  caseLoading: boolean;
  /** caseId → when the customer was last seen typing (ms). */
  typing: Readonly<Record<number, number>>;
  connection: ConnectionState;
  /** caseId → the operators who have it open (the collision signal, the `viewers` frame). */
  viewers: Readonly<Record<number, CaseViewer[]>>;
}

export type WorkspaceAction =
  | { type: 'filter.changed'; filter: InboxFilter }
  | {
      type: 'inbox.loaded';
      filter: InboxFilter;
      cases: CaseSummary[];
      total?: number | null;
      nextCursor?: string | null;
      /** A further page: appended to the list instead of replacing it. */
      more?: boolean;
    }
  | { type: 'cases.seen'; ids: number[] }
  | { type: 'case.opening'; caseId: number; customerId: number | null }
  | { type: 'case.loaded'; detail: CaseDetail; timeline: Message[] }
  | { type: 'case.closed' }
  | { type: 'case.changed'; case: CaseSummary }
  | { type: 'case.read'; caseId: number }
  | { type: 'message.sent'; message: Message }
  | { type: 'realtime'; event: OperatorEvent }
  /** A coalesced inbox row carried a message (no summary): the row is bumped, the timeline is not touched. */
  | { type: 'inbox.bumped'; message: Message }
  | { type: 'typing'; caseId: number; at: number }
  | { type: 'typing.expired'; caseId: number; at: number }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'viewers'; caseId: number; viewers: CaseViewer[] }
  | { type: 'me'; operator: Operator };

export function initialState(me: Operator, filter: InboxFilter): WorkspaceState {
  return {
    me,
    filter,
    cases: [],
    inboxLoading: true,
    inboxTotal: null,
    inboxCursor: null,
    knownCaseIds: new Set(),
    openCaseId: null,
    openCustomerId: null,
    detail: null,
    timeline: [],
    caseLoading: false,
    typing: {},
    connection: 'offline',
    viewers: {},
  };
}

/** The queue tab keeps the server's queue order; the other tabs newest activity first. */
const orderOf = (filter: InboxFilter): CaseOrder => (filter.tab === 'queue' ? 'queue' : 'activity');

const sameFilter = (a: InboxFilter, b: InboxFilter) => a.tab === b.tab && a.queueId === b.queueId;

function withKnown(known: ReadonlySet<number>, ids: readonly number[]): ReadonlySet<number> {
  if (ids.every((id) => known.has(id))) return known;
  const next = new Set(known);
  for (const id of ids) next.add(id);
  return next;
}

function withoutTyping(typing: Readonly<Record<number, number>>, caseId: number) {
  if (!(caseId in typing)) return typing;
  const next = { ...typing };
  delete next[caseId];
  return next;
}

/** Upserts a changed case into the inbox (or drops it when it no longer matches) and the open header. */
function applyCase(state: WorkspaceState, c: CaseSummary): WorkspaceState {
  const rest = state.cases.filter((x) => x.id !== c.id);
  const shown = matchesFilter(c, state.filter, state.me.id) && canSeeCase(state.me, c);
  const cases = shown ? sortCases([...rest, c], orderOf(state.filter)) : rest;
  const detail = state.detail && state.detail.id === c.id ? { ...state.detail, ...c } : state.detail;
  return {
    ...state,
    cases,
    detail,
    inboxTotal: adjustTotal(state.inboxTotal, state.cases.length, cases.length),
    knownCaseIds: withKnown(state.knownCaseIds, [c.id]),
  };
}

/**
 * The total after a live change: a case that left the list leaves the total; one that joined it may have
 * been on a page not loaded yet (already counted), so the total only grows to what is shown.
 */
function adjustTotal(total: number | null, before: number, after: number): number | null {
  if (total === null) return null;
  return after < before ? Math.max(0, total - (before - after)) : Math.max(total, after);
}

function snippet(m: Message): string {
  if (m.text.trim()) return m.text;
  return m.attachments.map((a) => a.filename).join(', ');
}

/** Bumps the inbox row of a new message's case (unless the case summary already reflects it). */
function bumpInbox(state: WorkspaceState, m: Message): CaseSummary[] {
  if (m.direction === 'note') return state.cases;
  const row = state.cases.find((c) => c.id === m.caseId);
  if (!row) return state.cases;
  const last = row.lastMessageAt ? Date.parse(row.lastMessageAt) : -Infinity;
  if (Date.parse(m.createdAt) <= last) return state.cases;
  const unread = m.direction === 'in' && state.openCaseId !== m.caseId ? row.unread + 1 : row.unread;
  const bumped: CaseSummary = {
    ...row,
    lastMessageText: snippet(m),
    lastMessageNotices: m.notices ?? null,
    lastMessageAt: m.createdAt,
    lastChannelKind: m.channelKind ?? row.lastChannelKind,
    unread,
  };
  return sortCases(
    state.cases.map((c) => (c.id === m.caseId ? bumped : c)),
    orderOf(state.filter),
  );
}

function applyMessage(state: WorkspaceState, m: Message): WorkspaceState {
  const timeline =
    m.customerId === state.openCustomerId ? mergeMessages(state.timeline, [m]) : state.timeline;
  const typing = m.direction === 'in' ? withoutTyping(state.typing, m.caseId) : state.typing;
  return { ...state, timeline, typing, cases: bumpInbox(state, m) };
}

function applyEvent(state: WorkspaceState, event: OperatorEvent): WorkspaceState {
  switch (event.type) {
    case 'case.updated':
      return applyCase(state, event.case);
    case 'message.created':
      return applyMessage(state, event.message);
    case 'message.status': {
      const target = state.timeline.find((m) => m.id === event.messageId);
      if (!target || messageStatusRank[event.status] <= messageStatusRank[target.status]) return state;
      const updated: Message = {
        ...target,
        status: event.status,
        statusReason: event.reason ?? target.statusReason,
      };
      return { ...state, timeline: state.timeline.map((m) => (m.id === event.messageId ? updated : m)) };
    }
    case 'operator.updated':
      return event.operator.id === state.me.id ? { ...state, me: event.operator } : state;
    case 'case.escalated':
      // The case itself changes by its own `case.updated`; the alert is not shown yet.
      return state;
  }
}

/**
 * The workspace state machine: inbox, open case, timeline, typing and connection.
 * Pure; realtime events, API results and UI intents all come in as actions.
 * @example const [state, dispatch] = useReducer(reduce, initialState(me, { tab: 'mine', queueId: null }));
 */
export function reduce(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  switch (action.type) {
    case 'filter.changed':
      return {
        ...state,
        filter: action.filter,
        inboxLoading: true,
        cases: sameFilter(state.filter, action.filter) ? state.cases : [],
        ...(sameFilter(state.filter, action.filter) ? {} : { inboxTotal: null, inboxCursor: null }),
      };
    case 'inbox.loaded':
      if (!sameFilter(state.filter, action.filter)) return state; // a stale response
      return {
        ...state,
        inboxLoading: false,
        inboxTotal: action.total ?? null,
        inboxCursor: action.nextCursor ?? null,
        cases: sortCases(
          [
            ...(action.more ? state.cases.filter((c) => !action.cases.some((x) => x.id === c.id)) : []),
            ...action.cases.filter((c) => matchesFilter(c, state.filter, state.me.id)),
          ],
          orderOf(state.filter),
        ),
        knownCaseIds: withKnown(
          state.knownCaseIds,
          action.cases.map((c) => c.id),
        ),
      };
    case 'cases.seen':
      return { ...state, knownCaseIds: withKnown(state.knownCaseIds, action.ids) };
    case 'case.opening':
      return {
        ...state,
        openCaseId: action.caseId,
        openCustomerId: action.customerId,
        detail: null,
        timeline:
          action.customerId !== null && action.customerId === state.openCustomerId ? state.timeline : [],
        caseLoading: true,
      };
    case 'case.loaded': {
      if (action.detail.id !== state.openCaseId) return state;
      const keep = state.openCustomerId === action.detail.customerId ? state.timeline : [];
      return {
        ...state,
        detail: action.detail,
        openCustomerId: action.detail.customerId,
        timeline: mergeMessages(keep, action.timeline),
        caseLoading: false,
        knownCaseIds: withKnown(state.knownCaseIds, [action.detail.id]),
      };
    }
    case 'case.closed':
      return {
        ...state,
        openCaseId: null,
        openCustomerId: null,
        detail: null,
        timeline: [],
        caseLoading: false,
      };
    case 'case.changed':
      return applyCase(state, action.case);
    case 'case.read': {
      const row = state.cases.find((c) => c.id === action.caseId);
      if (!row || row.unread === 0) return state;
      return { ...state, cases: state.cases.map((c) => (c.id === action.caseId ? { ...c, unread: 0 } : c)) };
    }
    case 'message.sent':
      return applyMessage(state, action.message);
    case 'realtime':
      return applyEvent(state, action.event);
    case 'inbox.bumped':
      return action.message.direction === 'note'
        ? state
        : { ...state, cases: bumpInbox(state, action.message) };
    case 'typing':
      return { ...state, typing: { ...state.typing, [action.caseId]: action.at } };
    case 'typing.expired':
      return state.typing[action.caseId] === action.at
        ? { ...state, typing: withoutTyping(state.typing, action.caseId) }
        : state;
    case 'connection':
      return state.connection === action.state ? state : { ...state, connection: action.state };
    case 'me':
      return { ...state, me: action.operator };
    case 'viewers': {
      const viewers = { ...state.viewers };
      if (action.viewers.length === 0) delete viewers[action.caseId];
      else viewers[action.caseId] = action.viewers;
      return { ...state, viewers };
    }
  }
}
