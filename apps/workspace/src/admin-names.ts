import type { Locale, Skill, SkillRef } from '@frontline/shared';

/**
 * A skill's name in the operator's language.
 * @example skillName({ id: 1, slug: 'vip', nameRu: 'VIP-клиенты', nameEn: 'VIP customers' }, 'ru') // → 'VIP-клиенты'
 */
export function skillName(skill: Pick<Skill, 'nameRu' | 'nameEn'>, locale: Locale): string {
  return locale === 'ru' ? skill.nameRu : skill.nameEn;
}

/**
 * Skills with levels as a table cell shows them, by slug (an unknown skill by its id).
 * @example skillLevelsText([{ skillId: 1, level: 3 }], [{ id: 1, slug: 'vip', nameRu: '', nameEn: '' }]) // → 'vip 3'
 */
export function skillLevelsText(refs: readonly SkillRef[], skills: readonly Skill[]): string {
  return refs
    .map((r) => `${skills.find((s) => s.id === r.skillId)?.slug ?? `#${r.skillId}`} ${r.level}`)
    .join(', ');
}
