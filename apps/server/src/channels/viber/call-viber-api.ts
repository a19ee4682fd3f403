import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import { callProvider, type ProviderFetch } from '../call-provider.ts';
import { readViberJson } from './read-viber-json.ts';

export interface ViberApiTarget {
  apiRoot: string;
  authToken: string;
  /** The `fetch` to call (default: the global one). */
  fetch?: ProviderFetch | undefined;
}

/** A REST Bot API answer: the body (64-bit integers as exact decimal strings), or Viber's status and its name. */
export type ViberCallResult =
  { ok: true; body: Record<string, unknown> } | { ok: false; status: number; statusMessage: string };

const Envelope = z.looseObject({ status: z.number().int(), status_message: z.string().optional() });

/** HTTP 429 without a `Retry-After`: Viber's quotas are hourly, so wait a minute. */
const defaultRetryAfterMs = 60_000;

/**
 * Calls `POST <apiRoot>/pa/<method>` with `X-Viber-Auth-Token`. Viber says no with **HTTP 200 and a non-zero
 * `status`**: that comes back as data. Only transport failures throw: unreachable, HTTP 5xx or garbled →
 * `VIBER_UNAVAILABLE` (retryable); HTTP 429 → `VIBER_RATE_LIMITED` (retryable). The body is read as raw text
 * with `readViberJson` so `message_token` stays exact. The auth token never appears in error messages.
 *
 * @example await callViberApi(target, 'get_account_info') // { ok: true, body: { status: 0, name: 'Support', … } }
 */
export async function callViberApi(
  target: ViberApiTarget,
  method: string,
  body: Record<string, unknown> = {},
  options: { timeoutMs?: number; signal?: AbortSignal | undefined } = {},
): Promise<ViberCallResult> {
  const res = await callProvider({
    url: `${target.apiRoot.replace(/\/+$/, '')}/pa/${method}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-viber-auth-token': target.authToken },
    body: JSON.stringify(body),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    fetch: target.fetch,
    unreachable: { code: 'VIBER_UNAVAILABLE', message: `Viber could not be reached (${method})` },
  });
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultRetryAfterMs;
    throw new ChannelError('VIBER_RATE_LIMITED', `Viber rate limit hit (${method}): HTTP 429`, {
      retryable: true,
      retryAfterMs,
    });
  }
  if (res.status >= 500) throw unavailable(method, `HTTP ${res.status}`);
  let json: unknown;
  try {
    json = readViberJson(res.text);
  } catch {
    json = undefined;
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    throw res.ok
      ? unavailable(method, 'the answer is not a Viber API response')
      : new ChannelError('VIBER_BAD_REQUEST', `Viber rejected ${method}: HTTP ${res.status}`, {
          retryable: false,
        });
  }
  if (envelope.data.status === 0) return { ok: true, body: envelope.data };
  return {
    ok: false,
    status: envelope.data.status,
    statusMessage: envelope.data.status_message ?? `status ${envelope.data.status}`,
  };
}

const unavailable = (method: string, why: string) =>
  new ChannelError('VIBER_UNAVAILABLE', `Viber could not be reached (${method}): ${why}`, {
    retryable: true,
  });
