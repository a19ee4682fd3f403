import type { CreateSkillRequest, Skill, UpdateSkillRequest } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { SkillsTable } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { sentKeys, type Actor, type AdminDeps } from './admin-deps.ts';

type SkillRow = Pick<SkillsTable, 'slug' | 'name_ru' | 'name_en'> & { id: number };

const toSkill = (r: SkillRow): Skill => ({ id: r.id, slug: r.slug, nameRu: r.name_ru, nameEn: r.name_en });

/** Skills (docs/administration.md): listed by slug; a slug is unique; deleting one drops it from everyone. */
export class SkillsAdmin {
  constructor(private readonly deps: AdminDeps) {}

  async list(): Promise<Skill[]> {
    const rows = await this.deps.store.db.selectFrom('skills').selectAll().orderBy('slug').execute();
    return rows.map(toSkill);
  }

  async create(actor: Actor, req: CreateSkillRequest): Promise<Skill> {
    return this.deps.store.write(async (tx) => {
      await this.requireFreeSlug(tx, req.slug, null);
      const row = await tx.db
        .insertInto('skills')
        .values({
          slug: req.slug,
          name_ru: req.nameRu,
          name_en: req.nameEn,
          created_at: this.deps.clock.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, 'skill.create', 'skill', row.id, { slug: row.slug });
      return toSkill(row);
    });
  }

  async update(actor: Actor, id: number, req: UpdateSkillRequest): Promise<Skill> {
    return this.deps.store.write(async (tx) => {
      await this.find(tx, id);
      if (req.slug !== undefined) await this.requireFreeSlug(tx, req.slug, id);
      const row = await tx.db
        .updateTable('skills')
        .set({
          ...(req.slug === undefined ? {} : { slug: req.slug }),
          ...(req.nameRu === undefined ? {} : { name_ru: req.nameRu }),
          ...(req.nameEn === undefined ? {} : { name_en: req.nameEn }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, 'skill.update', 'skill', id, { changed: sentKeys(req) });
      return toSkill(row);
    });
  }

  /** Deletes the skill; operators lose it and entry points stop requiring it. */
  async remove(actor: Actor, id: number): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const skill = await this.find(tx, id);
      await tx.db.deleteFrom('operator_skills').where('skill_id', '=', id).execute();
      await tx.db.deleteFrom('entry_point_skills').where('skill_id', '=', id).execute();
      await tx.db.deleteFrom('skills').where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, 'skill.delete', 'skill', id, { slug: skill.slug });
    });
  }

  /** The skill of `slug`, for the CLI and the routing settings' slugs. */
  async findBySlug(slug: string): Promise<Skill | undefined> {
    const row = await this.deps.store.db
      .selectFrom('skills')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row && toSkill(row);
  }

  private async find(tx: Tx, id: number): Promise<SkillRow> {
    const row = await tx.db.selectFrom('skills').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('SKILL_NOT_FOUND', `skill ${id} not found`);
    return row;
  }

  private async requireFreeSlug(tx: Tx, slug: string, self: number | null): Promise<void> {
    const taken = await tx.db.selectFrom('skills').select('id').where('slug', '=', slug).executeTakeFirst();
    if (taken && taken.id !== self)
      throw new AppError('SKILL_SLUG_TAKEN', `another skill already has the slug "${slug}"`);
  }
}
