import type {
  AdminEntryPoint,
  CreateEntryPointRequest,
  SkillRef,
  UpdateEntryPointRequest,
} from '@frontline/shared';
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../lib/errors.ts';
import type { Database, EntryPointsTable } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { parsePreChatFields } from '../chat/pre-chat.ts';
import {
  requireDistinctSkills,
  requireReference,
  changeOf,
  type Actor,
  type AdminDeps,
} from './admin-deps.ts';

type EntryPointRow = Selectable<EntryPointsTable>;

/** The stored pre-chat form: null when there is none (the format `parsePreChatFields` reads). */
function preChatJson(fields: readonly { key: string; required: boolean }[]): string | null {
  return fields.length === 0
    ? null
    : JSON.stringify(fields.map((f) => ({ key: f.key, required: f.required })));
}

/**
 * Entry points (docs/administration.md): the topic a customer picks, its queue, the skills its cases need,
 * priority, SLA policy, business hours, out-of-hours reply, pre-chat form and reopen window. Every id it
 * names must exist (422 `ADMIN_REFERENCE_UNKNOWN`); the slug is unique (409 `ENTRY_POINT_SLUG_TAKEN`).
 */
export class EntryPointsAdmin {
  constructor(private readonly deps: AdminDeps) {}

  async list(): Promise<AdminEntryPoint[]> {
    return this.read(this.deps.store.db);
  }

  async create(actor: Actor, req: CreateEntryPointRequest): Promise<AdminEntryPoint> {
    return this.deps.store.write(async (tx) => {
      await this.requireFreeSlug(tx, req.slug, null);
      await this.checkReferences(tx, req);
      const row = await tx.db
        .insertInto('entry_points')
        .values({
          slug: req.slug,
          name_ru: req.nameRu,
          name_en: req.nameEn,
          queue_id: req.queueId,
          priority: req.priority ?? 0,
          sla_policy_id: req.slaPolicyId ?? null,
          business_hours_id: req.businessHoursId ?? null,
          out_of_hours_ru: req.outOfHoursRu ?? null,
          out_of_hours_en: req.outOfHoursEn ?? null,
          pre_chat_fields: preChatJson(req.preChatFields ?? []),
          ...(req.reopenWindowHours === undefined ? {} : { reopen_window_hours: req.reopenWindowHours }),
          created_at: this.deps.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.writeSkills(tx, row.id, req.skills ?? []);
      await this.deps.audit.record(tx, actor, 'entry_point.create', 'entry_point', row.id, {
        slug: req.slug,
        queueId: req.queueId,
      });
      return this.one(tx, row.id);
    });
  }

  async update(actor: Actor, id: number, req: UpdateEntryPointRequest): Promise<AdminEntryPoint> {
    return this.deps.store.write(async (tx) => {
      const before = await this.one(tx, id);
      if (req.slug !== undefined) await this.requireFreeSlug(tx, req.slug, id);
      await this.checkReferences(tx, req);
      const set = {
        ...(req.slug === undefined ? {} : { slug: req.slug }),
        ...(req.nameRu === undefined ? {} : { name_ru: req.nameRu }),
        ...(req.nameEn === undefined ? {} : { name_en: req.nameEn }),
        ...(req.queueId === undefined ? {} : { queue_id: req.queueId }),
        ...(req.priority === undefined ? {} : { priority: req.priority }),
        ...(req.slaPolicyId === undefined ? {} : { sla_policy_id: req.slaPolicyId }),
        ...(req.businessHoursId === undefined ? {} : { business_hours_id: req.businessHoursId }),
        ...(req.outOfHoursRu === undefined ? {} : { out_of_hours_ru: req.outOfHoursRu }),
        ...(req.outOfHoursEn === undefined ? {} : { out_of_hours_en: req.outOfHoursEn }),
        ...(req.preChatFields === undefined ? {} : { pre_chat_fields: preChatJson(req.preChatFields) }),
        ...(req.reopenWindowHours === undefined ? {} : { reopen_window_hours: req.reopenWindowHours }),
      };
      if (Object.keys(set).length > 0)
        await tx.db.updateTable('entry_points').set(set).where('id', '=', id).execute();
      if (req.skills !== undefined) {
        await tx.db.deleteFrom('entry_point_skills').where('entry_point_id', '=', id).execute();
        await this.writeSkills(tx, id, req.skills);
      }
      const after = await this.one(tx, id);
      await this.deps.audit.record(
        tx,
        actor,
        'entry_point.update',
        'entry_point',
        id,
        changeOf(req, before, after),
      );
      return after;
    });
  }

  /** The entry point of `slug`, for the CLI. */
  async findBySlug(slug: string): Promise<AdminEntryPoint | undefined> {
    const row = await this.deps.store.db
      .selectFrom('entry_points')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row ? (await this.read(this.deps.store.db, row.id))[0] : undefined;
  }

  private async checkReferences(tx: Tx, req: UpdateEntryPointRequest): Promise<void> {
    if (req.queueId !== undefined) await requireReference(tx, 'queues', req.queueId, 'queueId');
    if (req.slaPolicyId != null) await requireReference(tx, 'sla_policies', req.slaPolicyId, 'slaPolicyId');
    if (req.businessHoursId != null)
      await requireReference(tx, 'business_hours', req.businessHoursId, 'businessHoursId');
    if (req.skills !== undefined) {
      requireDistinctSkills(req.skills, 'skills');
      for (const s of req.skills) await requireReference(tx, 'skills', s.skillId, 'skills');
    }
    if (req.preChatFields !== undefined) {
      const keys = req.preChatFields.map((f) => f.key);
      const twice = keys.find((k, i) => keys.indexOf(k) !== i);
      if (twice !== undefined)
        throw new AppError('VALIDATION_FAILED', `preChatFields: ${twice} is listed twice`, {
          details: [
            {
              path: 'preChatFields',
              message: `${twice} is listed twice`,
              code: 'listed_twice',
              params: { value: twice },
            },
          ],
        });
    }
  }

  private async writeSkills(tx: Tx, entryPointId: number, skills: readonly SkillRef[]): Promise<void> {
    if (skills.length === 0) return;
    await tx.db
      .insertInto('entry_point_skills')
      .values(skills.map((s) => ({ entry_point_id: entryPointId, skill_id: s.skillId, level: s.level })))
      .execute();
  }

  private async requireFreeSlug(tx: Tx, slug: string, self: number | null): Promise<void> {
    const taken = await tx.db
      .selectFrom('entry_points')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (taken && taken.id !== self)
      throw new AppError('ENTRY_POINT_SLUG_TAKEN', `another entry point already has the slug "${slug}"`);
  }

  private async one(tx: Tx, id: number): Promise<AdminEntryPoint> {
    const [entry] = await this.read(tx.db, id);
    if (!entry) throw new AppError('ENTRY_POINT_NOT_FOUND', `entry point ${id} not found`);
    return entry;
  }

  private async read(db: Kysely<Database>, id?: number): Promise<AdminEntryPoint[]> {
    let query = db.selectFrom('entry_points').selectAll().orderBy('id');
    if (id !== undefined) query = query.where('id', '=', id);
    const rows: EntryPointRow[] = await query.execute();
    let skillQuery = db.selectFrom('entry_point_skills').selectAll().orderBy('skill_id');
    if (id !== undefined) skillQuery = skillQuery.where('entry_point_id', '=', id);
    const skills = await skillQuery.execute();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      nameRu: r.name_ru,
      nameEn: r.name_en,
      queueId: r.queue_id,
      skills: skills
        .filter((s) => s.entry_point_id === r.id)
        .map((s) => ({ skillId: s.skill_id, level: s.level })),
      priority: r.priority,
      slaPolicyId: r.sla_policy_id,
      businessHoursId: r.business_hours_id,
      outOfHoursRu: r.out_of_hours_ru,
      outOfHoursEn: r.out_of_hours_en,
      preChatFields: parsePreChatFields(r.pre_chat_fields),
      reopenWindowHours: r.reopen_window_hours,
    }));
  }
}
