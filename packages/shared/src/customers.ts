import { z } from 'zod';
import { CaseStatus, Customer } from './domain.ts';

/** Why two customers may be the same person without being merged automatically. */
export const MergeSuggestionReason = z.object({
  /** `phone` / `email`: the same contact point (claimed on at least one side); `name`: the same display name. */
  kind: z.enum(['phone', 'email', 'name']),
  value: z.string(),
  /** Both sides have it attested (they were merged once and the merge was undone). */
  attested: z.boolean(),
});
export type MergeSuggestionReason = z.infer<typeof MergeSuggestionReason>;

/** A customer that may be the same person, with every reason found. */
export const MergeSuggestion = z.object({
  customerId: z.number().int(),
  displayName: z.string().nullable(),
  reasons: z.array(MergeSuggestionReason),
});
export type MergeSuggestion = z.infer<typeof MergeSuggestion>;

/** A past or current case on the card; `outcome` says how it ended (`open` while it has not). */
export const CustomerCaseOutcome = z.enum(['open', 'resolved', 'merged']);
export const CustomerCase = z.object({
  id: z.number().int(),
  status: CaseStatus,
  outcome: CustomerCaseOutcome,
  queueId: z.number().int(),
  assigneeId: z.number().int().nullable(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  lastMessageText: z.string().nullable(),
  /** For `merged`: the case that took this case's messages. */
  mergedIntoCaseId: z.number().int().nullable(),
});
export type CustomerCase = z.infer<typeof CustomerCase>;

/** A merge into this customer that can still be undone (`POST /api/v1/customer-merges/:id/undo`). */
export const CustomerMergeView = z.object({
  id: z.number().int(),
  survivorId: z.number().int(),
  mergedId: z.number().int(),
  mergedName: z.string().nullable(),
  /** 'system': merged automatically on an equal attested contact point. */
  by: z.enum(['system', 'operator']),
  actorOperatorId: z.number().int().nullable(),
  reason: z.string(),
  createdAt: z.string(),
});
export type CustomerMergeView = z.infer<typeof CustomerMergeView>;

/** `GET /api/v1/customers/:id`: the customer card (a `Customer` with its cases, suggestions and merges). */
export const CustomerCard = Customer.extend({
  /** Set when this customer was merged into another: open that one (everything is there). */
  mergedIntoCustomerId: z.number().int().nullable(),
  cases: z.array(CustomerCase),
  suggestions: z.array(MergeSuggestion),
  merges: z.array(CustomerMergeView),
  /** Whether the caller's role may merge and unmerge (`customers.merge`). */
  canMerge: z.boolean(),
});
export type CustomerCard = z.infer<typeof CustomerCard>;

export const UpdateCustomerRequest = z
  .object({ displayName: z.string().trim().min(1).max(200).nullable() })
  .strict();
export type UpdateCustomerRequest = z.infer<typeof UpdateCustomerRequest>;

export const AddContactPointRequest = z
  .object({ kind: z.enum(['phone', 'email']), value: z.string().trim().min(1).max(320) })
  .strict();
export type AddContactPointRequest = z.infer<typeof AddContactPointRequest>;

export const MergeCustomerRequest = z
  .object({
    otherCustomerId: z.number().int().positive(),
    /** Why, for the audit log (default: "merged by an operator"). */
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type MergeCustomerRequest = z.infer<typeof MergeCustomerRequest>;

/** The answer to a merge or an undo: the merge, and the card of the customer who holds everything now. */
export const CustomerMergeResult = z.object({
  mergeId: z.number().int(),
  survivorId: z.number().int(),
  mergedId: z.number().int(),
  keptCaseId: z.number().int().nullable(),
  closedCaseId: z.number().int().nullable(),
});
export type CustomerMergeResult = z.infer<typeof CustomerMergeResult>;

export const CustomerUnmergeResult = z.object({
  mergeId: z.number().int(),
  survivorId: z.number().int(),
  mergedId: z.number().int(),
  closedCaseRestoredOpen: z.boolean(),
});
export type CustomerUnmergeResult = z.infer<typeof CustomerUnmergeResult>;
