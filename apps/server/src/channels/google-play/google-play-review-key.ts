import { userCommentOf, type GooglePlayReview } from './google-play-review-schema.ts';

/**
 * The idempotency key of one version of a review: `<reviewId>:<userComment.lastModified.seconds>`. An edit
 * keeps the id and changes `lastModified`, so it is a new key (a new message in the same case); seeing
 * the same version again is a no-op. Null for a review without a customer comment.
 *
 * @example googlePlayReviewKey(review) // 'gp:AOqpTOE1aaa:1763900000'
 */
export function googlePlayReviewKey(review: GooglePlayReview): string | null {
  const comment = userCommentOf(review);
  return comment ? `${review.reviewId}:${comment.lastModified.seconds}` : null;
}
