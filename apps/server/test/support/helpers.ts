import { createServer as createNetServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import WebSocket from 'ws';
import type { TestServer } from './test-server.ts';

/** The stable error code of an error response. */
export function errorCode(res: LightMyRequestResponse): string | undefined {
  try {
    return res.json<{ error?: { code?: string } }>().error?.code;
  } catch {
    return undefined;
  }
}

/** Id of the only (or newest) case of a customer, or of the newest case overall. */
export async function latestCaseId(server: TestServer, customerId?: number): Promise<number> {
  let q = server.store.db.selectFrom('cases').select('id').orderBy('id', 'desc');
  if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
  return (await q.executeTakeFirstOrThrow()).id;
}

// ---------------------------------------------------------------------------------------------------
// Files

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A real, valid 1×1 RGB PNG. */
export function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const raw = Buffer.from([0, 0xff, 0x00, 0x00]); // filter byte + one red pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A hand-built multipart/form-data body with one field `file`. */
export function multipart(filename: string, bytes: Buffer, contentType = 'image/png', field = 'file') {
  const boundary = `----frontline-test-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

// ---------------------------------------------------------------------------------------------------
// WebSocket

/** The frames both gateways send, loosely typed for assertions. */
export interface Frame {
  type: string;
  id?: number;
  seq?: number;
  cursor?: number;
  caseId?: number;
  who?: string;
  code?: string;
  clientMsgId?: string;
  retryAfterMs?: number;
  ack?: { clientMsgId: string; messageId: number };
  event?: {
    type: string;
    messageId?: number;
    status?: string;
    message?: {
      id: number;
      caseId?: number;
      direction: string;
      text: string;
      status: string;
      clientMsgId?: string | null;
    };
    case?: { id: number; status: string; queueId: number; assigneeId: number | null };
  };
  /** A `rows` frame's coalesced inbox rows. */
  rows?: Array<{
    id: number;
    caseId: number;
    case?: {
      id: number;
      status: string;
      queueId: number;
      assigneeId: number | null;
      lastMessageText?: string | null;
    };
    message?: { id: number; text: string; direction: string };
  }>;
  /** A `resync` frame's reason. */
  reason?: string;
}

/** A test WebSocket client that records every frame and can wait for one. */
export class WsClient {
  readonly frames: Frame[] = [];
  private listeners: Array<() => void> = [];
  closed: Promise<void>;
  /** The close code and reason the peer sent, once closed. */
  closeInfo: { code: number; reason: string } | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      // Browsers hand a binary message to the workspace as a Blob it cannot parse: the protocol is text only.
      if (isBinary) {
        this.frames.push({ type: 'binary-frame' });
        for (const l of this.listeners) l();
        return;
      }
      const frame = JSON.parse(data.toString('utf8')) as Frame & { frames?: Frame[]; cursor?: number };
      // An operator `batch` is recorded as the frames it carries, then its cursor (docs/realtime.md).
      if (frame.type === 'batch' && Array.isArray(frame.frames))
        this.frames.push(...frame.frames, { type: 'cursor', cursor: frame.cursor });
      else this.frames.push(frame);
      for (const l of this.listeners) l();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        resolve();
      }),
    );
  }

  /** Opens a socket; rejects with `{ status }` when the server refuses the upgrade. */
  static connect(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new WsClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Resolves with the first recorded frame (from index `from`) that matches. */
  waitFor(match: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.slice(from).find(match);
        if (found) {
          done();
          resolve(found);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`timed out waiting for a frame; got: ${JSON.stringify(this.frames.map((f) => f.type))}`),
        );
      }, timeoutMs);
      const listener = () => void check();
      const done = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      this.listeners.push(listener);
      check();
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}

export async function listen(server: TestServer): Promise<string> {
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return address.replace(/^http/, 'ws');
}

/** A TCP port free right now on 127.0.0.1 (for servers whose public URL must be known before they listen). */
export async function freePort(): Promise<number> {
  // Below Linux's ephemeral range (32768–60999): a port the kernel hands out to another test's `listen(0)` or
  // outgoing connection between this check and the caller's own listen would collide (EADDRINUSE).
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const srv = createNetServer();
    const bound = await new Promise<boolean>((resolve) => {
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((r) => srv.close(() => r()));
      return port;
    }
    if (attempt >= 50) throw new Error('no free port found in 20000–31999');
  }
}

/** The events of an adapter whose `parse` is synchronous (messengers); fails the test if it returned a promise. */
export function syncEvents(
  result: import('../../src/channels/channel-adapter.ts').InboundEvent[] | Promise<unknown>,
): import('../../src/channels/channel-adapter.ts').InboundEvent[] {
  if (result instanceof Promise) throw new Error('expected a synchronous parse');
  return result;
}
