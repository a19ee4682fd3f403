import { primaryLanguage } from '../../lib/primary-language.ts';
import type { InboundEvent } from '../channel-adapter.ts';
import { googlePlayReviewKey } from './google-play-review-key.ts';
import { GooglePlayReview, userCommentOf, type GooglePlayUserComment } from './google-play-review-schema.ts';

/**
 * What one stored review means (pure): one `message` keyed `<reviewId>:<lastModified.seconds>`, from a
 * customer known only by the review (identity = reviewId, display name = author; Google gives no contact
 * points). `thread.continueLatest` puts an edited review into the same case, even a resolved one. The text
 * is readable in any UI language:
 *
 * ```
 * ★☆☆☆☆ 1/5 · Crashes on start
 * 📱 v1.2.0 (120) · Samsung Galaxy A52 (a52q) · Android API 34
 * ```
 * with a `🌐 <language>: <original>` line when Google translated it. Throws on a body that is not a review.
 *
 * @example parseGooglePlayReview(JSON.parse(raw)) // [{ type: 'message', externalMessageId: 'gp:AOqpTOE1aaa:1763900000', … }]
 */
export function parseGooglePlayReview(body: unknown): InboundEvent[] {
  const review = GooglePlayReview.parse(body);
  const comment = userCommentOf(review);
  const key = googlePlayReviewKey(review);
  if (!comment || key === null)
    return [{ type: 'ignored', reason: 'review without a customer comment', code: 'no_content' }];
  const text = comment.text.trim();
  if (text === '') return [{ type: 'ignored', reason: 'review without text', code: 'no_content' }];
  const lines = [ratingPrefix(comment.starRating) + text];
  const original = comment.originalText?.trim();
  if (original && original !== text) lines.push(`🌐 ${comment.reviewerLanguage ?? '?'}: ${original}`);
  const about = aboutLine(comment);
  if (about) lines.push(about);
  const language = primaryLanguage(comment.reviewerLanguage);
  return [
    {
      type: 'message',
      externalMessageId: key,
      identity: { externalId: review.reviewId, displayName: review.authorName?.trim() || null },
      text: lines.join('\n'),
      media: [],
      edited: false,
      subject: null,
      thread: { references: [], caseId: null, continueLatest: true },
      ...(language ? { language } : {}),
    },
  ];
}

function ratingPrefix(stars: number | undefined): string {
  if (stars === undefined || stars < 1) return '';
  return `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} ${stars}/5 · `;
}

/** App version, device and Android API level, when Google sent them. */
function aboutLine(comment: GooglePlayUserComment): string | null {
  const parts: string[] = [];
  if (comment.appVersionName || comment.appVersionCode !== undefined) {
    const name = comment.appVersionName ? `v${comment.appVersionName}` : '';
    const code = comment.appVersionCode === undefined ? '' : `(${comment.appVersionCode})`;
    parts.push([name, code].filter(Boolean).join(' '));
  }
  const model = [comment.deviceMetadata?.manufacturer, comment.deviceMetadata?.productName]
    .filter(Boolean)
    .join(' ');
  if (model && comment.device) parts.push(`${model} (${comment.device})`);
  else if (model || comment.device) parts.push(model || comment.device || '');
  if (comment.androidOsVersion !== undefined) parts.push(`Android API ${comment.androidOsVersion}`);
  return parts.length > 0 ? `📱 ${parts.join(' · ')}` : null;
}
