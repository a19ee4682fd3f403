import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBotApiCall, type ApiAnswer } from './handle-bot-api-call.ts';
import { readRequestParams } from './read-request-params.ts';
import { TelegramFakeState, type TelegramFakeOptions } from './telegram-fake-state.ts';

export interface TelegramFake {
  /** The API root to give a client instead of `https://api.telegram.org` (no trailing slash). */
  url: string;
  state: TelegramFakeState;
  close(): Promise<void>;
}

/**
 * Starts a protocol-faithful fake of the Telegram Bot API on 127.0.0.1 (ephemeral port): `/bot<token>/<method>`
 * with JSON, urlencoded, query-string or multipart parameters, `/file/bot<token>/<file_path>` downloads, and
 * webhook pushes driven by `state.pushUpdate`.
 *
 * @example
 * const fake = await startTelegramFake({ flood: { perChat: null } });
 * fake.state.addBot({ token: '123:abc' });
 * await fetch(`${fake.url}/bot123:abc/getMe`); // {"ok":true,"result":{"id":123,…}}
 * await fake.close();
 */
export async function startTelegramFake(options: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const state = new TelegramFakeState(options);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, {
        status: 500,
        body: { ok: false, error_code: 500, description: `Internal Server Error: ${message}` },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: async () => {
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(state: TelegramFakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);

  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  if (file) {
    const bot = state.bots.get(decodeURIComponent(file[1] ?? ''));
    const path = decodeURIComponent(file[2] ?? '');
    const hosted = bot ? [...state.files.values()].find((f) => f.filePath === path) : undefined;
    if (!bot) return send(res, unauthorized);
    if (!hosted) return send(res, notFound);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': hosted.bytes.length });
    res.end(hosted.bytes);
    return;
  }

  const api = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
  if (!api) return send(res, notFound);
  const token = decodeURIComponent(api[1] ?? '');
  const method = api[2] ?? '';
  const contentType = req.headers['content-type'] ?? '';
  const bot = state.bots.get(token);
  let answer: ApiAnswer;
  let params: Record<string, unknown> = {};
  let files: ReturnType<typeof readRequestParams>['files'] = [];
  let dropAnswer = false;
  if (!bot) {
    answer = unauthorized;
  } else {
    let parsed = true;
    try {
      ({ params, files } = readRequestParams(url, contentType, body));
    } catch {
      parsed = false;
    }
    const fault = parsed ? state.takeFault(method, params.chat_id) : null;
    if (fault === 'hang') {
      // Held open without an answer, never carried out, until the caller (or `close`) ends the connection.
      state.hungRequests += 1;
      await new Promise<void>((resolve) => {
        res.on('close', () => resolve());
      });
      state.hungRequests -= 1;
      return;
    }
    dropAnswer = fault === 'drop-answer';
    answer = parsed
      ? await handleBotApiCall({ state, bot, method: method.toLowerCase(), params, files })
      : {
          status: 400,
          body: { ok: false, error_code: 400, description: "Bad Request: can't parse request" },
        };
  }
  state.requests.push({
    token,
    method,
    httpMethod: req.method ?? 'GET',
    contentType,
    params,
    files,
    response: answer,
  });
  if (dropAnswer) {
    // Carried out, but the caller never learns: the connection is cut before the answer.
    res.socket?.destroy();
    return;
  }
  send(res, answer);
}

const unauthorized: ApiAnswer = {
  status: 401,
  body: { ok: false, error_code: 401, description: 'Unauthorized' },
};
const notFound: ApiAnswer = { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };

function send(res: ServerResponse, answer: ApiAnswer): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
