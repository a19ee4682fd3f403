import type * as z from 'zod/mini';
import { ChatError } from './chat-error.ts';

/** Parses outside data with a schema, or throws `CHAT_BAD_RESPONSE` naming what was being read. */
export function parseOrThrow<T>(schema: z.ZodMiniType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ChatError(
    'CHAT_BAD_RESPONSE',
    `unexpected ${what} from the chat server: ${result.error.message}`,
  );
}
