/** Google's protobuf `Timestamp` in JSON: int64 `seconds` as a decimal string, `nanos` as a number. */
export interface GooglePlayTimestamp {
  seconds: string;
  nanos?: number;
}

/** The customer's part of a review (`comments[].userComment`), as the Google Play Developer API returns it. */
export interface GooglePlayUserComment {
  text: string;
  lastModified: GooglePlayTimestamp;
  starRating?: number;
  reviewerLanguage?: string;
  device?: string;
  androidOsVersion?: number;
  appVersionCode?: number;
  appVersionName?: string;
  thumbsUpCount?: number;
  thumbsDownCount?: number;
  deviceMetadata?: Record<string, unknown>;
  /** Present when `translationLanguage` translated `text`. */
  originalText?: string;
}

/** The developer's reply (`comments[].developerComment`): one per review, replaced by a new reply. */
export interface GooglePlayDeveloperComment {
  text: string;
  lastModified: GooglePlayTimestamp;
}

export type GooglePlayComment =
  { userComment: GooglePlayUserComment } | { developerComment: GooglePlayDeveloperComment };

/** One review (`reviewId` looks like `gp:AOqpTO…` and must be URL-encoded in paths). */
export interface GooglePlayReview {
  reviewId: string;
  authorName?: string;
  comments: GooglePlayComment[];
}
