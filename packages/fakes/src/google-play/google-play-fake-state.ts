import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { GooglePlayFakeAnswer } from './google-play-error.ts';
import type { GooglePlayReview, GooglePlayUserComment } from './google-play-review-types.ts';

export interface GooglePlayFakeOptions {
  /** Freeze the fake's clock at this time (ms since epoch); default: it follows the wall clock. */
  now?: number;
  /** Reviews GETs (list + get) per app in a rolling hour before 429 (Google: 200). `null` disables. */
  getsPerHour?: number | null;
  /** Replies per app in a rolling day before 429 (Google: 2000). `null` disables. */
  postsPerDay?: number | null;
  /** How a quota error is answered: 429 RESOURCE_EXHAUSTED (default) or 403 `rateLimitExceeded`. */
  quotaErrorStatus?: 429 | 403;
  /** Lifetime of issued access tokens, seconds (Google: 3599). Measured on the wall clock. */
  tokenTtlSeconds?: number;
}

/** The routes of the fake, as recorded and as `failNext` names them. */
export type GooglePlayRoute = 'token' | 'list' | 'get' | 'reply' | 'unknown';

/** Every request the fake received, for exact-request assertions. */
export interface RecordedGooglePlayRequest {
  route: GooglePlayRoute;
  method: string;
  /** The path exactly as sent (still URL-encoded). */
  rawPath: string;
  packageName: string | null;
  /** The decoded review id of `get` / `reply`. */
  reviewId: string | null;
  query: Record<string, string>;
  authorization: string | null;
  rawBody: string;
  response: { httpStatus: number; body: unknown };
  /** The fake's clock when it was received (ms). */
  at: number;
}

/** An app of the developer account: its reviews, and whether the service account may read them. */
export interface FakeGooglePlayApp {
  packageName: string;
  reviews: Map<string, GooglePlayReview>;
  /** "No permission" mode: every call answers 403 "The current user has insufficient permissions…". */
  insufficientPermissions: boolean;
}

interface IssuedToken {
  clientEmail: string;
  expiresAt: number;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** "Only reviews from last week will be returned." */
export const googlePlayReviewWindowMs = 7 * dayMs;

/**
 * The fake's world: service accounts (public keys) and issued tokens, apps and their reviews, a settable
 * clock for review ages and quotas, quota counters, scripted one-shot failures and every request.
 * Tests drive it directly (`addServiceAccount`, `addApp`, `addReview`, `editReview`, `setNow`, `failNext` …).
 */
export class GooglePlayFakeState {
  readonly apps = new Map<string, FakeGooglePlayApp>();
  readonly serviceAccounts = new Map<string, KeyObject>();
  readonly requests: RecordedGooglePlayRequest[] = [];
  getsPerHour: number | null;
  postsPerDay: number | null;
  quotaErrorStatus: 429 | 403;
  tokenTtlSeconds: number;
  /** Set by `startGooglePlayFake` once listening: the `aud` a JWT must carry. */
  tokenUrl = '';

  private frozenAt: number | null;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly gets = new Map<string, number[]>();
  private readonly posts = new Map<string, number[]>();
  private readonly scripted = new Map<GooglePlayRoute, GooglePlayFakeAnswer[]>();

  constructor(options: GooglePlayFakeOptions = {}) {
    this.frozenAt = options.now ?? null;
    this.getsPerHour = options.getsPerHour === undefined ? 200 : options.getsPerHour;
    this.postsPerDay = options.postsPerDay === undefined ? 2000 : options.postsPerDay;
    this.quotaErrorStatus = options.quotaErrorStatus ?? 429;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3599;
  }

  /** The fake's clock (ms): review ages and quota windows are measured on it. */
  now(): number {
    return this.frozenAt ?? Date.now();
  }

  /** Freeze the fake's clock at `ms`. */
  setNow(ms: number): void {
    this.frozenAt = ms;
  }

  /** Move the fake's clock forward (freezing it if it followed the wall clock). */
  advance(ms: number): void {
    this.frozenAt = this.now() + ms;
  }

  /** Registers a service account: the token endpoint verifies JWTs it signed against this public key. */
  addServiceAccount(options: { clientEmail: string; publicKey: KeyObject | string }): void {
    const key =
      typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
    this.serviceAccounts.set(options.clientEmail, key);
  }

  addApp(packageName: string): FakeGooglePlayApp {
    const app: FakeGooglePlayApp = { packageName, reviews: new Map(), insufficientPermissions: false };
    this.apps.set(packageName, app);
    return app;
  }

  app(packageName: string): FakeGooglePlayApp {
    const app = this.apps.get(packageName);
    if (!app) throw new Error(`unknown app ${packageName}`);
    return app;
  }

  /** Adds (or overwrites) a review of an app; stored as a deep copy. */
  addReview(packageName: string, review: GooglePlayReview): void {
    this.app(packageName).reviews.set(review.reviewId, structuredClone(review));
  }

  /**
   * The customer edits their review: same `reviewId`, new text/stars, `lastModified` = the fake's clock
   * (or `lastModifiedSeconds`). Returns the new `lastModified.seconds`.
   */
  editReview(
    packageName: string,
    reviewId: string,
    patch: Partial<Pick<GooglePlayUserComment, 'text' | 'starRating'>> & { lastModifiedSeconds?: number },
  ): string {
    const user = this.userCommentOf(this.review(packageName, reviewId));
    if (!user) throw new Error(`review ${reviewId} has no user comment`);
    if (patch.text !== undefined) user.text = patch.text;
    if (patch.starRating !== undefined) user.starRating = patch.starRating;
    const seconds = patch.lastModifiedSeconds ?? Math.floor(this.now() / 1000);
    user.lastModified = { seconds: String(seconds), nanos: 0 };
    return user.lastModified.seconds;
  }

  review(packageName: string, reviewId: string): GooglePlayReview {
    const review = this.app(packageName).reviews.get(reviewId);
    if (!review) throw new Error(`unknown review ${reviewId}`);
    return review;
  }

  userCommentOf(review: GooglePlayReview): GooglePlayUserComment | undefined {
    for (const comment of review.comments) if ('userComment' in comment) return comment.userComment;
    return undefined;
  }

  /** The reviews `list` returns: with a text comment, modified within 7 days of the clock, newest first. */
  visibleReviews(packageName: string): GooglePlayReview[] {
    const since = this.now() - googlePlayReviewWindowMs;
    const visible: Array<{ review: GooglePlayReview; at: number }> = [];
    for (const review of this.app(packageName).reviews.values()) {
      const user = this.userCommentOf(review);
      if (!user || user.text.trim() === '') continue;
      const at = Number(user.lastModified.seconds) * 1000 + Math.floor((user.lastModified.nanos ?? 0) / 1e6);
      if (at < since || at > this.now()) continue;
      visible.push({ review, at });
    }
    visible.sort((a, b) => b.at - a.at || a.review.reviewId.localeCompare(b.review.reviewId));
    return visible.map((v) => v.review);
  }

  /** The next `times` calls of `route` get this answer instead (e.g. `googlePlayError(503, …)`). */
  failNext(route: GooglePlayRoute, answer: GooglePlayFakeAnswer, times = 1): void {
    const list = this.scripted.get(route) ?? [];
    for (let i = 0; i < times; i++) list.push(answer);
    this.scripted.set(route, list);
  }

  takeScripted(route: GooglePlayRoute): GooglePlayFakeAnswer | undefined {
    return this.scripted.get(route)?.shift();
  }

  requestsFor(route: GooglePlayRoute): RecordedGooglePlayRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Issues an access token for a service account (the token endpoint calls this after checking the JWT). */
  issueToken(clientEmail: string): { token: string; expiresIn: number } {
    const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { clientEmail, expiresAt: Date.now() + this.tokenTtlSeconds * 1000 });
    return { token, expiresIn: this.tokenTtlSeconds };
  }

  /** The service account of a valid (issued, unexpired, unrevoked) access token, or null. */
  tokenOwner(token: string): string | null {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= Date.now()) return null;
    return issued.clientEmail;
  }

  /** Invalidate every issued access token (as if they expired): clients must fetch new ones. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Counts one GET of an app; false (not counted) when the hourly quota is used up. */
  countGet(packageName: string): boolean {
    return this.count(this.gets, packageName, hourMs, this.getsPerHour);
  }

  /** Counts one reply of an app; false (not counted) when the daily quota is used up. */
  countPost(packageName: string): boolean {
    return this.count(this.posts, packageName, dayMs, this.postsPerDay);
  }

  /** The quota used by an app: GETs in the last hour, replies in the last day (fake clock). */
  usage(packageName: string): { getsLastHour: number; postsLastDay: number } {
    const now = this.now();
    return {
      getsLastHour: (this.gets.get(packageName) ?? []).filter((t) => t > now - hourMs).length,
      postsLastDay: (this.posts.get(packageName) ?? []).filter((t) => t > now - dayMs).length,
    };
  }

  private count(log: Map<string, number[]>, key: string, windowMs: number, limit: number | null): boolean {
    const now = this.now();
    const times = (log.get(key) ?? []).filter((t) => t > now - windowMs);
    if (limit !== null && times.length >= limit) {
      log.set(key, times);
      return false;
    }
    log.set(key, [...times, now]);
    return true;
  }
}
