import type { ChannelKind, Customer } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { MessageRow } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';

/** What the operator's screens read about a customer: the profile, where their cases sit, their timeline. */
export class CustomerProfiles {
  constructor(
    private readonly deps: {
      store: Store;
      /** The channel kind of an account, or null for an account no adapter serves any more. */
      kindOf: (channelAccountId: number) => ChannelKind | null;
    },
  ) {}

  /** The customer with their identities (on channels still served) and contact points; 404 if unknown. */
  async load(customerId: number): Promise<Customer> {
    const { db } = this.deps.store;
    const customer = await db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId} not found`);
    const identities = await db
      .selectFrom('identities')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute();
    const contactPoints = await db
      .selectFrom('contact_points')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute();
    return {
      id: customer.id,
      displayName: customer.display_name,
      createdAt: customer.created_at,
      identities: identities.flatMap((i) => {
        const kind = this.deps.kindOf(i.channel_account_id);
        return kind === null
          ? []
          : [
              {
                id: i.id,
                channelKind: kind,
                channelAccountId: i.channel_account_id,
                externalId: i.external_id,
                displayName: i.display_name,
                verifiedBy: i.verified_by,
                unreachableReason: i.unreachable_reason,
              },
            ];
      }),
      contactPoints: contactPoints.map((c) => ({
        id: c.id,
        kind: c.kind,
        value: c.value,
        attestedBy: c.attested_by,
      })),
    };
  }

  /** The customer's newest `limit` messages across cases and channels, oldest first, with the author's name. */
  async timeline(
    customerId: number,
    limit: number,
  ): Promise<Array<{ message: MessageRow; authorName: string | null }>> {
    const rows = await this.deps.store.db
      .selectFrom('messages')
      .leftJoin('operators', 'operators.id', 'messages.author_operator_id')
      .selectAll('messages')
      .select('operators.name as author_name')
      .where('messages.customer_id', '=', customerId)
      .orderBy('messages.id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(({ author_name, ...message }) => ({ message, authorName: author_name }));
  }

  /** The channel account an identity belongs to. */
  async channelAccountOf(identityId: number): Promise<number> {
    const identity = await this.deps.store.db
      .selectFrom('identities')
      .select('channel_account_id')
      .where('id', '=', identityId)
      .executeTakeFirstOrThrow();
    return identity.channel_account_id;
  }
}
