import { ChatError } from './chat-error.ts';
import { ErrorBody } from './wire-schemas.ts';

export interface RequestOptions {
  method?: 'GET' | 'POST';
  token?: string | null;
  /** A JSON-serialisable body, or `FormData` (sent as multipart). */
  body?: unknown;
  fetch?: typeof fetch;
}

/**
 * Calls a chat endpoint and returns its parsed JSON body (`undefined` for 204).
 * Throws `ChatError`: the server's `{error:{code,message}}` on 4xx/5xx, `CHAT_NETWORK` when fetch fails.
 * @example const data = await requestJson('https://host/api/v1/chat/entry-points');
 */
export async function requestJson(url: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const fetchFn = options.fetch ?? globalThis.fetch;
  let res: Response;
  try {
    res = await fetchFn(url, { method: options.method ?? 'GET', headers, body });
  } catch (cause) {
    throw new ChatError('CHAT_NETWORK', `cannot reach the chat server at ${url}`, 0, true, { cause });
  }
  const text = await res.text().catch(() => '');
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (res.ok) return data;
  const parsed = ErrorBody.safeParse(data);
  const retryable = res.status >= 500 || res.status === 429;
  const retryAfterSeconds = Number(res.headers.get('retry-after') ?? NaN);
  const retry = Number.isFinite(retryAfterSeconds) ? { retryAfterMs: retryAfterSeconds * 1000 } : {};
  if (parsed.success) {
    const details = parsed.data.error.details === undefined ? {} : { details: parsed.data.error.details };
    throw new ChatError(parsed.data.error.code, parsed.data.error.message, res.status, retryable, {
      ...retry,
      ...details,
    });
  }
  throw new ChatError(
    `HTTP_${res.status}`,
    `chat server answered ${res.status} for ${url}`,
    res.status,
    retryable,
  );
}
