/**
 * The primary language subtag of a language tag a provider sends (Telegram `language_code`, Viber
 * `sender.language`, Google Play `reviewerLanguage`), lower-cased: `en-GB`, `en_US` and `EN` are all `en`.
 * Routing's `languageSkills` are keyed by it (docs/routing.md). Null for anything that is not a tag.
 *
 * @example primaryLanguage('pt-BR') // 'pt'
 * @example primaryLanguage('') // null
 */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string') return null;
  const match = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(tag.trim());
  return match ? match[1]!.toLowerCase() : null;
}
