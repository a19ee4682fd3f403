const marker = '\u0000viber-int64:';

/**
 * `JSON.stringify` that writes `bigint` values as raw JSON numbers, the way Viber writes its 64-bit
 * `message_token` (a client that reads it with plain `JSON.parse` loses precision — on purpose).
 *
 * @example stringifyViberJson({ message_token: 5843910012345678901n }) // '{"message_token":5843910012345678901}'
 */
export function stringifyViberJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v}` : v));
  return json.replace(/"\\u0000viber-int64:(-?\d+)"/g, '$1');
}
