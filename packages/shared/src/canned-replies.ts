import { z } from 'zod';
import { Locale } from './domain.ts';

/** Limits of a canned reply's fields, shared by the server's validation and the workspace's form. */
export const cannedReplyLimits = {
  titleMax: 100,
  shortcutMax: 32,
  /** A reply is inserted into the composer; a message takes up to 10 000 characters. */
  bodyMax: 4000,
} as const;

/**
 * `personal`: one operator's own reply, seen by them only. `shared`: made by a supervisor or an admin for
 * one queue (`queueId`) or for all queues (`queueId: null`).
 */
export const CannedReplyScope = z.enum(['personal', 'shared']);
export type CannedReplyScope = z.infer<typeof CannedReplyScope>;

/**
 * What the operator types after `/` in the composer: letters, digits, `_` and `-` (any script), stored in
 * lower case so `/Roaming` and `/roaming` are the same shortcut.
 */
export const CannedReplyShortcut = z
  .string()
  .trim()
  .min(1)
  .max(cannedReplyLimits.shortcutMax)
  .regex(/^[\p{L}\p{N}_-]+$/u, { message: 'a shortcut is letters, digits, _ and - only (no spaces or /)' })
  .transform((s) => s.toLowerCase());

const Title = z.string().trim().min(1).max(cannedReplyLimits.titleMax);
const Body = z
  .string()
  .max(cannedReplyLimits.bodyMax)
  .refine((s) => s.trim().length > 0, { message: 'the body is empty' });

export const CannedReply = z.object({
  id: z.number().int(),
  scope: CannedReplyScope,
  /** Shared replies: the queue they are for, null for all queues. Always null for personal ones. */
  queueId: z.number().int().nullable(),
  /** Personal replies: their owner. Null for shared ones. */
  ownerId: z.number().int().nullable(),
  title: z.string(),
  shortcut: z.string(),
  /** The text, with `{{customer.name}}`-style variables filled in by the workspace on insert. */
  body: z.string(),
  language: Locale,
  /** How many times it was inserted into a composer (`POST /canned-replies/:id/use`). */
  useCount: z.number().int(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Whether the requester may change or delete it (their own personal one; shared ones for supervisors, admins). */
  editable: z.boolean(),
});
export type CannedReply = z.infer<typeof CannedReply>;

export const CreateCannedReplyRequest = z
  .object({
    scope: CannedReplyScope.default('personal'),
    /** Shared replies only: the queue, or null (the default) for all queues. */
    queueId: z.number().int().positive().nullable().optional(),
    title: Title,
    shortcut: CannedReplyShortcut,
    body: Body,
    language: Locale,
  })
  .strict()
  .refine((r) => r.scope === 'shared' || r.queueId == null, {
    message: 'a personal reply belongs to no queue',
    path: ['queueId'],
  });
export type CreateCannedReplyRequest = z.infer<typeof CreateCannedReplyRequest>;

/** A change of a canned reply: any of its fields but the scope (a personal reply never becomes shared). */
export const UpdateCannedReplyRequest = z
  .object({
    queueId: z.number().int().positive().nullable().optional(),
    title: Title.optional(),
    shortcut: CannedReplyShortcut.optional(),
    body: Body.optional(),
    language: Locale.optional(),
  })
  .strict()
  .refine((r) => Object.values(r).some((v) => v !== undefined), { message: 'nothing to change' });
export type UpdateCannedReplyRequest = z.infer<typeof UpdateCannedReplyRequest>;

export const CannedReplyListQuery = z.object({
  /**
   * The case's queue: shared replies of that queue and of all queues (and my personal ones); without it,
   * the shared replies of every queue I may see.
   */
  queueId: z.coerce.number().int().positive().optional(),
  scope: CannedReplyScope.optional(),
});
export type CannedReplyListQuery = z.infer<typeof CannedReplyListQuery>;
