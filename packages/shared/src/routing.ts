import { z } from 'zod';
import { ChannelKind } from './channel-kind.ts';

/** A skill an operator has and an entry point may require (docs/routing.md). */
export const Skill = z.object({
  id: z.number().int(),
  slug: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
});
export type Skill = z.infer<typeof Skill>;

/** 1 basic … 5 expert; a required level is met by that level or above. */
export const SkillLevel = z.number().int().min(1).max(5);

export const SkillRef = z.object({ skillId: z.number().int(), level: SkillLevel });
export type SkillRef = z.infer<typeof SkillRef>;

/** The center-wide routing settings (`GET/PUT /api/v1/admin/settings/routing`); every field has a default. */
export const RoutingSettings = z.object({
  /**
   * Capacity units one open case of a channel kind takes (an operator's `capacity` is in the same units).
   * A kind not listed weighs 1, so by default `capacity` counts cases.
   */
  channelWeights: z.partialRecord(ChannelKind, z.number().int().min(0).max(1000)).default({}),
  /**
   * Skill relaxation, in seconds of waiting: after the first, required levels drop to 1; after the second,
   * required skills are dropped (any member of the queue may take the case). Empty: never relaxed.
   */
  relaxAfterSeconds: z.array(z.number().int().min(0)).max(2).default([120, 300]),
  /** Priority aging: a waiting case gains one priority step per this many seconds (0: no aging). */
  agingSeconds: z.number().int().min(0).default(60),
  /** A returning customer goes to the operator who last helped them within this many hours (0: off). */
  stickyHours: z.number().int().min(0).default(24),
  /** An operator whose last socket has been gone this long is set offline (their unstarted cases go back). */
  presenceGraceSeconds: z.number().int().min(10).default(120),
  /** Skills the customer's language requires (`{"en": "english"}`: slug by language). */
  languageSkills: z.record(z.string(), z.string()).default({}),
  /** Skills a customer tag requires (`{"vip": "vip", "b2b": "b2b"}`: slug by tag). */
  tagSkills: z.record(z.string(), z.string()).default({}),
  /** Break reasons operators choose from (the workspace's presence menu). */
  breakReasons: z.array(z.string().min(1).max(40)).default(['break', 'lunch', 'training', 'meeting']),
  /** Messenger customers are told their queue position on enqueue when the estimated wait is above this. */
  announceWaitAboveMinutes: z.number().int().min(0).default(3),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;

/** The SLA state of a case, shown on the case and its inbox row (null without a policy). */
export const CaseSla = z.object({
  /** The worst of its running clocks. */
  state: z.enum(['ok', 'warning', 'breached']),
  firstResponseDue: z.string().nullable(),
  nextResponseDue: z.string().nullable(),
  resolutionDue: z.string().nullable(),
  overflowedAt: z.string().nullable().optional(),
  escalatedAt: z.string().nullable().optional(),
});
export type CaseSla = z.infer<typeof CaseSla>;
