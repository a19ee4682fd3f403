import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ChatError, chatAttachmentLimits, type ChatClient } from '@frontline/sdk';
import { MessageBubble } from './message-bubble.tsx';
import type { Strings } from './strings.ts';
import { queueLine } from './strings-queue.ts';

interface Upload {
  id: string;
  filename: string;
}

/** The conversation (history, live replies, typing, ticks) and the composer. */
export function ChatPanel(props: {
  client: ChatClient;
  baseUrl: string;
  locale: string;
  strings: Strings;
  operatorTyping: boolean;
}) {
  const { client, strings: t } = props;
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const messages = client.messages;
  const shown = new Set(messages.map((m) => m.clientMsgId));
  const outbox = client.outbox.filter((o) => !shown.has(o.clientMsgId));

  // Show "reconnecting" only when offline for a while (not during the first connect after start()).
  const offline = client.connection === 'offline';
  const [showOffline, setShowOffline] = useState(false);
  useEffect(() => {
    if (!offline) return setShowOffline(false);
    const timer = setTimeout(() => setShowOffline(true), 2000);
    return () => clearTimeout(timer);
  }, [offline]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages.length, outbox.length, props.operatorTyping]);

  // The panel is open: operator messages on screen are read.
  useEffect(() => {
    let lastOut = 0;
    for (const m of messages) if (m.direction === 'out') lastOut = m.id;
    if (lastOut > client.readUpToMessageId && document.visibilityState !== 'hidden') {
      client.markRead(lastOut).catch(() => undefined);
    }
  });

  const send = (): void => {
    const ids = uploads.map((u) => u.id);
    if (!text.trim() && ids.length === 0) return;
    setText('');
    setUploads([]);
    setError(null);
    client.send(text, ids).catch(() => setError(t.sendFailed));
  };

  const attach = (input: HTMLInputElement): void => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError(null);
    setUploading(true);
    client
      .uploadAttachment(file, file.name)
      .then((a) => setUploads((list) => [...list, { id: a.id, filename: a.filename }]))
      .catch((err: unknown) => {
        const code = err instanceof ChatError ? err.code : '';
        setError(
          code === 'CHAT_ATTACHMENT_TOO_LARGE'
            ? t.tooLarge
            : code === 'CHAT_ATTACHMENT_TYPE'
              ? t.badType
              : t.uploadFailed,
        );
      })
      .finally(() => setUploading(false));
  };

  return (
    <>
      {showOffline && <div class="notice">{t.offline}</div>}
      <div class="list" ref={listRef}>
        <div class="msg op">
          <div class="text">{t.greeting}</div>
        </div>
        {messages.map((m) => (
          <MessageBubble key={m.id} message={m} baseUrl={props.baseUrl} strings={t} locale={props.locale} />
        ))}
        {outbox.map((o) => (
          <div key={o.clientMsgId} class="msg own pending" data-testid="fl-message-in">
            {o.text && <div class="text">{o.text}</div>}
            {o.attachmentIds.length > 0 && <div class="file">📎</div>}
            <div class="meta">
              {o.state === 'failed' ? (
                <button
                  class="tick failed"
                  title={t.failed}
                  onClick={() => client.retry(o.clientMsgId).catch(() => undefined)}
                >
                  !
                </button>
              ) : o.state === 'sent' ? (
                <span
                  class="tick"
                  data-testid={`fl-status-${o.messageId}`}
                  data-status="received"
                  title={t.sent}
                >
                  ✓
                </span>
              ) : (
                <span class="tick" title={t.sending}>
                  🕓
                </span>
              )}
            </div>
          </div>
        ))}
      </div>
      {client.queue && (
        <div class="queue" role="status" data-testid="fl-queue-position">
          {queueLine(props.locale === 'en' ? 'en' : 'ru', client.queue)}
        </div>
      )}
      {props.operatorTyping && (
        <div class="typing" data-testid="fl-typing">
          {t.typing}
        </div>
      )}
      {error && (
        <div class="notice" role="alert" data-testid="fl-error">
          {error}
        </div>
      )}
      {(uploads.length > 0 || uploading) && (
        <div class="uploads">
          {uploads.map((u) => (
            <span key={u.id} class="chip">
              📎 {u.filename}
              <button title={t.removeFile} onClick={() => setUploads(uploads.filter((x) => x.id !== u.id))}>
                ×
              </button>
            </span>
          ))}
          {uploading && <span class="chip">{t.uploading}</span>}
        </div>
      )}
      <div class="composer">
        <label class="attach" title={t.attach}>
          <svg
            width="18"
            height="18"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            aria-hidden="true"
          >
            <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
          </svg>
          <input
            type="file"
            accept={chatAttachmentLimits.allowedTypes.join(',')}
            onChange={(e) => attach(e.currentTarget)}
            data-testid="fl-file"
          />
        </label>
        <textarea
          rows={1}
          value={text}
          placeholder={t.placeholder}
          aria-label={t.placeholder}
          data-testid="fl-input"
          onInput={(e) => {
            setText(e.currentTarget.value);
            client.typing();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
        />
        <button
          class="send"
          data-testid="fl-send"
          title={t.send}
          aria-label={t.send}
          onClick={send}
          disabled={uploading}
        >
          ➤
        </button>
      </div>
    </>
  );
}
