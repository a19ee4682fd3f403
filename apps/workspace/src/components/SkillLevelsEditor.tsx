import type { Skill, SkillRef } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';
import { skillName } from '../admin-names.ts';

const levels = [1, 2, 3, 4, 5] as const;

/**
 * Skills with levels (an entry point's required ones, an operator's): a check box a skill and its level,
 * 1 basic … 5 expert. `value` keeps the order the skills were chosen in.
 */
export function SkillLevelsEditor(props: {
  legend: string;
  skills: Skill[];
  value: SkillRef[];
  onChange: (value: SkillRef[]) => void;
  testId: string;
  problem: string | null;
}) {
  const { t, locale } = useI18n();
  const levelOf = (id: number) => props.value.find((s) => s.skillId === id)?.level;
  const toggle = (id: number, on: boolean) =>
    props.onChange(
      on ? [...props.value, { skillId: id, level: 1 }] : props.value.filter((s) => s.skillId !== id),
    );
  const setLevel = (id: number, level: number) =>
    props.onChange(props.value.map((s) => (s.skillId === id ? { ...s, level } : s)));

  return (
    <fieldset className="field field-wide skill-levels" data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.skills.length === 0 && <span className="field-hint">{t('admin.skills.none')}</span>}
      {props.skills.map((skill) => {
        const level = levelOf(skill.id);
        return (
          <div key={skill.id} className="skill-level-row">
            <label className="checkbox">
              <input
                type="checkbox"
                data-testid={`${props.testId}-${skill.slug}`}
                checked={level !== undefined}
                onChange={(e) => toggle(skill.id, e.target.checked)}
              />
              {skillName(skill, locale)} <code>{skill.slug}</code>
            </label>
            <select
              className="select select-compact"
              data-testid={`${props.testId}-${skill.slug}-level`}
              aria-label={t('admin.skills.levelOf', { skill: skillName(skill, locale) })}
              value={String(level ?? 1)}
              disabled={level === undefined}
              onChange={(e) => setLevel(skill.id, Number(e.target.value))}
            >
              {levels.map((l) => (
                <option key={l} value={String(l)}>
                  {t(`admin.level.${l}`)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {props.problem && <span className="field-problem">{props.problem}</span>}
    </fieldset>
  );
}
