import type { Selectable } from 'kysely';
import type { InboundEvent } from '../../channels/channel-adapter.ts';
import type { InboundMessage } from '../../modules/cases/case-service.ts';
import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import type { RawEventsTable } from '../../store/schema.ts';

/** A claimed raw event: what processing it needs of its row. */
export type RawEventRow = Pick<
  Selectable<RawEventsTable>,
  'id' | 'channel_account_id' | 'body' | 'body_encoding' | 'attempts' | 'received_at'
>;

/** One parsed event of a raw event; a message carries its input to the case core, media already fetched. */
export interface PreparedStep {
  event: InboundEvent;
  message?: InboundMessage;
}

/** A raw event made ready outside any transaction (see `prepareRawEvent`). */
export interface PreparedRawEvent {
  raw: RawEventRow;
  /** Null when the account or the parse failed (then `failure` says why). */
  account: ChannelAccount | null;
  steps: PreparedStep[];
  /** What stopped the preparation; the steps before it are applied, then the raw event is recorded failed. */
  failure: { error: unknown } | null;
}

/** A newly stored message the adapter acknowledges to the provider after the commit. */
export interface Acknowledgement {
  account: ChannelAccount;
  ref: string;
}
