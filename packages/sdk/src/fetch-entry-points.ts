import type { EntryPoint } from './wire-schemas.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { requestJson } from './request-json.ts';
import { EntryPointList } from './wire-schemas.ts';

/**
 * Lists the public chat entry points (topics) a customer may pick from.
 * @example const points = await fetchEntryPoints({ baseUrl: 'https://support.example.com' });
 */
export async function fetchEntryPoints(options: {
  baseUrl: string;
  fetch?: typeof fetch;
}): Promise<EntryPoint[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const data = await requestJson(`${base}/api/v1/chat/entry-points`, { fetch: options.fetch });
  return parseOrThrow(EntryPointList, data, 'entry point list');
}
