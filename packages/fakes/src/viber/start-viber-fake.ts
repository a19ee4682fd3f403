import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleViberApiCall, viberError, type ViberApiAnswer } from './handle-viber-api-call.ts';
import { stringifyViberJson } from './stringify-viber-json.ts';
import { ViberFakeState, type ViberFakeOptions } from './viber-fake-state.ts';

export interface ViberFake {
  /** The API root to give a client instead of `https://chatapi.viber.com` (no trailing slash). */
  url: string;
  state: ViberFakeState;
  close(): Promise<void>;
}

/**
 * Starts a protocol-faithful fake of the Viber REST Bot API on 127.0.0.1 (ephemeral port): `POST /pa/<method>`
 * with `X-Viber-Auth-Token`, errors as HTTP 200 + non-zero `status`, 64-bit `message_token`s written as raw
 * JSON numbers, signed webhook callbacks driven by `state.push`, and temporary media URLs (`/media/…`).
 *
 * @example
 * const fake = await startViberFake();
 * fake.state.addBot({ authToken: '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9' });
 * await fetch(`${fake.url}/pa/get_account_info`, { method: 'POST', headers: { 'x-viber-auth-token': token }, body: '{}' });
 * await fake.close();
 */
export async function startViberFake(options: ViberFakeOptions = {}): Promise<ViberFake> {
  const state = new ViberFakeState(options);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, { httpStatus: 500, body: { error: `Internal Server Error: ${message}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: state.baseUrl,
    state,
    close: async () => {
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(state: ViberFakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');

  const media = /^\/media\/([0-9a-f]+)\/[^/]+$/.exec(url.pathname);
  if (media && req.method === 'GET') {
    const hosted = state.mediaAt(media[1] ?? '');
    if (!hosted) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': hosted.contentType, 'content-length': hosted.bytes.length });
    res.end(hosted.bytes);
    return;
  }

  const api = /^\/pa\/([a-z_]+)$/.exec(url.pathname);
  if (!api || req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
    return;
  }
  const method = api[1] ?? '';
  const header = req.headers['x-viber-auth-token'];
  const authToken = typeof header === 'string' ? header : null;
  const bot = authToken === null ? null : (state.bots.get(authToken) ?? null);
  const params = parseObject(rawBody);
  const answer: ViberApiAnswer = bot
    ? await handleViberApiCall({ state, bot, method, rawBody, params })
    : viberError(2, 'invalidAuthToken');
  const raw = send(res, answer);
  state.requests.push({
    authToken,
    method,
    rawBody,
    params,
    response: { httpStatus: answer.httpStatus, body: answer.body, raw },
  });
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, answer: ViberApiAnswer): string {
  const payload = stringifyViberJson(answer.body);
  res.writeHead(answer.httpStatus, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
  return payload;
}
