import { issueProblem, type FieldProblem } from '../../lib/field-problem.ts';
import { RoutingSettings } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import { RoutingSettingsStore } from '../settings/routing-settings.ts';
import type { Actor, AdminDeps } from './admin-deps.ts';

/** One problem of a routing settings request: the field path, what is wrong, and its code. */
export type SettingsProblem = FieldProblem;

/** 400 `ROUTING_SETTINGS_INVALID` with one `{path, message}` per problem. */
export function invalidRoutingSettings(problems: SettingsProblem[]): AppError {
  return new AppError(
    'ROUTING_SETTINGS_INVALID',
    `invalid routing settings: ${problems.map((p) => `${p.path || '(root)'} ${p.message}`).join('; ')}`,
    { details: problems },
  );
}

/**
 * The center's routing settings as admins change them (`GET/PUT /api/v1/admin/settings/routing`): the whole
 * `RoutingSettings` (fields left out take their defaults), checked by its schema and for skill slugs that
 * exist (`languageSkills`, `tagSkills`); the change is audited with the fields that changed.
 */
export class RoutingSettingsAdmin {
  private readonly settings: RoutingSettingsStore;

  /** `onChange`: called after a change commits (this node's router reads the settings again at once). */
  constructor(private readonly deps: AdminDeps & { onChange?: () => void }) {
    this.settings = new RoutingSettingsStore(deps);
  }

  read(): Promise<RoutingSettings> {
    return this.settings.read();
  }

  async replace(actor: Actor, body: unknown): Promise<RoutingSettings> {
    const parsed = RoutingSettings.safeParse(body);
    if (!parsed.success)
      throw invalidRoutingSettings(parsed.error.issues.map((i) => issueProblem(i.path.join('.'), { ...i })));
    const next = parsed.data;
    return this.deps.store.write(async (tx) => {
      const slugs = new Set((await tx.db.selectFrom('skills').select('slug').execute()).map((s) => s.slug));
      const problems: SettingsProblem[] = [];
      for (const field of ['languageSkills', 'tagSkills'] as const)
        for (const [key, slug] of Object.entries(next[field]))
          if (!slugs.has(slug))
            problems.push({
              path: `${field}.${key}`,
              message: `no skill with the slug "${slug}"`,
              code: 'unknown_skill',
              params: { value: slug },
            });
      if (problems.length > 0) throw invalidRoutingSettings(problems);
      const { onChange } = this.deps;
      if (onChange) tx.afterCommit(onChange);
      const before = await this.settings.read(tx.db);
      const saved = await this.settings.write(tx, next);
      const changed = (Object.keys(saved) as (keyof RoutingSettings)[]).filter(
        (k) => JSON.stringify(saved[k]) !== JSON.stringify(before[k]),
      );
      await this.deps.audit.record(tx, actor, 'settings.routing.update', 'settings', 'routing', {
        changed,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, saved[k]])),
      });
      return saved;
    });
  }
}
