import { z } from 'zod';
import { callProvider, type ProviderFetch } from '../call-provider.ts';

/** A Bot API answer: the `result`, or Telegram's error with its code, description and `retry_after`. */
export type TelegramCallResult =
  | { ok: true; result: unknown }
  | { ok: false; errorCode: number; description: string; retryAfterSeconds: number | null };

export interface TelegramApiTarget {
  apiRoot: string;
  token: string;
  /** The `fetch` to call (default: the global one). */
  fetch?: ProviderFetch | undefined;
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
  const res = await callProvider({
    url,
    method: 'POST',
    ...(body instanceof FormData
      ? { body }
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    fetch: target.fetch,
    unreachable: { code: 'TELEGRAM_UNAVAILABLE', message: `Telegram could not be reached (${method})` },
  });
  let json: unknown;
  try {
    json = JSON.parse(res.text);
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
