import { z } from 'zod';

/**
 * The numbers of the realtime design (docs/realtime.md). Each can be overridden by an environment
 * variable of the same name in SCREAMING_SNAKE_CASE prefixed with `REALTIME_` (e.g. `REALTIME_ROW_WINDOW_MS`),
 * read by config.ts (`Config.realtime`).
 */
export interface RealtimeLimits {
  /**
   * How long inbox-row changes are coalesced before they go to queue members (only the newest row per
   * case and queue in a window is sent). Default 250 ms.
   */
  rowWindowMs: number;
  /**
   * The most events a resume replays: a client whose cursor is further behind (in events it may see) gets
   * a `resync` frame with the current cursor instead, and reloads over REST. Default 2,000.
   */
  maxReplayEvents: number;
  /**
   * The most bytes one socket may leave unsent (written earlier, not yet taken by the kernel because the
   * client does not read). A socket over it when the next frame comes is sent nothing more: its queue is
   * dropped, it gets `resync` (reason `slow`) and is closed. Default 1 MiB.
   */
  maxSocketBufferBytes: number;
  /**
   * The most bytes queued for one socket within one turn (its next batch). Frames are shared strings, so
   * the queue itself is cheap; the batch written from it is this socket's own copy. Over it: as above.
   * A socket therefore never holds more than `maxSocketBufferBytes + maxBatchBytes`. Default 4 MiB.
   */
  maxBatchBytes: number;
  /** After asking a slow socket to close, it is cut off after this long if it does not. Default 1 s. */
  closeGraceMs: number;
}

/** The defaults of `RealtimeLimits`. */
export const defaultRealtimeLimits: RealtimeLimits = {
  rowWindowMs: 250,
  maxReplayEvents: 2000,
  maxSocketBufferBytes: 1024 * 1024,
  maxBatchBytes: 4 * 1024 * 1024,
  closeGraceMs: 1000,
};

const Env = z.object({
  REALTIME_ROW_WINDOW_MS: z.coerce.number().int().min(0).max(10_000).optional(),
  REALTIME_MAX_REPLAY_EVENTS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  REALTIME_MAX_SOCKET_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .optional(),
  REALTIME_MAX_BATCH_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .optional(),
});

/** The limits in force: the defaults, overridden by the `REALTIME_*` variables of `env` (config.ts reads them). */
export function readRealtimeLimits(env: NodeJS.ProcessEnv): RealtimeLimits {
  const parsed = Env.parse(env);
  return {
    ...defaultRealtimeLimits,
    ...(parsed.REALTIME_ROW_WINDOW_MS !== undefined ? { rowWindowMs: parsed.REALTIME_ROW_WINDOW_MS } : {}),
    ...(parsed.REALTIME_MAX_REPLAY_EVENTS !== undefined
      ? { maxReplayEvents: parsed.REALTIME_MAX_REPLAY_EVENTS }
      : {}),
    ...(parsed.REALTIME_MAX_SOCKET_BUFFER_BYTES !== undefined
      ? { maxSocketBufferBytes: parsed.REALTIME_MAX_SOCKET_BUFFER_BYTES }
      : {}),
    ...(parsed.REALTIME_MAX_BATCH_BYTES !== undefined
      ? { maxBatchBytes: parsed.REALTIME_MAX_BATCH_BYTES }
      : {}),
  };
}
