import type { CreateOperatorRequest, Locale, Operator, Role } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { OperatorRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { hashPassword } from '../auth/password.ts';
import { passwordPolicyProblem } from '../auth/password-policy-problem.ts';
import { toOperator } from '../views.ts';

/** What operator accounts need: nothing of the live system (no events, no cases): the CLI builds only this. */
export interface OperatorAccountsDeps {
  store: Store;
  clock: Clock;
  audit: AuditLog;
}

/**
 * Operator accounts: look-up, listing, creation (admin action, first-admin bootstrap, CLI) and settings that
 * tell no one else. Changes other screens must see live (presence, disabling) are `OperatorService`'s.
 */
export class OperatorAccounts {
  constructor(protected readonly deps: OperatorAccountsDeps) {}

  async queueIdsOf(operatorId: number, db: Tx['db'] | Store['db'] = this.deps.store.db): Promise<number[]> {
    const rows = await db
      .selectFrom('operator_queues')
      .select('queue_id')
      .where('operator_id', '=', operatorId)
      .execute();
    return rows.map((r) => r.queue_id).sort((a, b) => a - b);
  }

  async findById(id: number): Promise<OperatorRow | undefined> {
    return this.deps.store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByEmail(email: string): Promise<OperatorRow | undefined> {
    return this.deps.store.db
      .selectFrom('operators')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  async dto(row: OperatorRow, db: Tx['db'] | Store['db'] = this.deps.store.db): Promise<Operator> {
    return toOperator(row, await this.queueIdsOf(row.id, db));
  }

  async list(): Promise<Operator[]> {
    const { db } = this.deps.store;
    const rows = await db
      .selectFrom('operators')
      .selectAll('operators')
      .select((eb) =>
        eb
          .selectFrom('cases')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('cases.assignee_id', '=', 'operators.id')
          .where('cases.status', '=', 'assigned')
          .as('active'),
      )
      .where('disabled', '=', 0)
      .orderBy('name')
      .execute();
    const links = await db.selectFrom('operator_queues').selectAll().execute();
    return rows.map((r) =>
      toOperator(
        r,
        links.filter((l) => l.operator_id === r.id).map((l) => l.queue_id),
        Number(r.active ?? 0),
      ),
    );
  }

  /** Create an operator (admin action or first-admin bootstrap). */
  async create(req: CreateOperatorRequest, actorId: number | null): Promise<Operator> {
    const problem = await passwordPolicyProblem(req.password, { email: req.email });
    if (problem) throw new AppError('PASSWORD_TOO_WEAK', `the password is too weak: ${problem}`);
    const passwordHash = await hashPassword(req.password);
    return this.deps.store.write(async (tx) => {
      const email = req.email.toLowerCase();
      const exists = await tx.db
        .selectFrom('operators')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (exists) throw new AppError('OPERATOR_EXISTS', `an operator with e-mail ${email} already exists`);
      const now = this.deps.clock.now().toISOString();
      const row = await tx.db
        .insertInto('operators')
        .values({
          email,
          name: req.name,
          password_hash: passwordHash,
          role: req.role,
          capacity: req.capacity,
          presence: 'offline',
          locale: 'ru',
          disabled: 0,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const queueId of req.queueIds) {
        const q = await tx.db.selectFrom('queues').select('id').where('id', '=', queueId).executeTakeFirst();
        if (!q) throw new AppError('QUEUE_NOT_FOUND', `queue ${queueId} not found`);
        await tx.db
          .insertInto('operator_queues')
          .values({ operator_id: row.id, queue_id: queueId })
          .execute();
      }
      await this.deps.audit.record(tx, actorId, 'operator.create', 'operator', row.id, {
        email,
        role: req.role,
      });
      return this.dto(row, tx.db);
    });
  }

  /** Ensure the first admin exists (idempotent): from env at start or from the CLI. */
  async ensureAdmin(email: string, password: string, role: Role = 'admin'): Promise<'created' | 'exists'> {
    const existing = await this.findByEmail(email);
    if (existing) return 'exists';
    const queues = await this.deps.store.db.selectFrom('queues').select('id').execute();
    await this.create(
      {
        email,
        password,
        name: email.split('@')[0] ?? email,
        role,
        capacity: 5,
        queueIds: queues.map((q) => q.id),
      },
      null,
    );
    return 'created';
  }

  /** The e-mails of the admins, for the start-up banner. */
  async adminEmails(): Promise<string[]> {
    const rows = await this.deps.store.db
      .selectFrom('operators')
      .select('email')
      .where('role', '=', 'admin')
      .execute();
    return rows.map((r) => r.email);
  }

  async setLocale(operatorId: number, locale: Locale): Promise<Operator> {
    return this.deps.store.write(async (tx) => {
      const row = await tx.db
        .updateTable('operators')
        .set({ locale })
        .where('id', '=', operatorId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return this.dto(row, tx.db);
    });
  }
}
