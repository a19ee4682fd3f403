import { ZodError } from 'zod';
import { AppError, ChannelError } from '../../lib/errors.ts';
import type { Tx } from '../../store/store.ts';
import { backoffMs } from '../delivery-dispatcher.ts';
import { statusBeforeMessage } from './apply-inbound-step.ts';
import type { InboundDeps } from './inbound-deps.ts';
import type { RawEventRow } from './prepared-raw-event.ts';

const maxAttempts = 10;

/**
 * A raw event that could not be processed. What will never work (a body that does not parse, a channel
 * error that says so) fails at once and stays stored, with its reason, to be processed again once the
 * cause is fixed; anything else is retried with back-off, up to `maxAttempts`.
 */
export async function recordInboundFailure(
  deps: Pick<InboundDeps, 'clock' | 'logger' | 'channels' | 'metrics'>,
  tx: Tx,
  raw: RawEventRow,
  error: unknown,
): Promise<void> {
  const { clock, logger } = deps;
  const attempts = raw.attempts + 1;
  const waitingForMessage = error instanceof ChannelError && error.code === statusBeforeMessage;
  const hopeless = isPermanent(error);
  const permanent = !waitingForMessage && (hopeless || attempts >= maxAttempts);
  const message = error instanceof Error ? error.message : String(error);
  const code = reasonCode(error);
  logger.warn(
    { rawEventId: raw.id, attempts, permanent, code, err: message },
    'inbound event processing failed',
  );
  const retryAfter = error instanceof ChannelError ? error.retryAfterMs : undefined;
  const now = clock.now();
  await tx.db
    .updateTable('raw_events')
    .set({
      status: permanent ? 'failed' : 'pending',
      attempts,
      last_error: message.slice(0, 1000),
      error_code: permanent ? code : null,
      failed_at: permanent ? now.toISOString() : null,
      next_attempt_at: new Date(now.getTime() + (retryAfter ?? backoffMs(attempts))).toISOString(),
    })
    .where('id', '=', raw.id)
    .execute();
  if (permanent) {
    const kind = deps.channels.find(raw.channel_account_id)?.kind ?? 'unknown';
    tx.afterCommit(() => deps.metrics.inboundFailed.inc({ channel: kind, reason: code }));
  }
}

/** Errors that no retry can cure: a body that does not parse, a channel error or app error saying so. */
function isPermanent(error: unknown): boolean {
  if (error instanceof SyntaxError || error instanceof ZodError) return true;
  if (error instanceof ChannelError) return !error.retryable;
  return error instanceof AppError;
}

/** A stable, bounded reason code (the metrics label and the Channels screen's reason). */
function reasonCode(error: unknown): string {
  if (error instanceof SyntaxError || error instanceof ZodError) return 'MALFORMED';
  if (error instanceof ChannelError || error instanceof AppError) return error.code;
  return 'UNEXPECTED';
}
