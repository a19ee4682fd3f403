import type { AddContactPointRequest, CustomerCard } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { PhoneRegion } from '../../lib/normalize-phone.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { Permissions } from '../auth/permissions.ts';
import type { Actor } from '../cases/actor.ts';
import { findOpenCase } from '../cases/hot-queries.ts';
import { publishCase } from '../cases/publish-case.ts';
import { seesAnyCase, seesCustomer } from '../cases/case-visibility.ts';
import { loadCustomerCard } from './customer-card.ts';
import { normalizeContactPoint } from './normalize-contact-point.ts';
import type { CustomerProfiles } from './customer-profiles.ts';
import { mergeCustomers, type MergeDeps, type MergeResult } from './merge-customers.ts';
import { parseMergeSnapshot } from './merge-snapshot.ts';
import { unmergeCustomers, type UnmergeResult } from './unmerge-customers.ts';

export interface CustomerServiceDeps {
  store: Store;
  clock: Clock;
  permissions: Permissions;
  profiles: CustomerProfiles;
  /** What merges write with: events (case audiences), audit, channel kinds for case summaries. */
  merges: MergeDeps;
  /** The region operator-typed phones without a country code are read in. */
  region: PhoneRegion;
}

/** How many merged-away hops a card read follows to find whose cases decide visibility. */
const maxMergeHops = 10;

/**
 * The customer card and what operators do on it: rename, add and remove contact points, merge two
 * customers and undo a merge (docs/customers.md). Every read and change checks visibility (a case of the
 * customer that the operator can see); merging also needs the `customers.merge` permission.
 */
export class CustomerService {
  constructor(private readonly deps: CustomerServiceDeps) {}

  /** The card; 404 `CUSTOMER_NOT_FOUND` when unknown or not visible to `actor`. */
  async card(
    actor: Actor,
    customerId: number,
    db: Tx['db'] | Store['db'] = this.deps.store.db,
  ): Promise<CustomerCard> {
    await this.requireVisible(db, actor, customerId);
    return loadCustomerCard(
      db,
      { profiles: this.deps.profiles, canMerge: this.deps.permissions.allows(actor.role, 'customers.merge') },
      actor,
      customerId,
    );
  }

  /** Sets the display name (null clears it); the customer's open case is republished with it. */
  async rename(actor: Actor, customerId: number, displayName: string | null): Promise<CustomerCard> {
    await this.deps.store.write(async (tx) => {
      const before = await this.requireLive(tx, actor, customerId);
      await tx.db
        .updateTable('customers')
        .set({ display_name: displayName })
        .where('id', '=', customerId)
        .execute();
      await this.deps.merges.audit.record(tx, actor.id, 'customer.rename', 'customer', customerId, {
        before: before.display_name,
        after: displayName,
      });
      const [open] = await findOpenCase.run(tx.db, customerId);
      if (open) await publishCase(this.deps.merges, tx, open);
    });
    return this.card(actor, customerId);
  }

  /** Adds a contact point an operator typed: never attested, so it links or merges nothing by itself. */
  async addContactPoint(
    actor: Actor,
    customerId: number,
    req: AddContactPointRequest,
  ): Promise<CustomerCard> {
    const value = normalizeContactPoint(req, this.deps.region);
    await this.deps.store.write(async (tx) => {
      await this.requireLive(tx, actor, customerId);
      const now = this.deps.clock.now().toISOString();
      const row = await tx.db
        .insertInto('contact_points')
        .values({ customer_id: customerId, kind: req.kind, value, attested_by: null, created_at: now })
        .onConflict((oc) => oc.columns(['customer_id', 'kind', 'value']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row)
        throw new AppError('CONTACT_POINT_EXISTS', `the customer already has the ${req.kind} ${value}`);
      await this.deps.merges.audit.record(
        tx,
        actor.id,
        'customer.contact_point.add',
        'customer',
        customerId,
        {
          contactPointId: row.id,
          kind: req.kind,
          value,
        },
      );
    });
    return this.card(actor, customerId);
  }

  /** Removes a contact point; one a provider or the host's signature attested cannot be removed (409). */
  async removeContactPoint(actor: Actor, customerId: number, contactPointId: number): Promise<CustomerCard> {
    await this.deps.store.write(async (tx) => {
      await this.requireLive(tx, actor, customerId);
      const cp = await tx.db
        .selectFrom('contact_points')
        .selectAll()
        .where('id', '=', contactPointId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      if (!cp)
        throw new AppError(
          'CONTACT_POINT_NOT_FOUND',
          `customer ${customerId} has no contact point ${contactPointId}`,
        );
      if (cp.attested_by !== null) {
        throw new AppError(
          'CONTACT_POINT_ATTESTED',
          `the ${cp.kind} ${cp.value} is attested (${cp.attested_by}) and links this customer's identities: it cannot be removed`,
        );
      }
      await tx.db.deleteFrom('contact_points').where('id', '=', cp.id).execute();
      await this.deps.merges.audit.record(
        tx,
        actor.id,
        'customer.contact_point.remove',
        'customer',
        customerId,
        {
          contactPointId: cp.id,
          kind: cp.kind,
          value: cp.value,
        },
      );
    });
    return this.card(actor, customerId);
  }

  /**
   * Merges `otherId` into `customerId` (the customer whose card it is survives). 403 `FORBIDDEN` without
   * `customers.merge`, 403 `CUSTOMER_NOT_VISIBLE` unless `actor` sees a case of each, 409
   * `CUSTOMER_ALREADY_MERGED` when either was merged meanwhile (e.g. a concurrent merge of the same pair).
   */
  async merge(actor: Actor, customerId: number, otherId: number, reason?: string): Promise<MergeResult> {
    this.deps.permissions.require(actor.role, 'customers.merge');
    return this.deps.store.write(async (tx) => {
      for (const id of [customerId, otherId]) {
        const exists = await tx.db
          .selectFrom('customers')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!exists) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${id} not found`);
        if (!(await seesCustomer(tx.db, actor, id))) {
          throw new AppError(
            'CUSTOMER_NOT_VISIBLE',
            `you cannot see a case of customer ${id}, so you cannot merge it`,
          );
        }
      }
      return mergeCustomers(
        tx,
        this.deps.merges,
        {
          survivorId: customerId,
          mergedId: otherId,
          by: { operatorId: actor.id },
          reason: reason ?? 'merged by an operator',
        },
        this.deps.clock.now().toISOString(),
      );
    });
  }

  /**
   * Undoes a merge. 403 `FORBIDDEN` without `customers.merge`, 403 `CUSTOMER_NOT_VISIBLE` unless `actor` sees
   * a case of each customer as they were before the merge; 404 / 409 as `unmergeCustomers` says.
   */
  async undoMerge(actor: Actor, mergeId: number): Promise<UnmergeResult> {
    this.deps.permissions.require(actor.role, 'customers.merge');
    return this.deps.store.write(async (tx) => {
      const merge = await tx.db
        .selectFrom('customer_merges')
        .selectAll()
        .where('id', '=', mergeId)
        .executeTakeFirst();
      if (!merge) throw new AppError('MERGE_NOT_FOUND', `merge ${mergeId} not found`);
      const { caseIds } = parseMergeSnapshot(merge.snapshot);
      const visible =
        (await seesCustomer(tx.db, actor, merge.survivor_id, caseIds)) &&
        (await seesAnyCase(tx.db, actor, caseIds));
      if (!visible) {
        throw new AppError(
          'CUSTOMER_NOT_VISIBLE',
          `you cannot see a case of each customer of merge ${mergeId}, so you cannot undo it`,
        );
      }
      return unmergeCustomers(
        tx,
        this.deps.merges,
        { mergeId, by: { operatorId: actor.id } },
        this.deps.clock.now().toISOString(),
      );
    });
  }

  /** The customer, or the one it was merged into (following merges), must have a case `actor` sees. */
  private async requireVisible(db: Tx['db'] | Store['db'], actor: Actor, customerId: number): Promise<void> {
    let id = customerId;
    for (let hop = 0; hop <= maxMergeHops; hop++) {
      const row = await db
        .selectFrom('customers')
        .select('merged_into_customer_id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) break;
      if (row.merged_into_customer_id === null) {
        if (await seesCustomer(db, actor, id)) return;
        break;
      }
      id = row.merged_into_customer_id;
    }
    throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId} not found`);
  }

  /** A visible customer that was not merged away (changes go to the survivor). */
  private async requireLive(tx: Tx, actor: Actor, customerId: number) {
    await this.requireVisible(tx.db, actor, customerId);
    const row = await tx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    if (row.merged_into_customer_id !== null) {
      throw new AppError(
        'CUSTOMER_ALREADY_MERGED',
        `customer ${customerId} is merged into customer ${row.merged_into_customer_id}: change that one`,
        { details: { customerId, mergedIntoCustomerId: row.merged_into_customer_id } },
      );
    }
    return row;
  }
}
