import { ChannelError } from '../lib/errors.ts';
import { requestMayHaveArrived } from './request-may-have-arrived.ts';

/** A `fetch` as provider calls use it: the global one by default, a test's own when injected. */
export type ProviderFetch = (url: URL | string, init: RequestInit) => Promise<Response>;

/** One HTTP call to a provider's API. */
export interface ProviderCall {
  /** The full URL; it may hold a token (Telegram's `/bot<token>/`): it never appears in an error text. */
  url: URL | string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | FormData | URLSearchParams;
  /** How long the call may take, answer body included (default 30 s). */
  timeoutMs?: number | undefined;
  /** Ends the call earlier (a delivery attempt's deadline, the platform stopping). */
  signal?: AbortSignal | undefined;
  /** The `fetch` to call (default: the global one). */
  fetch?: ProviderFetch | undefined;
  /**
   * What an unreachable provider throws: a retryable `ChannelError` with this `code` and the message
   * `<message>: <reason>` (`timed out`, `ECONNREFUSED` …), e.g. `Telegram could not be reached (getMe)`.
   */
  unreachable: { code: string; message: string };
}

/** The provider's answer, read whole: callers branch on the status and parse the text their own way. */
export interface ProviderAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

const defaultTimeoutMs = 30_000;

/**
 * Calls a provider's HTTP API once, with a timeout (joined with the caller's `signal`), and reads the whole
 * answer. Every answer comes back as data, whatever its status; only a call that gets no answer (unreachable,
 * reset, timed out) throws: a retryable `ChannelError` (`uncertain` when the request may have arrived)
 * whose text names the failure in a few words and never the URL, a header or a token, and which carries no
 * `cause` (the runtime's errors quote the URL).
 *
 * @example await callProvider({ url, method: 'POST', body, unreachable: { code: 'VIBER_UNAVAILABLE', message: 'Viber could not be reached (send_message)' } })
 */
export async function callProvider(call: ProviderCall): Promise<ProviderAnswer> {
  const own = AbortSignal.timeout(call.timeoutMs ?? defaultTimeoutMs);
  const signal = call.signal ? AbortSignal.any([own, call.signal]) : own;
  const fetchFn = call.fetch ?? fetch;
  try {
    const res = await fetchFn(call.url, {
      method: call.method,
      ...(call.headers ? { headers: call.headers } : {}),
      ...(call.body === undefined ? {} : { body: call.body }),
      signal,
    });
    const text = await res.text();
    return { status: res.status, ok: res.ok, headers: res.headers, text };
  } catch (error) {
    throw new ChannelError(call.unreachable.code, `${call.unreachable.message}: ${describeFailure(error)}`, {
      retryable: true,
      uncertain: requestMayHaveArrived(error),
    });
  }
}

/** A failed call in a few words, without the request (its URL and headers may hold a token). */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : 'network error';
}
