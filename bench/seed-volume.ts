/**
 * A store filled the way a long-running installation is: operators in queues, web-chat customers with
 * their identities, cases across the seeded queues in every status (each customer's earlier cases resolved,
 * the latest open for some of them, queued or assigned), and their messages — inbound read or unread,
 * outbound delivered. Rows are exactly the columns the spine writes, inserted in bulk (many rows per
 * statement, many statements per transaction) so a million messages take seconds, not hours.
 */
import { sql } from 'kysely';
import { hashPassword } from '../apps/server/src/modules/auth/password.ts';
import type { Database } from '../apps/server/src/store/schema.ts';
import type { Store } from '../apps/server/src/store/store.ts';
import type { Insertable, Transaction } from 'kysely';

export interface VolumeSpec {
  customers: number;
  casesPerCustomer: number;
  messagesPerCase: number;
  /** Operators, each in every seeded queue except one in three (so operators see different slices). */
  operators: number;
  /** Share of customers whose latest case is still open (half of those assigned, half queued). */
  openShare?: number;
  /** Password of every seeded operator (`bench-op-<n>@volume.local`). */
  password?: string;
}

export interface Volume {
  operatorIds: number[];
  operatorEmails: string[];
  queueIds: number[];
  caseIds: number[];
  messages: number;
}

const statementRows = 1000;
const transactionRows = 50_000;

/**
 * Inserts `rows` with `insert` in statements of `sizes.statement` rows, `sizes.transaction` per write unit
 * (default `statementRows`, `transactionRows`).
 */
export async function bulkInsert<R>(
  store: Store,
  rows: R[],
  insert: (db: Transaction<Database>, chunk: R[]) => Promise<unknown>,
  sizes: { statement: number; transaction: number } = {
    statement: statementRows,
    transaction: transactionRows,
  },
): Promise<void> {
  for (let t = 0; t < rows.length; t += sizes.transaction) {
    const unit = rows.slice(t, t + sizes.transaction);
    await store.write(async (tx) => {
      for (let s = 0; s < unit.length; s += sizes.statement)
        await insert(tx.db, unit.slice(s, s + sizes.statement));
    });
  }
}

async function nextId(store: Store, table: 'operators' | 'customers' | 'identities' | 'cases' | 'messages') {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** Fills the store (already seeded with queues, entry points and the web chat channel) with `spec`. */
export async function seedVolume(store: Store, spec: VolumeSpec): Promise<Volume> {
  const db = store.db;
  const entryPoints = await db.selectFrom('entry_points').select(['id', 'queue_id']).orderBy('id').execute();
  const account = await db
    .selectFrom('channel_accounts')
    .select('id')
    .where('kind', '=', 'webchat')
    .executeTakeFirstOrThrow();
  const queueIds = entryPoints.map((e) => e.queue_id);
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  const passwordHash = await hashPassword(spec.password ?? 'bench-password-1');

  const firstOperator = await nextId(store, 'operators');
  const operatorIds = Array.from({ length: spec.operators }, (_, i) => firstOperator + i);
  const operatorEmails = operatorIds.map((id) => `bench-op-${id}@volume.local`);
  await bulkInsert(
    store,
    operatorIds.map((id, i) => ({
      id,
      email: operatorEmails[i] ?? '',
      name: `Оператор ${id}`,
      password_hash: passwordHash,
      role: 'operator' as const,
      capacity: 1000,
      presence: 'offline' as const,
      locale: 'ru' as const,
      last_assigned_at: null,
      disabled: 0,
      created_at: iso(base),
    })),
    (tx, chunk) => tx.insertInto('operators').values(chunk).execute(),
  );
  await bulkInsert(
    store,
    operatorIds.flatMap((operatorId, i) =>
      queueIds
        .filter((_, q) => (i + q) % 3 !== 2)
        .map((queueId) => ({ operator_id: operatorId, queue_id: queueId })),
    ),
    (tx, chunk) => tx.insertInto('operator_queues').values(chunk).execute(),
  );

  const firstCustomer = await nextId(store, 'customers');
  const firstIdentity = await nextId(store, 'identities');
  let caseId = await nextId(store, 'cases');
  let messageId = await nextId(store, 'messages');
  const openEvery = Math.max(1, Math.round(1 / (spec.openShare ?? 0.2)));
  const caseIds: number[] = [];
  let messages = 0;

  // Customers in batches, each batch with its identities, cases and messages.
  const customersPerBatch = Math.max(
    1,
    Math.floor(transactionRows / (spec.casesPerCustomer * spec.messagesPerCase)),
  );
  for (let c0 = 0; c0 < spec.customers; c0 += customersPerBatch) {
    const customerRows: Array<Insertable<Database['customers']>> = [];
    const identityRows: Array<Insertable<Database['identities']>> = [];
    const caseRows: Array<Insertable<Database['cases']>> = [];
    const messageRows: Array<Insertable<Database['messages']>> = [];
    for (let c = c0; c < Math.min(spec.customers, c0 + customersPerBatch); c++) {
      const customerId = firstCustomer + c;
      const identityId = firstIdentity + c;
      const name = `Клиент ${customerId}`;
      customerRows.push({ id: customerId, display_name: name, created_at: iso(base) });
      identityRows.push({
        id: identityId,
        customer_id: customerId,
        channel_account_id: account.id,
        external_id: `volume-visitor-${customerId}`,
        display_name: name,
        verified_by: null,
        created_at: iso(base),
        last_seen_at: iso(base),
      });
      for (let k = 0; k < spec.casesPerCustomer; k++) {
        const id = caseId++;
        caseIds.push(id);
        const entryPoint = entryPoints[(c + k) % entryPoints.length];
        if (!entryPoint) throw new Error('seed the store first: no entry points');
        const isLatest = k === spec.casesPerCustomer - 1;
        const open = isLatest && c % openEvery === 0;
        const assigned = open && c % (2 * openEvery) === 0;
        const operatorId = operatorIds[c % Math.max(1, operatorIds.length)] ?? null;
        // Every third case shares its start with its neighbours: the inbox order needs its id tie-break.
        const opened = base + Math.floor((k * spec.customers + c) / 3) * 60_000;
        const unreadCount = open ? Math.min(2, spec.messagesPerCase) : 0;
        let lastAt = opened;
        let lastText = '';
        for (let m = 0; m < spec.messagesPerCase; m++) {
          const inbound = m % 2 === 0 || m >= spec.messagesPerCase - unreadCount;
          const at = opened + m * 1000;
          const text = inbound
            ? `Здравствуйте! Сообщение ${m} по обращению ${id}: не работает мобильный интернет`
            : `Ответ ${m}: проверяем, подождите, пожалуйста`;
          messageRows.push({
            id: messageId++,
            case_id: id,
            customer_id: customerId,
            direction: inbound ? 'in' : 'out',
            channel_account_id: account.id,
            identity_id: identityId,
            author_operator_id: inbound ? null : operatorId,
            text,
            attachments: '[]',
            external_id: inbound ? `volume-${id}-${m}` : null,
            client_msg_id: inbound ? `volume-${id}-${m}` : null,
            status: inbound ? (m >= spec.messagesPerCase - unreadCount ? 'received' : 'read') : 'delivered',
            status_reason: null,
            created_at: iso(at),
            template: null,
            meta: null,
          });
          lastAt = at;
          lastText = text;
        }
        messages += spec.messagesPerCase;
        const resolvedAt = open ? null : lastAt + 60_000;
        caseRows.push({
          id,
          customer_id: customerId,
          entry_point_id: entryPoint.id,
          queue_id: entryPoint.queue_id,
          status: open ? (assigned ? 'assigned' : 'queued') : 'resolved',
          priority: 0,
          assignee_id: open && !assigned ? null : operatorId,
          last_identity_id: identityId,
          last_message_text: lastText.slice(0, 200),
          last_message_at: iso(lastAt),
          unread: unreadCount,
          opened_at: iso(opened),
          first_response_at: spec.messagesPerCase > 1 ? iso(opened + 1000) : null,
          resolved_at: resolvedAt === null ? null : iso(resolvedAt),
          updated_at: iso(resolvedAt ?? lastAt),
        });
      }
    }
    await bulkInsert(store, customerRows, (tx, chunk) => tx.insertInto('customers').values(chunk).execute());
    await bulkInsert(store, identityRows, (tx, chunk) => tx.insertInto('identities').values(chunk).execute());
    await bulkInsert(store, caseRows, (tx, chunk) => tx.insertInto('cases').values(chunk).execute());
    await bulkInsert(store, messageRows, (tx, chunk) => tx.insertInto('messages').values(chunk).execute());
  }

  if (store.dialect === 'postgres') {
    // Explicit ids leave the identity sequences behind: move them past the seeded rows.
    for (const table of ['operators', 'customers', 'identities', 'cases', 'messages'] as const) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        db,
      );
    }
    // What autovacuum does soon after a bulk load (statistics, and the visibility map that lets counts
    // read only the index); SQLite is left as the application leaves it.
    await sql`vacuum analyze`.execute(db);
  }
  return { operatorIds, operatorEmails, queueIds, caseIds, messages };
}
