import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { expandEvent } from '../expand-event.ts';
import type {
  CaseSummary,
  InboxRow,
  Operator,
  OperatorEvent,
  Presence,
  Queue,
  SessionResponse,
} from '@frontline/shared';
import type { Api, SendMessageParams } from '../api.ts';
import { primeAudio } from '../alert-operator.ts';
import type { CaseHandle, ComposerHandle } from '../case-handle.ts';
import { errorText } from '../error-text.ts';
import { fetchInbox } from '../fetch-inbox.ts';
import { useI18n } from '../i18n-context.ts';
import type { InboxFilter } from '../inbox-filter.ts';
import { isNewCaseAlert } from '../is-new-case-alert.ts';
import { RealtimeClient, realtimeUrl } from '../realtime.ts';
import { queueName } from '../queue-name.ts';
import { CaseReplyContext } from '../reply-context.ts';
import { replyVariablesOf } from '../fill-canned-reply.ts';
import { initialState, reduce, type WorkspaceState } from '../store.ts';
import { useKeyboardFlow } from '../use-keyboard-flow.ts';
import { createReplyFocusIntent } from '../reply-focus-intent.ts';
import { useOperatorAlerts } from '../use-operator-alerts.ts';
import { canOpen, hashOf, viewFromHash, type WorkspaceView } from '../workspace-view.ts';
import { CaseView } from './CaseView.tsx';
import { ApiTokensScreen } from './ApiTokensScreen.tsx';
import { CannedRepliesScreen } from './CannedRepliesScreen.tsx';
import { ChannelsScreen } from './ChannelsScreen.tsx';
import { AcdScreen } from './AcdScreen.tsx';
import { CustomerCard } from './CustomerCard.tsx';
import { Inbox } from './Inbox.tsx';
import { ScreenTools } from './ScreenTools.tsx';
import { SearchBox } from './SearchBox.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { TopBar } from './TopBar.tsx';

const typingVisibleMs = 5000;

function caseIdFromHash(): number | null {
  const match = /^#case-(\d+)$/.exec(window.location.hash);
  return match?.[1] ? Number(match[1]) : null;
}

function replaceHash(hash: string) {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

function setHash(caseId: number | null) {
  replaceHash(caseId === null ? '' : `#case-${caseId}`);
}

/**
 * The signed-in workspace: wires the API, the realtime stream and the reducer to the three columns;
 * admins can switch the main area to the Channels screen (`#channels`).
 */
export function Workspace(props: { api: Api; session: SessionResponse; onLogout: () => Promise<void> }) {
  const { api } = props;
  const { t, locale } = useI18n();
  const [state, dispatch] = useReducer(reduce, props.session.operator, (me: Operator) =>
    initialState(me, { tab: 'mine', queueId: null }),
  );
  const [queues, setQueues] = useState<Queue[]>([]);
  const [operators, setOperators] = useState<Operator[]>([]);
  const [breakReasons, setBreakReasons] = useState<string[]>([]);
  const [inboxVersion, setInboxVersion] = useState(0);
  const [inboxError, setInboxError] = useState<string | null>(null);
  const [caseError, setCaseError] = useState<string | null>(null);
  const [view, setView] = useState<WorkspaceView>(() =>
    viewFromHash(window.location.hash, props.session.operator.role),
  );

  const stateRef = useRef(state);
  const realtimeRef = useRef<RealtimeClient | null>(null);
  const alerted = useRef(new Set<number>());
  const alertsReady = useRef(false);
  const initialReplayDone = useRef(false);
  const pendingEvents = useRef<OperatorEvent[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const readTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const queuesTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLayoutEffect(() => {
    stateRef.current = state;
  });
  const caseHandle = useRef<CaseHandle | null>(null);
  const composerHandle = useRef<ComposerHandle | null>(null);
  const [replyFocus] = useState(createReplyFocusIntent);
  const [helpOpen, setHelpOpen] = useState(false);
  const alerts = useOperatorAlerts({
    meId: props.session.operator.id,
    t,
    openCase: (id) => void openCaseRef.current(id),
  });

  const { tab, queueId } = state.filter;

  // Inbox list for the current filter (and again after a reconnect).
  useEffect(() => {
    let cancelled = false;
    const filter: InboxFilter = { tab, queueId };
    fetchInbox(api, filter).then(
      (page) => {
        if (cancelled) return;
        setInboxError(null);
        dispatch({ type: 'inbox.loaded', filter, ...page });
      },
      (error: unknown) => {
        if (!cancelled) setInboxError(errorText(error, t));
      },
    );
    return () => {
      cancelled = true;
    };
    // `t` is deliberately not a dependency: changing language must not reload the inbox.
  }, [api, tab, queueId, inboxVersion]);

  const loadQueues = useCallback(() => {
    api.listQueues().then(setQueues, () => undefined);
  }, [api]);

  const scheduleQueuesRefresh = useCallback(() => {
    if (queuesTimer.current) return;
    queuesTimer.current = setTimeout(() => {
      queuesTimer.current = null;
      loadQueues();
    }, 1500);
  }, [loadQueues]);

  const markRead = useCallback(
    (caseId: number) => {
      api.markRead(caseId).then(
        () => {
          dispatch({ type: 'case.read', caseId });
          alerts.read(caseId);
        },
        () => undefined,
      );
    },
    [api, alerts.read],
  );

  const scheduleRead = useCallback(
    (caseId: number) => {
      if (readTimer.current) clearTimeout(readTimer.current);
      readTimer.current = setTimeout(() => {
        readTimer.current = null;
        if (stateRef.current.openCaseId === caseId) markRead(caseId);
      }, 300);
    },
    [markRead],
  );

  const openCase = useCallback(
    async (caseId: number) => {
      const row = stateRef.current.cases.find((c) => c.id === caseId);
      dispatch({ type: 'case.opening', caseId, customerId: row?.customerId ?? null });
      replyFocus.want();
      setCaseError(null);
      setView('inbox');
      setHash(caseId);
      // Declared before loading, so the case's full events reach this tab from now on (docs/realtime.md).
      realtimeRef.current?.view([caseId]);
      try {
        const detail = await api.getCase(caseId);
        const timeline = await api.getTimeline(detail.customerId);
        dispatch({ type: 'case.loaded', detail, timeline });
        markRead(caseId);
      } catch (error) {
        if (stateRef.current.openCaseId === caseId) setCaseError(errorText(error, t));
      }
    },
    [api, markRead, replyFocus, t],
  );

  /** Side effects of one realtime event (alerts, read receipts, reference data); state changes go to the reducer. */
  const handleEvent = (event: OperatorEvent, s: WorkspaceState) => {
    // No alerts for the initial backlog replay (history), only for what happens afterwards.
    const live = alertsReady.current && initialReplayDone.current;
    if (live) alerts.event(event, s.openCaseId, (id) => s.cases.find((c) => c.id === id)?.assigneeId);
    if (event.type === 'case.updated') {
      const c = event.case;
      // Coalesced: a burst of new cases is one notification per 10 s (use-operator-alerts.ts).
      if (live && !alerted.current.has(c.id) && isNewCaseAlert(event, s.knownCaseIds, s.me.id))
        alerts.newCase(c);
      alerted.current.add(c.id);
      scheduleQueuesRefresh();
    }
    if (event.type === 'operator.updated') {
      setOperators((list) => list.map((o) => (o.id === event.operator.id ? event.operator : o)));
    }
    if (
      event.type === 'message.created' &&
      event.message.direction === 'in' &&
      event.message.caseId === s.openCaseId &&
      document.visibilityState === 'visible'
    ) {
      scheduleRead(event.message.caseId);
    }
  };

  /** Reloads the open customer's timeline (a row showed a message this tab has not got in full). */
  const timelineTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleTimelineRefresh = useCallback(() => {
    if (timelineTimer.current) return;
    timelineTimer.current = setTimeout(() => {
      timelineTimer.current = null;
      const { detail, openCaseId } = stateRef.current;
      if (!detail || detail.id !== openCaseId) return;
      api.getTimeline(detail.customerId).then(
        (timeline) => dispatch({ type: 'case.loaded', detail: stateRef.current.detail ?? detail, timeline }),
        () => undefined,
      );
    }, 300);
  }, [api]);

  /**
   * A coalesced inbox row: as `case.updated` for the list (alerts and the reducer work the same), or a bump.
   * A row about the open customer whose last message is newer than the timeline reloads the timeline
   * (a message of another case of theirs, or one that came before the `view` frame took effect).
   */
  const handleRow = (row: InboxRow) => {
    if (row.case) pendingEvents.current.push({ type: 'case.updated', case: row.case });
    const s = stateRef.current;
    const newest = s.timeline.at(-1)?.createdAt ?? '';
    const at = row.message?.createdAt ?? row.case?.lastMessageAt ?? '';
    const customerId = row.message?.customerId ?? row.case?.customerId;
    if (customerId !== undefined && customerId === s.openCustomerId && at > newest) scheduleTimelineRefresh();
    if (row.message) {
      const message = row.message;
      flushRef.current();
      dispatch({ type: 'inbox.bumped', message });
      return;
    }
    flushTimer.current ??= setTimeout(() => flushRef.current(), 16);
  };

  /** Realtime events are applied in batches (one render per burst, e.g. a backlog replay). */
  const flushEvents = () => {
    flushTimer.current = null;
    const batch = pendingEvents.current;
    pendingEvents.current = [];
    const s = stateRef.current;
    for (const event of batch) {
      handleEvent(event, s);
      dispatch({ type: 'realtime', event });
    }
  };
  const flushRef = useRef(flushEvents);
  const handleRowRef = useRef(handleRow);
  const openCaseRef = useRef(openCase);
  /** Stable, so the inbox rows (memoised) do not re-render for it. */
  const openFromInbox = useCallback((id: number) => void openCaseRef.current(id), []);
  useLayoutEffect(() => {
    flushRef.current = flushEvents;
    handleRowRef.current = handleRow;
    openCaseRef.current = openCase;
  });

  // Realtime stream, reference data and the "known cases" seed for new-case alerts.
  useEffect(() => {
    const typingTimers = new Set<ReturnType<typeof setTimeout>>();
    let failures = 0;
    const rt = new RealtimeClient({
      url: (since, view) => realtimeUrl(since, window.location, view),
      onRow: (row) => handleRowRef.current(row),
      onResync: () => {
        // Too far behind (or too slow): the inbox and the open case are reloaded over REST.
        setInboxVersion((v) => v + 1);
        const open = stateRef.current.openCaseId;
        if (open !== null) void openCaseRef.current(open);
      },
      onEvent: (event) => {
        pendingEvents.current.push(...expandEvent(event));
        flushTimer.current ??= setTimeout(() => flushRef.current(), 16);
      },
      onTyping: (caseId) => {
        const at = Date.now();
        dispatch({ type: 'typing', caseId, at });
        const timer = setTimeout(() => {
          typingTimers.delete(timer);
          dispatch({ type: 'typing.expired', caseId, at });
        }, typingVisibleMs);
        typingTimers.add(timer);
      },
      onViewers: (caseId, viewers) => dispatch({ type: 'viewers', caseId, viewers }),
      onStateChange: (connection) => {
        if (connection === 'offline') {
          // A socket that keeps failing may mean the session is gone (the upgrade is refused with 401).
          failures += 1;
          if (failures % 3 === 0) {
            api.me().then(
              (session) => {
                if (!session) void props.onLogout();
              },
              () => undefined,
            );
          }
        }
        if (connection === 'online') {
          failures = 0;
          // Apply the replayed backlog before announcing "online" (and before live alerts start).
          if (flushTimer.current) clearTimeout(flushTimer.current);
          flushRef.current();
          initialReplayDone.current = true;
          // Re-sync the list after every (re)connect: replayed snapshots may predate fields like `unread`.
          setInboxVersion((v) => v + 1);
        }
        dispatch({ type: 'connection', state: connection });
      },
    });
    realtimeRef.current = rt;
    rt.start();

    loadQueues();
    api.listOperators().then(setOperators, () => undefined);
    api.getPresence().then(
      (p) => setBreakReasons(p.breakReasons),
      () => undefined,
    );
    Promise.all([api.listCases({ status: 'queued' }), api.listCases({ status: 'assigned', assignee: 'me' })])
      .then(([queued, mine]) => {
        const ids = [...queued, ...mine].map((c) => c.id);
        for (const id of ids) alerted.current.add(id);
        dispatch({ type: 'cases.seen', ids });
        alerts.seedMine(mine);
      })
      .catch(() => undefined)
      .finally(() => {
        alertsReady.current = true;
      });

    const initial = caseIdFromHash();
    if (initial !== null) void openCase(initial);

    const unlockAudio = () => primeAudio();
    window.addEventListener('pointerdown', unlockAudio, { once: true });
    const onVisible = () => {
      const s = stateRef.current;
      if (document.visibilityState !== 'visible' || s.openCaseId === null) return;
      if (s.cases.some((c) => c.id === s.openCaseId && c.unread > 0)) markRead(s.openCaseId);
    };
    document.addEventListener('visibilitychange', onVisible);
    // A typed or bookmarked `#channels` switches screens (replaceState above never fires this).
    const onHashChange = () => {
      if (caseIdFromHash() === null) setView(viewFromHash(window.location.hash, stateRef.current.me.role));
    };
    window.addEventListener('hashchange', onHashChange);

    return () => {
      rt.stop();
      realtimeRef.current = null;
      for (const timer of typingTimers) clearTimeout(timer);
      window.removeEventListener('pointerdown', unlockAudio);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('hashchange', onHashChange);
      if (readTimer.current) clearTimeout(readTimer.current);
      if (flushTimer.current) clearTimeout(flushTimer.current);
      flushTimer.current = null;
      pendingEvents.current = [];
      if (queuesTimer.current) clearTimeout(queuesTimer.current);
      queuesTimer.current = null;
      if (timelineTimer.current) clearTimeout(timelineTimer.current);
      timelineTimer.current = null;
    };
    // Runs once per signed-in session (the component is keyed by operator id).
  }, []);

  const changeFilter = (filter: InboxFilter) => dispatch({ type: 'filter.changed', filter });

  /** The next page of the inbox, appended below what is shown. */
  const loadMore = () => {
    const { filter, inboxCursor } = stateRef.current;
    if (inboxCursor === null) return;
    fetchInbox(api, filter, inboxCursor).then(
      (page) => dispatch({ type: 'inbox.loaded', filter, ...page, more: true }),
      (error: unknown) => setInboxError(errorText(error, t)),
    );
  };

  const changePresence = async (presence: Presence, reason?: string) => {
    const operator = await api.setPresence(presence, reason);
    dispatch({ type: 'me', operator });
  };

  /** Offline, and every open case of mine back to the queue; the inbox follows the `case.updated` events. */
  const endShift = async () => {
    const { operator } = await api.endShift();
    dispatch({ type: 'me', operator });
  };

  const applyCase = (c: CaseSummary) => dispatch({ type: 'case.changed', case: c });

  const sendMessage = async (caseId: number, message: SendMessageParams) => {
    const sent = await api.sendMessage(caseId, message);
    dispatch({ type: 'message.sent', message: sent });
  };

  /** The open case and its timeline again (a merge or an undo may have moved it to another customer). */
  const refreshOpenCase = () => {
    const caseId = stateRef.current.openCaseId;
    if (caseId === null) return;
    api
      .getCase(caseId)
      .then(async (fresh) => {
        const timeline = await api.getTimeline(fresh.customerId);
        if (stateRef.current.openCaseId === caseId)
          dispatch({ type: 'case.loaded', detail: fresh, timeline });
      })
      .catch(() => undefined);
  };

  const closeCase = () => {
    realtimeRef.current?.view([]);
    dispatch({ type: 'case.closed' });
    setHash(null);
  };

  const changeView = (next: WorkspaceView) => {
    setView(next);
    const openCaseId = stateRef.current.openCaseId;
    replaceHash(hashOf(next) ?? (openCaseId === null ? '' : `#case-${openCaseId}`));
  };

  const logout = async () => {
    realtimeRef.current?.stop();
    await props.onLogout();
  };

  const detail = state.detail;
  /** The open case's queue and the canned-reply variables' values (the composer's `/` picker reads them). */
  const replyContextOf = (d: NonNullable<typeof detail>) => {
    const queue = queues.find((q) => q.id === d.queueId);
    const variables = replyVariablesOf({
      customerName: d.customer.displayName ?? d.customerName,
      operatorName: state.me.name,
      caseId: d.id,
      queueName: queue ? queueName(queue, locale) : null,
    });
    return { queueId: d.queueId, variables };
  };
  const typingAt = detail ? state.typing[detail.id] : undefined;
  // Changes with the open case's events (its row, its messages): the customer card is fetched again then.
  const openRow = state.cases.find((c) => c.id === state.openCaseId);
  const cardRevision = [
    openRow?.customerId,
    openRow?.status,
    openRow?.lastMessageAt,
    state.timeline.length,
    state.timeline.at(-1)?.id,
  ].join(':');
  // A role change (e.g. demoted while on Channels) falls back to the inbox.
  const shownView = canOpen(state.me.role, view) ? view : 'inbox';
  useKeyboardFlow({
    enabled: shownView === 'inbox',
    caseIds: state.cases.map((c) => c.id),
    openCaseId: state.openCaseId,
    open: (id) => void openCase(id),
    caseHandle,
    composer: composerHandle,
    replyFocus,
    helpOpen,
    setHelpOpen,
  });

  return (
    <div className="app">
      <TopBar
        me={state.me}
        connection={state.connection}
        view={shownView}
        onView={changeView}
        onPresence={changePresence}
        onEndShift={endShift}
        breakReasons={breakReasons}
        onLogout={logout}
        search={
          <>
            <SearchBox api={api} onOpenCase={(id) => void openCase(id)} />
            <ScreenTools
              settings={alerts.settings}
              onSettings={alerts.changeSettings}
              onHelp={() => setHelpOpen((v) => !v)}
              staff={state.me.role !== 'operator'}
            />
          </>
        }
      />
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      {shownView === 'tokens' ? (
        <ApiTokensScreen api={api} role={state.me.role} />
      ) : shownView === 'replies' ? (
        <CannedRepliesScreen api={api} role={state.me.role} queues={queues} />
      ) : shownView === 'channels' ? (
        <ChannelsScreen api={api} />
      ) : shownView === 'acd' ? (
        <AcdScreen api={api} role={state.me.role} meId={state.me.id} onQueuesChanged={loadQueues} />
      ) : (
        <div className="columns">
          <Inbox
            cases={state.cases}
            filter={state.filter}
            loading={state.inboxLoading}
            total={state.inboxTotal}
            hasMore={state.inboxCursor !== null}
            onMore={loadMore}
            error={inboxError}
            queues={queues}
            openCaseId={state.openCaseId}
            onFilter={changeFilter}
            onOpen={openFromInbox}
          />
          <main className="center">
            {state.openCaseId === null ? (
              <div className="empty-state">{t('case.pick')}</div>
            ) : caseError ? (
              <div className="empty-state">
                <div className="alert alert-error">{caseError}</div>
                <button className="btn" type="button" onClick={closeCase}>
                  ✕
                </button>
              </div>
            ) : !detail ? (
              <div className="empty-state">{t('case.loading')}</div>
            ) : (
              <CaseReplyContext.Provider value={replyContextOf(detail)}>
                <CaseView
                  key={detail.id}
                  api={api}
                  me={state.me}
                  detail={detail}
                  timeline={state.timeline}
                  queues={queues}
                  operators={operators}
                  customerTyping={typingAt !== undefined}
                  onCaseChanged={applyCase}
                  onSend={(message) => sendMessage(detail.id, message)}
                  onTyping={(note) => realtimeRef.current?.sendTyping(detail.id, note)}
                  viewers={(state.viewers[detail.id] ?? []).filter((v) => v.operatorId !== state.me.id)}
                  handleRef={caseHandle}
                  composerRef={composerHandle}
                  takeReplyFocus={replyFocus.take}
                  onLoadOperators={() => api.listOperators().then(setOperators, () => undefined)}
                />
              </CaseReplyContext.Provider>
            )}
          </main>
          <CustomerCard
            customer={state.detail?.customer ?? null}
            api={api}
            revision={cardRevision}
            currentCaseId={state.openCaseId}
            operators={operators}
            onOpenCase={(id) => void openCase(id)}
            onCustomersChanged={refreshOpenCase}
          />
        </div>
      )}
    </div>
  );
}
