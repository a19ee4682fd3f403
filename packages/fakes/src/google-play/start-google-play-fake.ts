import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGooglePlayApiCall } from './handle-google-play-api-call.ts';
import { handleGooglePlayTokenRequest } from './handle-google-play-token-request.ts';
import type { GooglePlayFakeAnswer } from './google-play-error.ts';
import {
  GooglePlayFakeState,
  type GooglePlayFakeOptions,
  type GooglePlayRoute,
} from './google-play-fake-state.ts';

export interface GooglePlayFake {
  /** The API root to give a client instead of `https://androidpublisher.googleapis.com/` (no trailing slash). */
  url: string;
  /** The token endpoint to use instead of `https://oauth2.googleapis.com/token`. */
  tokenUrl: string;
  state: GooglePlayFakeState;
  close(): Promise<void>;
}

const reviewsPath = /^\/androidpublisher\/v3\/applications\/([^/]+)\/reviews(?:\/([^/:]+)(:reply)?)?$/;

/**
 * Starts a protocol-faithful fake of the Google Play Developer API reviews endpoints and Google's OAuth
 * token endpoint on 127.0.0.1 (ephemeral port); see docs/channels.md (The fakes). Service accounts sign a JWT (RS256)
 * exchanged at `POST /token`; API routes need `Authorization: Bearer <issued token>`:
 * `GET /androidpublisher/v3/applications/{pkg}/reviews`, `GET …/reviews/{reviewId}`,
 * `POST …/reviews/{reviewId}:reply` (the review id URL-encoded: `gp%3A…`).
 *
 * @example
 * const fake = await startGooglePlayFake({ now: googlePlayFixtureNow });
 * fake.state.addServiceAccount({ clientEmail, publicKey });
 * fake.state.addApp('com.example.app');
 * for (const review of googlePlayFixtureReviews) fake.state.addReview('com.example.app', review);
 * await fake.close();
 */
export async function startGooglePlayFake(options: GooglePlayFakeOptions = {}): Promise<GooglePlayFake> {
  const state = new GooglePlayFakeState(options);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, { httpStatus: 500, body: { error: { code: 500, message, status: 'INTERNAL' } } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  state.tokenUrl = `${url}/token`;
  return {
    url,
    tokenUrl: state.tokenUrl,
    state,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(state: GooglePlayFakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const method = req.method ?? 'GET';
  const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : null;

  const match = reviewsPath.exec(url.pathname);
  let route: GooglePlayRoute = 'unknown';
  if (url.pathname === '/token' && method === 'POST') route = 'token';
  else if (match && method === 'GET') route = match[2] === undefined ? 'list' : match[3] ? 'unknown' : 'get';
  else if (match && method === 'POST' && match[2] !== undefined && match[3]) route = 'reply';
  const packageName = match?.[1] === undefined ? null : decode(match[1]);
  const reviewId = match?.[2] === undefined ? null : decode(match[2]);

  let answer: GooglePlayFakeAnswer;
  const scripted = route === 'unknown' ? undefined : state.takeScripted(route);
  if (scripted) answer = scripted;
  else if (route === 'token') answer = handleGooglePlayTokenRequest(state, rawBody);
  else if (route === 'unknown' || packageName === null) {
    answer = { httpStatus: 404, body: 'Not Found' };
  } else {
    answer = handleGooglePlayApiCall(state, {
      route,
      packageName,
      reviewId,
      query: url.searchParams,
      authorization,
      rawBody,
    });
  }
  send(res, answer);
  state.requests.push({
    route,
    method,
    rawPath: url.pathname,
    packageName,
    reviewId,
    query: Object.fromEntries(url.searchParams),
    authorization,
    rawBody,
    response: { httpStatus: answer.httpStatus, body: answer.body },
    at: state.now(),
  });
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function send(res: ServerResponse, answer: GooglePlayFakeAnswer): void {
  const text = typeof answer.body === 'string';
  const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.httpStatus, {
    'content-type': text ? 'text/html; charset=UTF-8' : 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
    ...answer.headers,
  });
  res.end(payload);
}
