import type { LightMyRequestResponse } from 'fastify';
import type { TestServer } from './test-server.ts';

/** One entry of the customer's chat history (`GET /api/v1/chat/history`), loosely typed for assertions. */
export interface ChatHistoryItem {
  seq: number;
  event: {
    type: string;
    messageId?: number;
    status?: string;
    message?: {
      id: number;
      direction: string;
      text: string;
      status: string;
      attachments?: Array<{ url: string }>;
    };
  };
}

/** `POST /api/v1/chat/sessions` on the `general` entry point unless `payload` says otherwise, answered as it is. */
export function postChatSession(
  server: TestServer,
  payload: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/chat/sessions',
    payload: { entryPoint: 'general', ...payload },
  });
}

/** `GET /api/v1/chat/history?since=…` with the visitor's bearer token, answered as it is. */
export function getChatHistory(
  server: TestServer,
  token: string,
  since = 0,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'GET',
    url: `/api/v1/chat/history?since=${since}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** What the visitor's chat history holds after `since`; fails the test unless it answers 200. */
export async function chatHistory(
  server: TestServer,
  token: string,
  since = 0,
): Promise<{ items: ChatHistoryItem[]; cursor: number }> {
  const res = await getChatHistory(server, token, since);
  if (res.statusCode !== 200) throw new Error(`chat history failed: ${res.statusCode} ${res.body}`);
  return res.json<{ items: ChatHistoryItem[]; cursor: number }>();
}
