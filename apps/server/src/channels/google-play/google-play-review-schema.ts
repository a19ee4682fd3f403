import { z } from 'zod';

// The parts of androidpublisher v3 review resources Frontline reads. Required: the review id, the comment's
// `lastModified.seconds` (the idempotency key); the rest is shown when present, and a display-only field of an
// unexpected shape is dropped (`.catch`) rather than rejecting the review. Unknown fields are tolerated
// (stripped here; the stored raw review keeps them).

/** protobuf `Timestamp` in JSON: int64 `seconds` as a decimal string (a number is accepted too). */
export const GooglePlayTimestamp = z.object({
  seconds: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative().transform(String)]),
  nanos: z.number().int().optional(),
});

export const GooglePlayUserComment = z.object({
  text: z.string().default(''),
  lastModified: GooglePlayTimestamp,
  starRating: z.number().int().min(0).max(5).optional().catch(undefined),
  reviewerLanguage: z.string().optional().catch(undefined),
  device: z.string().optional().catch(undefined),
  androidOsVersion: z.number().int().optional().catch(undefined),
  appVersionCode: z.number().int().optional().catch(undefined),
  appVersionName: z.string().optional().catch(undefined),
  deviceMetadata: z
    .object({ productName: z.string().optional(), manufacturer: z.string().optional() })
    .optional()
    .catch(undefined),
  originalText: z.string().optional().catch(undefined),
});
export type GooglePlayUserComment = z.infer<typeof GooglePlayUserComment>;

export const GooglePlayReview = z.object({
  reviewId: z.string().min(1),
  authorName: z.string().optional().catch(undefined),
  comments: z
    .array(
      z.object({
        userComment: GooglePlayUserComment.optional(),
        developerComment: z.unknown().optional(),
      }),
    )
    .default([]),
});
export type GooglePlayReview = z.infer<typeof GooglePlayReview>;

/** A page of `reviews.list`: reviews stay raw here (each is stored exactly as Google sent it). */
export const GooglePlayReviewsPage = z.object({
  reviews: z.array(z.unknown()).default([]),
  tokenPagination: z.object({ nextPageToken: z.string().optional() }).optional(),
  pageInfo: z.object({ totalResults: z.number().int().optional() }).optional(),
});

/** The answer of `reviews.reply`. */
export const GooglePlayReplyResult = z.object({
  result: z.object({ replyText: z.string().optional(), lastEdited: GooglePlayTimestamp }),
});

/** The customer's comment of a review (the first `userComment`), if any. */
export function userCommentOf(review: GooglePlayReview): GooglePlayUserComment | undefined {
  return review.comments.find((c) => c.userComment !== undefined)?.userComment;
}
