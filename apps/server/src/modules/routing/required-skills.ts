import { SkillRef, type RoutingSettings } from '@frontline/shared';
import type { Kysely } from 'kysely';
import type { CaseRow, Database } from '../../store/schema.ts';

/**
 * The skills a case needs (docs/routing.md): its entry point's skills, plus `languageSkills[language]` when
 * the customer's language is known, plus `tagSkills[tag]` for each of the customer's tags (level 1); where one
 * skill comes twice the higher level counts. Fixed on the case when it is first routed.
 */
export async function requiredSkillsOf(
  db: Kysely<Database>,
  caseRow: Pick<CaseRow, 'entry_point_id' | 'customer_id'>,
  settings: Pick<RoutingSettings, 'languageSkills' | 'tagSkills'>,
  language: string | null,
): Promise<SkillRef[]> {
  const needs = new Map<number, number>();
  const need = (skillId: number, level: number) =>
    needs.set(skillId, Math.max(level, needs.get(skillId) ?? 0));
  const own = await db
    .selectFrom('entry_point_skills')
    .select(['skill_id', 'level'])
    .where('entry_point_id', '=', caseRow.entry_point_id)
    .execute();
  for (const s of own) need(s.skill_id, s.level);
  const slugs: string[] = [];
  const bySlug = language ? settings.languageSkills[language] : undefined;
  if (bySlug) slugs.push(bySlug);
  if (Object.keys(settings.tagSkills).length > 0) {
    const customer = await db
      .selectFrom('customers')
      .select('tags')
      .where('id', '=', caseRow.customer_id)
      .executeTakeFirst();
    for (const tag of parseTags(customer?.tags ?? null)) {
      const slug = settings.tagSkills[tag];
      if (slug) slugs.push(slug);
    }
  }
  if (slugs.length > 0) {
    const skills = await db.selectFrom('skills').select('id').where('slug', 'in', slugs).execute();
    for (const s of skills) need(s.id, 1);
  }
  return [...needs.entries()].sort((a, b) => a[0] - b[0]).map(([skillId, level]) => ({ skillId, level }));
}

/** `cases.required_skills` → the list (null: not routed yet). */
export function parseRequiredSkills(json: string | null): SkillRef[] | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter((v: unknown): v is SkillRef => SkillRef.safeParse(v).success);
  } catch {
    return [];
  }
}

function parseTags(json: string | null): string[] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
