import { z } from 'zod';
import { callProvider, type ProviderFetch } from '../call-provider.ts';

export interface GraphTarget {
  graphRoot: string;
  apiVersion: string;
  accessToken: string;
  /** Ends every call to this target early (a delivery attempt's deadline). */
  signal?: AbortSignal | undefined;
  /** The `fetch` to call (default: the global one). */
  fetch?: ProviderFetch | undefined;
}

/** Meta's error envelope, reduced to what callers branch on (`code` + `details`, never the title). */
export interface GraphApiError {
  code: number | null;
  subcode: number | null;
  message: string;
  details: string | null;
  transient: boolean;
}

/** A Graph answer: the JSON body, or Meta's error with the HTTP status. */
export type GraphCallResult =
  { ok: true; status: number; body: unknown } | { ok: false; status: number; error: GraphApiError };

const ErrorEnvelope = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    is_transient: z.boolean().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});

/**
 * Calls one Graph API path (`/{version}/{path}`) with the Bearer token: a JSON body, a multipart `form`, or
 * nothing (GET). Provider answers come back as data; only an unreachable server throws (`WHATSAPP_UNAVAILABLE`,
 * retryable). The token never appears in error messages.
 *
 * @example await callGraphApi(target, '106540352242922') // { ok: true, status: 200, body: { verified_name, … } }
 */
export async function callGraphApi(
  target: GraphTarget,
  path: string,
  options: { json?: unknown; form?: FormData; timeoutMs?: number; signal?: AbortSignal | undefined } = {},
): Promise<GraphCallResult> {
  const url = `${target.graphRoot.replace(/\/+$/, '')}/${target.apiVersion}/${path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${target.accessToken}` };
  let body: string | FormData | undefined;
  if (options.form !== undefined) body = options.form;
  else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const res = await callProvider({
    url,
    method: body === undefined ? 'GET' : 'POST',
    headers,
    ...(body === undefined ? {} : { body }),
    timeoutMs: options.timeoutMs,
    signal: options.signal ?? target.signal,
    fetch: target.fetch,
    unreachable: { code: 'WHATSAPP_UNAVAILABLE', message: 'WhatsApp could not be reached' },
  });
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    json = undefined;
  }
  if (res.ok && json !== undefined) return { ok: true, status: res.status, body: json };
  const envelope = ErrorEnvelope.safeParse(json);
  if (!envelope.success) {
    return {
      ok: false,
      status: res.ok ? 502 : res.status,
      error: {
        code: null,
        subcode: null,
        message: `HTTP ${res.status}`,
        details: null,
        transient: res.status >= 500,
      },
    };
  }
  const { error } = envelope.data;
  return {
    ok: false,
    status: res.status,
    error: {
      code: error.code ?? null,
      subcode: error.error_subcode ?? null,
      message: error.message ?? `HTTP ${res.status}`,
      details: error.error_data?.details ?? null,
      transient: error.is_transient ?? false,
    },
  };
}
