/**
 * Serialises a webhook body the way Meta does: JSON with every non-ASCII character escaped as `\uXXXX`
 * (surrogate pairs as two escapes) and `/` as `\/`. Re-serialising the parsed body with `JSON.stringify`
 * gives different bytes, so a signature can only be checked over the raw request.
 *
 * @example serializeLikeMeta({ body: 'Привет 👍 a/b' }) // '{"body":"\\u041f\\u0440…\\ud83d\\udc4d a\\/b"}'
 */
export function serializeLikeMeta(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
