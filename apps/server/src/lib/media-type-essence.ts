/**
 * The essence of a media type (`type/subtype`, lower-cased), without its parameters: what allow-lists
 * compare. The full type (e.g. `audio/ogg; codecs=opus`) is still what is stored and served.
 *
 * @example mediaTypeEssence('Audio/OGG; codecs=opus') // 'audio/ogg'
 */
export function mediaTypeEssence(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase();
}
