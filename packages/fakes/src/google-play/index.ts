// Every name carries "GooglePlay" (or "googlePlay"): packages/fakes/src/index.ts re-exports several fakes with `export *`.
export { startGooglePlayFake, type GooglePlayFake } from './start-google-play-fake.ts';
export {
  GooglePlayFakeState,
  googlePlayReviewWindowMs,
  type FakeGooglePlayApp,
  type GooglePlayFakeOptions,
  type GooglePlayRoute,
  type RecordedGooglePlayRequest,
} from './google-play-fake-state.ts';
export { googlePlayError, type GooglePlayFakeAnswer } from './google-play-error.ts';
export { googlePlayMaxReplyLength } from './handle-google-play-api-call.ts';
export { googlePlayJwtBearerGrant, googlePlayScope } from './handle-google-play-token-request.ts';
export { googlePlayFixtureNow, googlePlayFixtureReviews } from './google-play-fixture-reviews.ts';
export { googlePlayServiceAccountKey } from './google-play-service-account-key.ts';
export type {
  GooglePlayComment,
  GooglePlayDeveloperComment,
  GooglePlayReview,
  GooglePlayTimestamp,
  GooglePlayUserComment,
} from './google-play-review-types.ts';
