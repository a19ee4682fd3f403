import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGraphCall, type GraphAnswer } from './handle-graph-call.ts';
import { WhatsAppFakeState, type WhatsAppFakeOptions } from './whatsapp-fake-state.ts';

export interface WhatsAppFake {
  /** The Graph root to give a client instead of `https://graph.facebook.com` (no trailing slash). */
  url: string;
  state: WhatsAppFakeState;
  close(): Promise<void>;
}

/**
 * Starts a protocol-faithful fake of the WhatsApp Cloud API on 127.0.0.1 (ephemeral port): Graph-style
 * `/{version}/{phone-number-id}/messages|media`, `/{version}/{media-id}` and media downloads with the Bearer
 * token, Meta's error envelope and codes, and signed webhook pushes (`\uXXXX`-escaped bodies, retries, async
 * statuses) driven by `state.push`.
 *
 * @example
 * const fake = await startWhatsAppFake({ accessToken: 'EAAG…', appSecret: 's3cret', webhookUrl });
 * await fake.state.push(whatsappPayloads.text({ from: { waId: '16505551234' }, body: 'hi' }));
 * await fake.close();
 */
export async function startWhatsAppFake(options: WhatsAppFakeOptions = {}): Promise<WhatsAppFake> {
  const state = new WhatsAppFakeState(options);
  let baseUrl = '';
  const server = createServer((req, res) => {
    handle(state, baseUrl, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, { status: 500, body: { error: { message, type: 'OAuthException', code: 1 } } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    state,
    close: async () => {
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(
  state: WhatsAppFakeState,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const answer = await handleGraphCall({
    state,
    baseUrl,
    httpMethod: req.method ?? 'GET',
    url: new URL(req.url ?? '/', baseUrl),
    authorization: req.headers.authorization ?? null,
    contentType: req.headers['content-type'] ?? '',
    body: Buffer.concat(chunks),
  });
  send(res, answer);
}

function send(res: ServerResponse, answer: GraphAnswer): void {
  const payload = answer.bytes ?? Buffer.from(JSON.stringify(answer.body));
  res.writeHead(answer.status, {
    'content-type': answer.bytes ? (answer.contentType ?? 'application/octet-stream') : 'application/json',
    'content-length': payload.length,
  });
  res.end(payload);
}
