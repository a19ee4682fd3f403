import { parseArgs } from 'node:util';
import {
  ChannelLimits,
  CreateEntryPointRequest,
  CreateQueueRequest,
  CreateSkillRequest,
  Role,
  SkillLevel,
  type SkillRef,
} from '@frontline/shared';
import { z } from 'zod';
import { systemClock } from './lib/clock.ts';
import { AppError } from './lib/errors.ts';
import { createAdminModules, type AdminModules } from './modules/admin/admin-modules.ts';
import { AuditLog } from './modules/audit/audit-log.ts';
import { EventWriter } from './modules/events/event-writer.ts';
import type { Store } from './store/store.ts';

/** The usage lines of the ACD administration commands (docs/administration.md). */
export const adminUsage = `  npm run cli -- queue list
  npm run cli -- queue create --name-ru NAME --name-en NAME [--name INTERNAL_NAME]
  npm run cli -- skill list
  npm run cli -- skill create --slug SLUG --name-ru NAME --name-en NAME
  npm run cli -- entry-point list
  npm run cli -- entry-point create --slug SLUG --name-ru NAME --name-en NAME --queue QUEUE_ID [--priority N] [--skills SLUG:LEVEL,…]
  npm run cli -- entry-point set-queue --slug SLUG --queue QUEUE_ID
  npm run cli -- operator set-role --email EMAIL --role operator|supervisor|admin
  npm run cli -- operator set-queues --email EMAIL --queues 1,2|all|none
  npm run cli -- operator set-skills --email EMAIL --skills SLUG:LEVEL,…|none
  npm run cli -- operator set-capacity --email EMAIL --capacity UNITS [--limits KIND=N,…|none]
  npm run cli -- operator disable|enable --email EMAIL`;

/** The commands this file runs, by noun. */
export const adminNouns = new Set(['queue', 'skill', 'entry-point', 'operator']);

/** A wrong or missing argument: the CLI prints the message and the usage, exit code 2. */
export class UsageError extends Error {}

const options = {
  slug: { type: 'string' },
  'name-ru': { type: 'string' },
  'name-en': { type: 'string' },
  name: { type: 'string' },
  queue: { type: 'string' },
  queues: { type: 'string' },
  priority: { type: 'string' },
  skills: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  capacity: { type: 'string' },
  limits: { type: 'string' },
} as const;

/** `schema.parse(value)`, a refusal becoming a `UsageError` that names the fields. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(
    parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '),
  );
}

const Int = z.coerce.number().int();
const list = (value: string) => value.split(',').flatMap((s) => (s.trim() === '' ? [] : [s.trim()]));

/**
 * `--queues` of `user create` and `operator set-queues`: `all` (every queue), `none`, or ids `1,2`.
 * @example parseQueueIds('2,3', [1, 2, 3]) // [2, 3]
 */
export function parseQueueIds(value: string, allIds: readonly number[]): number[] {
  if (value === 'all') return [...allIds];
  if (value === 'none') return [];
  return list(value).map((id) => parse(Int.pipe(z.number().min(1)), id));
}

/** `--skills english:3,vip` (level 1 when left out) to skill refs by the skills' slugs; `none`: no skills. */
async function skillRefs(admin: AdminModules, value: string | undefined): Promise<SkillRef[]> {
  if (value === undefined || value === 'none') return [];
  const refs: SkillRef[] = [];
  for (const item of list(value)) {
    const [slug = '', level = '1'] = item.split(':');
    const skill = await admin.skills.findBySlug(slug);
    if (!skill) throw new UsageError(`no skill with the slug "${slug}" (see: skill list)`);
    refs.push({ skillId: skill.id, level: parse(z.coerce.number().pipe(SkillLevel), level) });
  }
  return refs;
}

/** `--limits webchat=3,telegram=2` to channel limits; `none`: no limits. */
function channelLimits(value: string): ChannelLimits {
  if (value === 'none') return {};
  const entries = list(value).map((item) => {
    const [kind, n] = item.split('=');
    return [kind, Number(n)];
  });
  return parse(ChannelLimits, Object.fromEntries(entries));
}

const write = (line: string) => process.stdout.write(`${line}\n`);

/** Runs one ACD administration command on `store` as the CLI (audited with no actor); returns the exit code. */
export async function runAdminCommand(
  store: Store,
  noun: string,
  verb: string | undefined,
  args: string[],
): Promise<number> {
  const { values: v } = parseArgs({ args, options });
  const audit = new AuditLog(systemClock);
  // Events go to the outbox; a running server's relay publishes them (routing and screens see the change).
  const events = new EventWriter(systemClock, () => undefined, store.dialect === 'sqlite');
  const admin = createAdminModules({ store, clock: systemClock, audit, events });
  const command = `${noun} ${verb ?? ''}`;
  switch (command) {
    case 'queue list':
      for (const q of await admin.queues.list())
        write(
          `${q.id}\t${q.name}\t${q.nameRu ?? ''}\t${q.nameEn ?? ''}\t${q.cases} cases\t${q.entryPoints} entry points`,
        );
      return 0;
    case 'queue create': {
      const req = parse(CreateQueueRequest, { nameRu: v['name-ru'], nameEn: v['name-en'], name: v.name });
      const q = await admin.queues.create(null, req);
      write(`created queue ${q.id} "${q.name}"`);
      return 0;
    }
    case 'skill list':
      for (const s of await admin.skills.list()) write(`${s.id}\t${s.slug}\t${s.nameRu}\t${s.nameEn}`);
      return 0;
    case 'skill create': {
      const req = parse(CreateSkillRequest, { slug: v.slug, nameRu: v['name-ru'], nameEn: v['name-en'] });
      const s = await admin.skills.create(null, req);
      write(`created skill ${s.id} "${s.slug}"`);
      return 0;
    }
    case 'entry-point list':
      for (const e of await admin.entryPoints.list())
        write(`${e.id}\t${e.slug}\tqueue ${e.queueId}\tpriority ${e.priority}\t${e.nameRu}\t${e.nameEn}`);
      return 0;
    case 'entry-point create': {
      const req = parse(CreateEntryPointRequest, {
        slug: v.slug,
        nameRu: v['name-ru'],
        nameEn: v['name-en'],
        queueId: v.queue === undefined ? undefined : Number(v.queue),
        ...(v.priority === undefined ? {} : { priority: Number(v.priority) }),
        skills: await skillRefs(admin, v.skills),
      });
      const e = await admin.entryPoints.create(null, req);
      write(`created entry point ${e.id} "${e.slug}" in queue ${e.queueId}`);
      return 0;
    }
    case 'entry-point set-queue': {
      const entry = v.slug === undefined ? undefined : await admin.entryPoints.findBySlug(v.slug);
      if (!entry)
        throw new UsageError(`no entry point with the slug "${v.slug ?? ''}" (see: entry-point list)`);
      const queueId = parse(Int.pipe(z.number().min(1)), v.queue);
      const e = await admin.entryPoints.update(null, entry.id, { queueId });
      write(`entry point "${e.slug}" now goes to queue ${e.queueId}`);
      return 0;
    }
  }
  if (noun !== 'operator') throw new UsageError(`unknown command: ${command}`);
  const operator = v.email === undefined ? undefined : await admin.operators.findByEmail(v.email);
  if (!operator) throw new AppError('OPERATOR_NOT_FOUND', `no user ${v.email ?? '(--email missing)'}`);
  const id = operator.id;
  switch (verb) {
    case 'set-role': {
      const o = await admin.operators.update(null, id, { role: parse(Role, v.role) });
      write(`${o.email} is now ${o.role}`);
      return 0;
    }
    case 'set-queues': {
      if (v.queues === undefined) throw new UsageError('--queues is required');
      const all = (await admin.queues.list()).map((q) => q.id);
      const o = await admin.operators.update(null, id, { queueIds: parseQueueIds(v.queues, all) });
      write(`${o.email} is in queues: ${o.queueIds.join(', ') || 'none'}`);
      return 0;
    }
    case 'set-skills': {
      if (v.skills === undefined) throw new UsageError('--skills is required (none for no skills)');
      const o = await admin.operators.update(null, id, { skills: await skillRefs(admin, v.skills) });
      write(`${o.email} has skills: ${o.skills.map((s) => `${s.skillId}:${s.level}`).join(', ') || 'none'}`);
      return 0;
    }
    case 'set-capacity': {
      const capacity = parse(Int.pipe(z.number().min(0).max(1000)), v.capacity);
      const o = await admin.operators.update(null, id, {
        capacity,
        ...(v.limits === undefined ? {} : { channelLimits: channelLimits(v.limits) }),
      });
      write(`${o.email}: capacity ${o.capacity}, channel limits ${JSON.stringify(o.channelLimits)}`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      const o = await admin.operators.setDisabled(null, id, verb === 'disable');
      write(`${o.email} is ${o.disabled ? 'disabled (sessions ended)' : 'enabled'}`);
      return 0;
    }
  }
  throw new UsageError(`unknown command: ${command}`);
}
