import type { InboundEvent, SenderCheck } from '../../channels/channel-adapter.ts';
import { AppError } from '../../lib/errors.ts';
import type { InboundMessage } from '../../modules/cases/case-service.ts';
import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import type { Store } from '../../store/store.ts';
import { fetchInboundMedia } from './fetch-inbound-media.ts';
import type { InboundDeps } from './inbound-deps.ts';
import type { PreparedRawEvent, PreparedStep, RawEventRow } from './prepared-raw-event.ts';

type PrepareDeps = Pick<
  InboundDeps,
  'store' | 'channels' | 'adapters' | 'attachments' | 'metrics' | 'logger'
>;

/**
 * Everything of a raw event that needs no transaction: its account, the parsed events in order, each
 * message with its media fetched. The first failure stops it (the events before it are still applied).
 */
export async function prepareRawEvent(deps: PrepareDeps, raw: RawEventRow): Promise<PreparedRawEvent> {
  const prepared: PreparedRawEvent = { raw, account: null, steps: [], failure: null };
  try {
    const account = deps.channels.get(raw.channel_account_id);
    const adapter = deps.adapters[account.kind];
    if (!adapter.parse) throw new AppError('CHANNEL_NOT_FOUND', `${account.kind} stores no raw events`);
    const events = await adapter.parse(account.context, {
      rawBody: Buffer.from(raw.body, raw.body_encoding),
      headers: {},
    });
    prepared.account = account;
    for (const event of events) prepared.steps.push(await prepareStep(deps, account, event));
  } catch (error) {
    prepared.failure = { error };
  }
  return prepared;
}

/** A message becomes the case core's input, its media fetched; other events need nothing beforehand. */
export async function prepareStep(
  deps: PrepareDeps,
  account: ChannelAccount,
  event: InboundEvent,
): Promise<PreparedStep> {
  if (event.type !== 'message') return { event };
  if (event.senderCheck) recordSenderCheck(deps, account, event.senderCheck);
  const { text, attachments, notices } = await fetchInboundMedia(deps, account, event);
  const message: InboundMessage = {
    channelAccountId: account.id,
    externalMessageId: event.externalMessageId,
    identity: { ...event.identity, channelAccountId: account.id },
    entryPointId: account.entryPointId ?? (await defaultEntryPoint(deps.store)),
    text: event.edited ? `✎ ${text}` : text,
    attachments,
    meta: {
      subject: event.subject,
      automated: event.automated,
      fullText: event.fullText,
      ...(notices.length > 0 ? { notices } : {}),
    },
    ...(event.thread ? { thread: event.thread } : {}),
    ...(event.language ? { language: event.language } : {}),
  };
  return { event, message };
}

/**
 * Counts a sender check; one that could not run (DNS down, a timeout) is also logged, since the sender
 * then stays unattested for a reason the admin can fix. Counted per parse, so a retried event counts again.
 */
function recordSenderCheck(deps: PrepareDeps, account: ChannelAccount, check: SenderCheck): void {
  deps.metrics.senderChecks.inc({ channel: account.kind, method: check.method, result: check.result });
  if (check.result !== 'error') return;
  deps.logger.warn(
    { channelAccountId: account.id, kind: account.kind, method: check.method, detail: check.detail },
    'sender check failed: the sender is stored unattested',
  );
}

/** The first entry point: where a message of an account without its own entry point arrives. */
async function defaultEntryPoint(store: Store): Promise<number> {
  const row = await store.db.selectFrom('entry_points').select('id').orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}
