import type { ChannelKind, MessageTemplate, ReplyWindow, TemplateChoice } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { CaseRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { adapterOf, type CaseDeps } from './case-deps.ts';

/**
 * The reply window of the channel the customer last used: open while the channel has none, or while
 * its last inbound message is younger than the window (WhatsApp: 24 h).
 */
export async function replyWindow(
  deps: Pick<CaseDeps, 'channels' | 'adapters' | 'clock'>,
  db: Tx['db'] | Store['db'],
  row: Pick<CaseRow, 'customer_id' | 'last_identity_id'>,
): Promise<ReplyWindow> {
  if (row.last_identity_id === null) return { channelKind: null, closesAt: null, open: true };
  const identity = await db
    .selectFrom('identities')
    .select(['id', 'channel_account_id'])
    .where('id', '=', row.last_identity_id)
    .executeTakeFirstOrThrow();
  const kind = deps.channels.kindOf(identity.channel_account_id);
  const hours = kind === null ? undefined : adapterOf(deps, kind).capabilities.replyWindowHours;
  if (hours === undefined) return { channelKind: kind, closesAt: null, open: true };
  const last = await db
    .selectFrom('messages')
    .select('created_at')
    .where('customer_id', '=', row.customer_id)
    .where('identity_id', '=', identity.id)
    .where('direction', '=', 'in')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return { channelKind: kind, closesAt: null, open: false };
  const closesAt = new Date(Date.parse(last.created_at) + hours * 3_600_000);
  return {
    channelKind: kind,
    closesAt: closesAt.toISOString(),
    open: closesAt.getTime() > deps.clock.now().getTime(),
  };
}

/** Whether replies on this channel kind may carry quick-reply buttons (`capabilities.buttons`). */
export function buttonsSupported(deps: Pick<CaseDeps, 'adapters'>, kind: ChannelKind | null): boolean {
  return kind !== null && adapterOf(deps, kind).capabilities.buttons;
}

/** Whether the channel can ask the customer for their own phone with a button (`capabilities.requestPhone`). */
export function phoneRequestSupported(deps: Pick<CaseDeps, 'adapters'>, kind: ChannelKind | null): boolean {
  return kind !== null && adapterOf(deps, kind).capabilities.requestPhone === true;
}

/** Approved templates of a channel account (empty for channels without templates). */
export function templatesFor(
  deps: Pick<CaseDeps, 'channels' | 'adapters'>,
  channelAccountId: number,
): MessageTemplate[] {
  const account = deps.channels.get(channelAccountId);
  return adapterOf(deps, account.kind).templates?.(account.context) ?? [];
}

/** The approved body with `{{n}}` filled in; every placeholder needs its parameter. */
export function renderTemplate(templates: MessageTemplate[], choice: TemplateChoice): string {
  const template = templates.find((t) => t.name === choice.name && t.language === choice.language);
  if (!template) {
    throw new AppError(
      'TEMPLATE_NOT_FOUND',
      `no approved template "${choice.name}" (${choice.language}) on this channel`,
    );
  }
  const needed = new Set([...template.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));
  if (needed.size !== choice.params.length) {
    throw new AppError('VALIDATION_FAILED', `template "${choice.name}" takes ${needed.size} parameter(s)`);
  }
  return template.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => choice.params[Number(n) - 1] ?? '');
}
