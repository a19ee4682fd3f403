import { z } from 'zod';
import { ChannelKind } from './channel-kind.ts';
import { Operator, Role } from './domain.ts';
import { SkillRef } from './routing.ts';

/**
 * Requests and answers of the ACD administration (`/api/v1/admin/…`, docs/administration.md): skills,
 * queues, entry points, SLA policies, business hours, operators' routing settings. Reads are for
 * supervisors and admins, changes for admins; every change is audited.
 */

const Name = z.string().trim().min(1).max(200);
const Id = z.number().int().min(1);

/** A slug: lower-case Latin letters, digits, `-` and `_`, starting with a letter or digit. */
export const AdminSlug = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'a slug is lower-case letters, digits, - and _ only' });

export const CreateSkillRequest = z.object({ slug: AdminSlug, nameRu: Name, nameEn: Name }).strict();
export type CreateSkillRequest = z.infer<typeof CreateSkillRequest>;
export const UpdateSkillRequest = CreateSkillRequest.partial().strict();
export type UpdateSkillRequest = z.infer<typeof UpdateSkillRequest>;

/** A queue as administration shows it: its names and what uses it (a queue in use cannot be deleted). */
export const AdminQueue = z.object({
  id: z.number().int(),
  /** The queue's internal name, fixed at creation (the seeded queues are found by it). */
  name: z.string(),
  nameRu: z.string().nullable(),
  nameEn: z.string().nullable(),
  /** Cases of every status in the queue. */
  cases: z.number().int(),
  entryPoints: z.number().int(),
});
export type AdminQueue = z.infer<typeof AdminQueue>;

export const CreateQueueRequest = z
  .object({
    nameRu: Name,
    nameEn: Name,
    /** Internal name (unique); default: `nameEn`. */
    name: Name.optional(),
  })
  .strict();
export type CreateQueueRequest = z.infer<typeof CreateQueueRequest>;
/** A rename: the names shown to people; the internal name stays. */
export const UpdateQueueRequest = z.object({ nameRu: Name, nameEn: Name }).partial().strict();
export type UpdateQueueRequest = z.infer<typeof UpdateQueueRequest>;

/** A pre-chat form field as the admin sets it (the stored format of the widget's form). */
export const AdminPreChatField = z
  .object({ key: z.enum(['name', 'phone', 'email']), required: z.boolean().default(false) })
  .strict();

const OutOfHours = z.string().trim().min(1).max(2000).nullable();

/** An entry point with everything routing, SLA, business hours and the widget read from it. */
export const AdminEntryPoint = z.object({
  id: z.number().int(),
  slug: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  queueId: z.number().int(),
  /** What every case of the entry point needs (the level or above). */
  skills: z.array(SkillRef),
  /** Base priority of its cases (higher first). */
  priority: z.number().int(),
  slaPolicyId: z.number().int().nullable(),
  businessHoursId: z.number().int().nullable(),
  /** What customers are told out of hours (null: a built-in phrase). */
  outOfHoursRu: z.string().nullable(),
  outOfHoursEn: z.string().nullable(),
  preChatFields: z.array(z.object({ key: z.enum(['name', 'phone', 'email']), required: z.boolean() })),
  /** A message within this many hours of the resolve reopens the case (0: always a new case). */
  reopenWindowHours: z.number().int(),
});
export type AdminEntryPoint = z.infer<typeof AdminEntryPoint>;

const entryPointFields = {
  slug: AdminSlug,
  nameRu: Name,
  nameEn: Name,
  queueId: Id,
  skills: z.array(z.object({ skillId: Id, level: SkillRef.shape.level }).strict()).max(50),
  priority: z.number().int().min(0).max(100),
  slaPolicyId: Id.nullable(),
  businessHoursId: Id.nullable(),
  outOfHoursRu: OutOfHours,
  outOfHoursEn: OutOfHours,
  preChatFields: z.array(AdminPreChatField).max(3),
  reopenWindowHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90),
};

/** A new entry point: the slug, names and queue are needed; the rest defaults (no skills, priority 0 …). */
export const CreateEntryPointRequest = z
  .object({
    ...entryPointFields,
    skills: entryPointFields.skills.optional(),
    priority: entryPointFields.priority.optional(),
    slaPolicyId: entryPointFields.slaPolicyId.optional(),
    businessHoursId: entryPointFields.businessHoursId.optional(),
    outOfHoursRu: entryPointFields.outOfHoursRu.optional(),
    outOfHoursEn: entryPointFields.outOfHoursEn.optional(),
    preChatFields: entryPointFields.preChatFields.optional(),
    reopenWindowHours: entryPointFields.reopenWindowHours.optional(),
  })
  .strict();
export type CreateEntryPointRequest = z.infer<typeof CreateEntryPointRequest>;
/** A change: only the fields sent change (`skills` and `preChatFields` are replaced whole). */
export const UpdateEntryPointRequest = z.object(entryPointFields).partial().strict();
export type UpdateEntryPointRequest = z.infer<typeof UpdateEntryPointRequest>;

const Seconds = z
  .number()
  .int()
  .min(1)
  .max(365 * 86400)
  .nullable();

/** An SLA policy: each clock's target in seconds (null: not measured), warning share, overflow, escalation. */
export const AdminSlaPolicy = z.object({
  id: z.number().int(),
  name: z.string(),
  firstResponseSeconds: z.number().int().nullable(),
  nextResponseSeconds: z.number().int().nullable(),
  resolutionSeconds: z.number().int().nullable(),
  /** A warning when this share (percent) of a target has passed. */
  warnPercent: z.number().int(),
  /** The clocks run only in the entry point's business hours. */
  businessHoursOnly: z.boolean(),
  /** A case waiting longer than this moves once to `overflowQueueId`. */
  overflowAfterSeconds: z.number().int().nullable(),
  overflowQueueId: z.number().int().nullable(),
  escalateOnBreach: z.boolean(),
});
export type AdminSlaPolicy = z.infer<typeof AdminSlaPolicy>;

const slaPolicyFields = {
  name: Name,
  firstResponseSeconds: Seconds,
  nextResponseSeconds: Seconds,
  resolutionSeconds: Seconds,
  warnPercent: z.number().int().min(1).max(99),
  businessHoursOnly: z.boolean(),
  overflowAfterSeconds: Seconds,
  overflowQueueId: Id.nullable(),
  escalateOnBreach: z.boolean(),
};
/** A new policy: a name; targets default to not measured, 80 % warning, business hours only, escalation on. */
export const CreateSlaPolicyRequest = z.object(slaPolicyFields).partial().required({ name: true }).strict();
export type CreateSlaPolicyRequest = z.infer<typeof CreateSlaPolicyRequest>;
export const UpdateSlaPolicyRequest = z.object(slaPolicyFields).partial().strict();
export type UpdateSlaPolicyRequest = z.infer<typeof UpdateSlaPolicyRequest>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/**
 * Open intervals per weekday, local to the time zone: `{"mon": [["09:00","18:00"]], …}`; a missing day is
 * closed. Times are `HH:MM` (`24:00` ends a day); each start is before its end; a day's intervals do not overlap.
 */
export const WeeklyHours = z.partialRecord(Weekday, z.array(z.tuple([z.string(), z.string()])).max(12));
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const AdminBusinessHours = z.object({
  id: z.number().int(),
  name: z.string(),
  /** An IANA time zone (`Europe/Moscow`). */
  timeZone: z.string(),
  weekly: WeeklyHours,
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  holidays: z.array(z.string()),
});
export type AdminBusinessHours = z.infer<typeof AdminBusinessHours>;

const businessHoursFields = {
  name: Name,
  timeZone: z.string().trim().min(1).max(64),
  weekly: WeeklyHours,
  holidays: z.array(z.string()).max(1000),
};
export const CreateBusinessHoursRequest = z
  .object({ ...businessHoursFields, holidays: businessHoursFields.holidays.optional() })
  .strict();
export type CreateBusinessHoursRequest = z.infer<typeof CreateBusinessHoursRequest>;
export const UpdateBusinessHoursRequest = z.object(businessHoursFields).partial().strict();
export type UpdateBusinessHoursRequest = z.infer<typeof UpdateBusinessHoursRequest>;

/** `{"webchat": 3}`: at most this many open cases of a channel kind at once. */
export const ChannelLimits = z.partialRecord(ChannelKind, z.number().int().min(0).max(1000));
export type ChannelLimits = z.infer<typeof ChannelLimits>;

/** An operator as administration shows it: with routing settings, disabled ones included. */
export const AdminOperator = Operator.extend({
  disabled: z.boolean(),
  skills: z.array(SkillRef),
  channelLimits: ChannelLimits,
});
export type AdminOperator = z.infer<typeof AdminOperator>;

/** An admin's change of an operator's routing: only the fields sent change (lists are replaced whole). */
export const UpdateOperatorRoutingRequest = z
  .object({
    role: Role,
    queueIds: z.array(Id).max(500),
    skills: z.array(z.object({ skillId: Id, level: SkillRef.shape.level }).strict()).max(100),
    /** Capacity units (a case weighs its channel's `channelWeights`, 1 by default). */
    capacity: z.number().int().min(0).max(1000),
    channelLimits: ChannelLimits,
  })
  .partial()
  .strict();
export type UpdateOperatorRoutingRequest = z.infer<typeof UpdateOperatorRoutingRequest>;
