import {
  OperatorServerFrame,
  OperatorSingleFrame,
  type CaseViewer,
  type InboxRow,
  type OperatorClientFrame,
  type OperatorEvent,
  type ResyncReason,
} from '@frontline/shared';
import { z } from 'zod';

export type ConnectionState = 'online' | 'offline';

/** The slice of the browser WebSocket the client uses (lets tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface RealtimeOptions {
  /**
   * Builds the socket URL; `since` is the resume cursor (null on the very first connect), `view` the
   * cases this tab has open.
   */
  url: (since: number | null, view: readonly number[]) => string;
  /** A full event (the assignee's cases, the open case, events of no case). */
  onEvent: (event: OperatorEvent, id: number) => void;
  /** A coalesced inbox row (queue members, supervisors); older than what was applied for its case: dropped. */
  onRow?: (row: InboxRow) => void;
  /** The server asks for a reload of the inbox and open case over REST (the stream continues live). */
  onResync?: (reason: ResyncReason) => void;
  onTyping: (caseId: number) => void;
  /** Who has a case open that this tab has open, and who types in it (the collision signal). */
  onViewers?: (caseId: number, viewers: CaseViewer[]) => void;
  onStateChange: (state: ConnectionState) => void;
  createSocket?: (url: string) => SocketLike;
  /** Milliseconds between client typing frames for one case. */
  typingIntervalMs?: number;
  pingIntervalMs?: number;
  /** A socket that has neither opened nor closed after this long is given up and tried again (default 10 s). */
  connectTimeoutMs?: number;
  now?: () => number;
}

const OPEN = 1;
const maxBackoffMs = 15_000;

function isPong(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'type' in raw && raw.type === 'pong';
}

/** A batch's shell: its frames are validated one by one (an unknown one is skipped, not the batch). */
const BatchShell = z.object({
  type: z.literal('batch'),
  cursor: z.number().int(),
  frames: z.array(z.unknown()),
});

/** Builds the same-origin realtime URL (`ws:` or `wss:` following the page). */
export function realtimeUrl(
  since: number | null,
  location: Pick<Location, 'protocol' | 'host'> = window.location,
  view: readonly number[] = [],
) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = [
    ...(since === null ? [] : [`since=${since}`]),
    ...(view.length ? [`view=${view.join(',')}`] : []),
  ];
  const query = params.length ? `?${params.join('&')}` : '';
  return `${scheme}//${location.host}/api/v1/realtime${query}`;
}

/**
 * The operator realtime connection (docs/realtime.md). Validates every frame (each frame of a batch too),
 * skips events it has already seen and rows older than one applied, and reconnects with exponential
 * backoff asking for `since=<cursor>` — the cursor the server sends with each batch and `ready`, never
 * past a row still on its way — so nothing is missed.
 * @example
 * const rt = new RealtimeClient({ url: realtimeUrl, onEvent, onTyping, onStateChange });
 * rt.start();
 */
export class RealtimeClient {
  private socket: SocketLike | null = null;
  /** The resume cursor (batch cursors, ready, resync). */
  private lastId: number | null = null;
  /** The newest full event id applied: replays overlap, duplicates are skipped. */
  private lastEventId: number | null = null;
  /** caseId → the newest event id whose summary of the case was applied. */
  private readonly caseSeen = new Map<number, number>();
  private viewed: number[] = [];
  private attempt = 0;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readonly lastTypingSent = new Map<number, number>();
  private readonly options: RealtimeOptions;

  constructor(options: RealtimeOptions) {
    this.options = options;
  }

  /** The cursor a reconnect would resume from. */
  get cursor(): number | null {
    return this.lastId;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.clearConnectTimer();
    this.clearPing();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'logout');
    }
  }

  /** Declares the cases this tab has open (their full events come to it); `[]` when none. */
  view(caseIds: readonly number[]): void {
    this.viewed = [...caseIds];
    this.send({ type: 'view', caseIds: this.viewed });
  }

  /**
   * Tells the customer (not for an internal note, `note`) and the colleagues who have the case open that
   * the operator is typing; throttled per case.
   */
  sendTyping(caseId: number, note = false): void {
    const now = (this.options.now ?? Date.now)();
    const interval = this.options.typingIntervalMs ?? 2000;
    const last = this.lastTypingSent.get(caseId);
    if (last !== undefined && now - last < interval) return;
    if (this.send({ type: 'typing', caseId, ...(note ? { note } : {}) }))
      this.lastTypingSent.set(caseId, now);
  }

  private send(frame: OperatorClientFrame): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    let socket: SocketLike;
    try {
      socket = create(this.options.url(this.lastId, this.viewed));
    } catch (error) {
      // The browser refused to open it at all (a blocked address, a policy): no close event will come, so
      // this is the drop — without retrying here, the workspace would stay offline for good.
      console.warn('realtime: could not open the socket', error);
      this.options.onStateChange('offline');
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    // A connection that hangs (a silent network, a proxy holding the upgrade) sends no close event either.
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      if (this.socket !== socket || socket.readyState === OPEN) return;
      socket.onclose = null;
      socket.close();
      this.socket = null;
      this.options.onStateChange('offline');
      this.scheduleReconnect();
    }, this.options.connectTimeoutMs ?? 10_000);
    socket.onmessage = (ev) => this.handle(ev.data);
    socket.onopen = () => {
      this.clearConnectTimer();
      this.clearPing();
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), this.options.pingIntervalMs ?? 25_000);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.clearConnectTimer();
      this.socket = null;
      this.clearPing();
      this.options.onStateChange('offline');
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const base = Math.min(maxBackoffMs, 500 * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private handle(data: unknown): void {
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      console.warn('realtime: ignored a frame that is not JSON');
      return;
    }
    if (isPong(raw)) return;
    const batch = BatchShell.safeParse(raw);
    if (batch.success) {
      for (const inner of batch.data.frames) this.apply(inner);
      this.advance(batch.data.cursor);
      return;
    }
    this.apply(raw);
  }

  private advance(cursor: number): void {
    if (this.lastId === null || cursor > this.lastId) this.lastId = cursor;
  }

  private apply(raw: unknown): void {
    const parsed = OperatorSingleFrame.safeParse(raw);
    if (!parsed.success) {
      // A frame this version does not know (or a malformed one): logged and skipped.
      if (!OperatorServerFrame.safeParse(raw).success)
        console.warn('realtime: ignored an unknown frame', parsed.error.issues);
      return;
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'event': {
        if (this.lastEventId !== null && frame.id <= this.lastEventId) return; // already seen (replay overlap)
        this.lastEventId = frame.id;
        const e = frame.event;
        const caseId =
          e.type === 'case.updated' ? e.case.id : e.type === 'message.created' && e.case ? e.case.id : null;
        if (caseId !== null) this.caseSeen.set(caseId, frame.id);
        this.options.onEvent(frame.event, frame.id);
        return;
      }
      case 'rows':
        for (const row of frame.rows) {
          if ((this.caseSeen.get(row.caseId) ?? -1) >= row.id) continue; // a newer one was applied
          this.caseSeen.set(row.caseId, row.id);
          this.options.onRow?.(row);
        }
        return;
      case 'resync':
        this.lastId = frame.cursor;
        this.options.onResync?.(frame.reason);
        return;
      case 'ready':
        this.advance(frame.cursor);
        this.attempt = 0;
        this.options.onStateChange('online');
        return;
      case 'typing':
        this.options.onTyping(frame.caseId);
        return;
      case 'viewers':
        this.options.onViewers?.(frame.caseId, frame.viewers);
        return;
      case 'error':
        console.warn(`realtime: server error ${frame.code}: ${frame.message}`);
        return;
    }
  }
}
