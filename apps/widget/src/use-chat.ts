import { useEffect, useReducer, useState } from 'preact/hooks';
import { ChatClient, ChatError } from '@frontline/sdk';
import type { IdentityTokenSource } from './widget-controller.ts';
import type { WidgetLocale } from './strings.ts';

export interface ChatState {
  client: ChatClient | null;
  started: boolean;
  operatorTyping: boolean;
  /** A `ChatError` code when the chat could not start. */
  errorCode: string | null;
  retry: () => void;
}

/** Runs one `ChatClient` while `entryPoint` is set; re-renders on every chat event. */
export function useChat(options: {
  baseUrl: string;
  entryPoint: string | null;
  identity: IdentityTokenSource | null;
  locale: WidgetLocale;
}): ChatState {
  const { baseUrl, entryPoint, identity, locale } = options;
  const [client, setClient] = useState<ChatClient | null>(null);
  const [started, setStarted] = useState(false);
  const [operatorTyping, setOperatorTyping] = useState(false);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    if (!entryPoint) return;
    const chat = new ChatClient({ baseUrl, entryPoint, locale, identityToken: identity ?? undefined });
    const update = (): void => rerender(undefined);
    const offs = [
      chat.on('message', update),
      chat.on('status', update),
      chat.on('outbox', update),
      chat.on('connection', update),
      chat.on('queue', update),
      chat.on('typing', setOperatorTyping),
    ];
    setClient(chat);
    setStarted(false);
    setErrorCode(null);
    chat.start().then(
      () => setStarted(true),
      (err: unknown) => setErrorCode(err instanceof ChatError ? err.code : 'CHAT_NETWORK'),
    );
    return () => {
      for (const off of offs) off();
      chat.close();
    };
  }, [baseUrl, entryPoint, identity, locale, attempt]);

  return { client, started, operatorTyping, errorCode, retry: () => retry(undefined) };
}
