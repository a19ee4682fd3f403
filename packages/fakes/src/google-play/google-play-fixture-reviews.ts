import type { GooglePlayReview } from './google-play-review-types.ts';

/**
 * Two fixture reviews shaped byte for byte like Google's answers (docs/channels.md: The fakes): a 1-star English review with full device
 * metadata (its text starts with a tab, as Google sends it) and a 5-star Russian one already answered.
 * Their `lastModified` is around 2025-11-23: set the fake's clock near it (`state.setNow`) to see them.
 */
export const googlePlayFixtureReviews: readonly GooglePlayReview[] = [
  {
    reviewId: 'gp:AOqpTOE1aaa',
    authorName: 'Jane Bloggs',
    comments: [
      {
        userComment: {
          text: '\tCrashes on start',
          lastModified: { seconds: '1763900000', nanos: 713000000 },
          starRating: 1,
          reviewerLanguage: 'en',
          device: 'a52q',
          androidOsVersion: 34,
          appVersionCode: 120,
          appVersionName: '1.2.0',
          thumbsUpCount: 3,
          thumbsDownCount: 0,
          deviceMetadata: {
            productName: 'Galaxy A52',
            manufacturer: 'Samsung',
            deviceClass: 'phone',
            screenWidthPx: 1080,
            screenHeightPx: 2400,
            nativePlatform: 'ARM64',
            screenDensityDpi: 420,
            glEsVersion: 196610,
            ramMb: 6144,
          },
        },
      },
    ],
  },
  {
    reviewId: 'gp:AOqpTOE2bbb',
    authorName: 'A Google user',
    comments: [
      {
        userComment: {
          text: 'Отлично',
          lastModified: { seconds: '1763800000', nanos: 0 },
          starRating: 5,
          reviewerLanguage: 'ru',
        },
      },
      { developerComment: { text: 'Спасибо!', lastModified: { seconds: '1763810000', nanos: 0 } } },
    ],
  },
];

/** The fixture's clock: one hour after the newest fixture review was written (ms). */
export const googlePlayFixtureNow = 1_763_903_600_000;
