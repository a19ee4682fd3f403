import type { CaseViewer } from '@frontline/shared';
import type { Kysely } from 'kysely';
import type { CaseService } from '../../modules/cases/case-service.ts';
import { readTypingTarget } from '../../modules/events/read-typing-target.ts';
import type { Database } from '../../store/schema.ts';
import type { OperatorConnection } from './operator-hub.ts';

/** How long an operator counts as typing in a case after their last typing frame. */
export const operatorTypingMs = 6000;

/** Whether the socket's operator may see the case (the REST rule); absent: every declared case counts. */
export type MayView = (c: OperatorConnection, caseId: number) => Promise<boolean>;

export interface CaseCollisionOptions {
  /** Default `operatorTypingMs`. */
  typingMs?: number;
  mayView?: MayView;
}

/** `MayView` by the case's queue and assignee in the store (`CaseService.canSee`). */
export function viewPermission(db: Kysely<Database>, cases: Pick<CaseService, 'canSee'>): MayView {
  return async (c, caseId) => {
    const row = await readTypingTarget(db, caseId);
    const { operatorId, role, queueIds } = c.recipient;
    return (
      row !== undefined && cases.canSee({ id: operatorId, name: '', role, queueIds: [...queueIds] }, row)
    );
  };
}

/**
 * Collision signals of this node's operator sockets (docs/realtime.md): who has a case open (`view`) and
 * who is typing in it. Whenever that changes for a case, every socket that has the case open is sent
 * `{"type":"viewers","caseId":…,"viewers":[{"operatorId":…,"name":"…","typing":false}]}` — the whole list,
 * one entry per operator (several tabs of one operator are one entry), the receiver itself included.
 * Ephemeral: nothing is stored; a socket that opens a case is sent the list at once.
 */
export class CaseCollision {
  private readonly names = new Map<OperatorConnection, string>();
  /** What each socket had open when last seen here (`OperatorConnection.viewed` is replaced in place). */
  private readonly viewing = new Map<OperatorConnection, Set<number>>();
  private readonly byCase = new Map<number, Set<OperatorConnection>>();
  /** socket → case → the timer that ends its typing. */
  private readonly typing = new Map<OperatorConnection, Map<number, ReturnType<typeof setTimeout>>>();
  private readonly typingMs: number;
  private readonly mayView: MayView | undefined;

  constructor(options: CaseCollisionOptions = {}) {
    this.typingMs = options.typingMs ?? operatorTypingMs;
    this.mayView = options.mayView;
  }

  /** A new socket of operator `name` (its `viewed` may already hold the cases of `?view=`). */
  add(c: OperatorConnection, name: string): void {
    this.names.set(c, name);
    this.viewing.set(c, new Set());
    this.viewChanged(c);
  }

  /**
   * The socket sent `view`: the cases it left and the ones it opened are announced. An opened case joins
   * once `mayView` allows it (a case the operator may not see is neither shown to them nor shows them).
   */
  viewChanged(c: OperatorConnection): void {
    const before = this.viewing.get(c);
    if (!before) return;
    const after = new Set(c.viewed);
    this.viewing.set(c, after);
    for (const id of before)
      if (!after.has(id) && this.unindex(c, id)) {
        this.stopTyping(c, id);
        this.announce(id);
      }
    for (const id of after) {
      if (before.has(id)) continue;
      if (!this.mayView) {
        this.join(c, id);
        continue;
      }
      this.mayView(c, id).then(
        // Still open on a still open socket when the answer comes.
        (allowed) => {
          if (allowed && this.viewing.get(c)?.has(id)) this.join(c, id);
        },
        () => undefined,
      );
    }
  }

  /** The socket's operator is typing in `caseId` (a reply or a note); only counts for a case it has open. */
  typed(c: OperatorConnection, caseId: number): void {
    if (!this.byCase.get(caseId)?.has(c)) return;
    let timers = this.typing.get(c);
    if (!timers) this.typing.set(c, (timers = new Map<number, ReturnType<typeof setTimeout>>()));
    const running = timers.get(caseId);
    if (running) clearTimeout(running);
    const timer = setTimeout(() => {
      timers.delete(caseId);
      this.announce(caseId);
    }, this.typingMs);
    timer.unref?.();
    timers.set(caseId, timer);
    if (!running) this.announce(caseId);
  }

  /** The socket closed. */
  remove(c: OperatorConnection): void {
    const cases = this.viewing.get(c);
    if (!cases) return;
    this.viewing.delete(c);
    this.names.delete(c);
    const left = [...cases].filter((id) => this.unindex(c, id));
    for (const id of cases) this.stopTyping(c, id);
    for (const id of left) this.announce(id);
  }

  /** Stops the typing timers (the app is closing). */
  close(): void {
    for (const timers of this.typing.values()) for (const t of timers.values()) clearTimeout(t);
    this.typing.clear();
  }

  /** Who has `caseId` open on this node, one entry per operator. */
  viewersOf(caseId: number): CaseViewer[] {
    const byOperator = new Map<number, CaseViewer>();
    for (const c of this.byCase.get(caseId) ?? []) {
      const operatorId = c.recipient.operatorId;
      const typing = this.typing.get(c)?.has(caseId) ?? false;
      const seen = byOperator.get(operatorId);
      if (seen) seen.typing ||= typing;
      else byOperator.set(operatorId, { operatorId, name: this.names.get(c) ?? '', typing });
    }
    return [...byOperator.values()].sort((a, b) => a.operatorId - b.operatorId);
  }

  private announce(caseId: number): void {
    const sockets = this.byCase.get(caseId);
    if (!sockets) return;
    const frame = JSON.stringify({ type: 'viewers', caseId, viewers: this.viewersOf(caseId) });
    for (const c of sockets) if (c.isLive()) c.writer.enqueue(frame);
  }

  private join(c: OperatorConnection, caseId: number): void {
    let set = this.byCase.get(caseId);
    if (!set) this.byCase.set(caseId, (set = new Set()));
    if (set.has(c)) return;
    set.add(c);
    this.announce(caseId);
  }

  /** Takes the socket out of the case's viewers; false when it was not in them. */
  private unindex(c: OperatorConnection, caseId: number): boolean {
    const set = this.byCase.get(caseId);
    if (!set?.delete(c)) return false;
    if (set.size === 0) this.byCase.delete(caseId);
    return true;
  }

  private stopTyping(c: OperatorConnection, caseId: number): void {
    const timers = this.typing.get(c);
    const timer = timers?.get(caseId);
    if (timer) clearTimeout(timer);
    timers?.delete(caseId);
    if (timers?.size === 0) this.typing.delete(c);
  }
}
