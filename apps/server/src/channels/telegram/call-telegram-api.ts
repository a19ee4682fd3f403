import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import { withTimeout } from '../with-timeout.ts';
import { requestMayHaveArrived } from '../request-may-have-arrived.ts';

/** A Bot API answer: the `result`, or Telegram's error with its code, description and `retry_after`. */
export type TelegramCallResult =
  | { ok: true; result: unknown }
  | { ok: false; errorCode: number; description: string; retryAfterSeconds: number | null };

export interface TelegramApiTarget {
  apiRoot: string;
  token: string;
}

const Envelope = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});

/**
 * Calls one Bot API method with a JSON body (or multipart `form`). Provider answers come back as data;
 * only an unreachable or garbled server throws (`TELEGRAM_UNAVAILABLE`, retryable). The bot token never
 * appears in error messages.
 *
 * @example await callTelegramApi(target, 'getMe') // { ok: true, result: { id: 123, … } }
 */
export async function callTelegramApi(
  target: TelegramApiTarget,
  method: string,
  body: Record<string, unknown> | FormData = {},
  options: { timeoutMs?: number; signal?: AbortSignal | undefined } = {},
): Promise<TelegramCallResult> {
  const url = `${target.apiRoot.replace(/\/+$/, '')}/bot${target.token}/${method}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      ...(body instanceof FormData
        ? { body }
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: withTimeout(options.signal, options.timeoutMs ?? 30_000),
    });
    text = await res.text();
  } catch (error) {
    throw new ChannelError(
      'TELEGRAM_UNAVAILABLE',
      `Telegram could not be reached (${method}): ${describe(error)}`,
      { retryable: true, uncertain: requestMayHaveArrived(error) },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    return {
      ok: false,
      errorCode: res.status >= 400 ? res.status : 502,
      description: `HTTP ${res.status}`,
      retryAfterSeconds: null,
    };
  }
  if (envelope.data.ok) return { ok: true, result: envelope.data.result };
  return {
    ok: false,
    errorCode: envelope.data.error_code ?? res.status,
    description: envelope.data.description ?? `HTTP ${res.status}`,
    retryAfterSeconds: envelope.data.parameters?.retry_after ?? null,
  };
}

/** A network failure without the URL (it holds the bot token). */
function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}
