import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { OperatorRow } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { OperatorAccounts } from '../operators/operator-accounts.ts';
import { LoginThrottle } from './login-throttle.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { passwordPolicyProblem } from './password-policy-problem.ts';

export interface Session {
  /** The session's id: the hash of its cookie token (never the token itself). */
  id: string;
  operator: OperatorRow;
  queueIds: number[];
  csrfToken: string;
  expiresAt: string;
}

const sessionTtlMs = 12 * 60 * 60 * 1000; // one long shift

/** Why a session stopped being valid; realtime sockets opened with it are closed with this reason. */
export type SessionEndReason = 'logout' | 'expired' | 'disabled' | 'password_changed';

/** A session (or all sessions of an operator, when `sessionId` is absent) that has just ended. */
export interface SessionEnded {
  operatorId: number;
  sessionId?: string;
  reason: SessionEndReason;
}

/** The session id for a cookie token (what the database keeps). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Operator sessions: the cookie carries a random token; the database keeps only its hash. */
export class SessionService {
  private readonly endedListeners = new Set<(ended: SessionEnded) => void>();
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly deps: { store: Store; clock: Clock; operators: OperatorAccounts; audit: AuditLog },
  ) {
    this.throttle = new LoginThrottle(deps.clock);
  }

  /** Subscribes to ended sessions of this node (logout, operator disabled); returns the unsubscribe. */
  onEnded(listener: (ended: SessionEnded) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private announce(ended: SessionEnded): void {
    for (const listener of this.endedListeners) listener(ended);
  }

  /**
   * Checks the password and opens a session. Wrong passwords for one account, from any address, slow
   * further attempts down exponentially (`429 AUTH_RATE_LIMITED` with `retryAfterSeconds`), except from
   * addresses the account logged in from before.
   */
  async login(
    email: string,
    password: string,
    clientAddress = '',
  ): Promise<{ token: string; session: Session }> {
    const account = email.toLowerCase();
    const waitMs = this.throttle.retryAfterMs(account, clientAddress);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'AUTH_RATE_LIMITED',
        `too many wrong passwords for this account; try again in ${retryAfterSeconds} s`,
        { details: { retryAfterSeconds } },
      );
    }
    const operator = await this.deps.operators.findByEmail(account);
    const ok = await verifyPassword(password, operator?.password_hash ?? (await dummyPasswordHash()));
    if (!operator || !ok || operator.disabled) {
      this.throttle.failed(account, clientAddress);
      throw new AppError('AUTH_INVALID_CREDENTIALS', 'wrong e-mail or password');
    }
    this.throttle.succeeded(account, clientAddress);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + sessionTtlMs).toISOString();
    await this.deps.store.write(async (tx) => {
      // Expired sessions are useless; drop this operator's on each login so the table stays small.
      await tx.db
        .deleteFrom('sessions')
        .where('operator_id', '=', operator.id)
        .where('expires_at', '<=', now.toISOString())
        .execute();
      await tx.db
        .insertInto('sessions')
        .values({
          id: hashToken(token),
          operator_id: operator.id,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
      await this.deps.audit.record(tx, operator.id, 'auth.login', 'operator', operator.id, {});
    });
    return {
      token,
      session: {
        id: hashToken(token),
        operator,
        queueIds: await this.deps.operators.queueIdsOf(operator.id),
        csrfToken,
        expiresAt,
      },
    };
  }

  /** The live session for a cookie token, or null (unknown, expired, or operator disabled). */
  async resolve(token: string): Promise<Session | null> {
    const { db } = this.deps.store;
    const id = hashToken(token);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('operators', 'operators.id', 'sessions.operator_id')
      .selectAll('operators')
      .select(['sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.disabled || row.expires_at <= this.deps.clock.now().toISOString()) return null;
    const { csrf_token, expires_at, ...operator } = row;
    return {
      id,
      operator,
      queueIds: await this.deps.operators.queueIdsOf(operator.id),
      csrfToken: csrf_token,
      expiresAt: expires_at,
    };
  }

  /**
   * Ends the session of `token`; its realtime sockets on this node are closed at once. Answers how many
   * unexpired sessions its operator still has (another browser, another device): 0 when this was the last.
   */
  async logout(token: string): Promise<{ otherSessions: number }> {
    const id = hashToken(token);
    const now = this.deps.clock.now().toISOString();
    const { row, others } = await this.deps.store.write(async (tx) => {
      const ended = await tx.db
        .deleteFrom('sessions')
        .where('id', '=', id)
        .returning('operator_id')
        .executeTakeFirst();
      if (!ended) return { row: ended, others: 0 };
      const left = await tx.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('operator_id', '=', ended.operator_id)
        .where('expires_at', '>', now)
        .executeTakeFirstOrThrow();
      return { row: ended, others: Number(left.n) };
    });
    if (row) this.announce({ operatorId: row.operator_id, sessionId: id, reason: 'logout' });
    return { otherSessions: others };
  }

  /**
   * Changes the session operator's password: the current one must be right (wrong guesses count towards
   * the account's back-off), the new one must pass the policy. The operator's other sessions end (their
   * sockets close); this one stays.
   */
  async changePassword(
    session: Session,
    currentPassword: string,
    newPassword: string,
    clientAddress = '',
  ): Promise<void> {
    const account = session.operator.email;
    const waitMs = this.throttle.retryAfterMs(account, clientAddress);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'AUTH_RATE_LIMITED',
        `too many wrong passwords; try again in ${retryAfterSeconds} s`,
        {
          details: { retryAfterSeconds },
        },
      );
    }
    const row = await this.deps.operators.findById(session.operator.id);
    if (!row || !(await verifyPassword(currentPassword, row.password_hash))) {
      this.throttle.failed(account, clientAddress);
      throw new AppError('AUTH_INVALID_CREDENTIALS', 'the current password is wrong');
    }
    const problem = await passwordPolicyProblem(newPassword, { email: row.email });
    if (problem) throw new AppError('PASSWORD_TOO_WEAK', `the password is too weak: ${problem}`);
    const hash = await hashPassword(newPassword);
    const ended = await this.deps.store.write(async (tx) => {
      await tx.db.updateTable('operators').set({ password_hash: hash }).where('id', '=', row.id).execute();
      const others = await tx.db
        .deleteFrom('sessions')
        .where('operator_id', '=', row.id)
        .where('id', '!=', session.id)
        .returning('id')
        .execute();
      await this.deps.audit.record(tx, row.id, 'auth.password_change', 'operator', row.id, {
        endedSessions: others.length,
      });
      return others;
    });
    for (const { id } of ended)
      this.announce({ operatorId: row.id, sessionId: id, reason: 'password_changed' });
  }

  /**
   * Ends every session of an operator (the operator was disabled): the rows are deleted and the
   * operator's realtime sockets on this node are closed at once.
   */
  async endAllOf(operatorId: number, reason: SessionEndReason): Promise<void> {
    await this.deps.store.write(async (tx) => {
      await tx.db.deleteFrom('sessions').where('operator_id', '=', operatorId).execute();
    });
    this.announce({ operatorId, reason });
  }
}
