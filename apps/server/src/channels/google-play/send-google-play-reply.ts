import { ChannelError } from '../../lib/errors.ts';
import type { OutboundMessage, SendResult } from '../channel-adapter.ts';
import { callGooglePlayApi, type GooglePlayTarget } from './call-google-play-api.ts';
import { GooglePlayReplyResult } from './google-play-review-schema.ts';

/** "Replies of more than approximately 350 characters will be rejected." */
export const maxReplyLength = 350;

/**
 * Answers a review: `POST …/reviews/{reviewId}:reply {"replyText"}` (the review id, `recipientExternalId`,
 * URL-encoded). A review has one reply and a new one replaces it, so a retry after a lost answer is safe.
 * Never shortens: over 350 characters → `REVIEW_REPLY_TOO_LONG`; files → `REVIEW_REPLY_NO_FILES`; both
 * permanent. Google strips HTML tags itself. Returns `reply:<reviewId>:<lastEdited.seconds>`.
 *
 * @example await sendGooglePlayReply(target, { …message, recipientExternalId: 'gp:AOqpTOE1aaa', text: 'Fixed in 1.2.1' }) // { externalId: 'reply:gp:AOqpTOE1aaa:1763903600' }
 */
export async function sendGooglePlayReply(
  target: GooglePlayTarget,
  message: OutboundMessage,
): Promise<SendResult> {
  const reviewId = message.recipientExternalId;
  if (message.attachments.length > 0) {
    throw new ChannelError(
      'REVIEW_REPLY_NO_FILES',
      'files cannot be attached to a Google Play review reply: send the text without them',
      { retryable: false },
    );
  }
  if (message.text.trim() === '') {
    throw new ChannelError('REVIEW_REPLY_EMPTY', 'nothing to send: the reply has no text', {
      retryable: false,
    });
  }
  const length = [...message.text].length;
  if (length > maxReplyLength) {
    throw new ChannelError(
      'REVIEW_REPLY_TOO_LONG',
      `the reply has ${length} characters; Google Play accepts at most ${maxReplyLength}: shorten it and send again`,
      { retryable: false },
    );
  }
  const body = await callGooglePlayApi(target, {
    method: 'POST',
    path: `/reviews/${encodeURIComponent(reviewId)}:reply`,
    body: { replyText: message.text },
    what: `reply to review ${reviewId}`,
    signal: message.signal,
  });
  const answer = GooglePlayReplyResult.safeParse(body);
  if (!answer.success) {
    // The reply may have been stored: retrying is safe, a new reply replaces it.
    throw new ChannelError('GOOGLE_PLAY_UNAVAILABLE', 'Google Play answered the reply without a result', {
      retryable: true,
    });
  }
  return { externalId: `reply:${reviewId}:${answer.data.result.lastEdited.seconds}` };
}
