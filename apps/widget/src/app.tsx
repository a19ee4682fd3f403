import { useEffect, useReducer, useState } from 'preact/hooks';
import { ChatPanel } from './chat-panel.tsx';
import { EntryPicker } from './entry-picker.tsx';
import { OutOfHoursNotice } from './out-of-hours-notice.tsx';
import { PreChatForm } from './pre-chat-form.tsx';
import type { WidgetOptions } from './read-script-options.ts';
import { getStrings } from './strings.ts';
import { hasStoredSession } from './has-stored-session.ts';
import { useChat } from './use-chat.ts';
import type { WidgetController } from './widget-controller.ts';

function storedEntry(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The launcher button and the chat panel. */
export function App(props: { options: WidgetOptions; controller: WidgetController }) {
  const { baseUrl, locale } = props.options;
  const t = getStrings(locale);
  const pickedKey = `frontline.entry:${baseUrl}`;
  const [ui, setUi] = useState(props.controller.state);
  const [picked, setPicked] = useState(() => props.options.entryPoint ?? storedEntry(pickedKey));
  // Connect on load only for a returning visitor (to resume and count unread replies); else on first open.
  const [active, setActive] = useState(() => picked !== null && hasStoredSession(baseUrl, picked));
  const chat = useChat({ baseUrl, entryPoint: active ? picked : null, identity: ui.identity, locale });
  const client = chat.client;
  // The form clears `client.session.pendingPreChat` when answered: render again to show the chat.
  const [, preChatAnswered] = useReducer((n: number) => n + 1, 0);
  const preChat = chat.started ? client?.session?.pendingPreChat : undefined;

  useEffect(() => {
    setUi(props.controller.state); // in case the host called open()/identify() before this effect ran
    return props.controller.subscribe(setUi);
  }, [props.controller]);
  useEffect(() => {
    if (ui.open) setActive(true);
  }, [ui.open]);

  const pick = (slug: string): void => {
    try {
      localStorage.setItem(pickedKey, slug);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setPicked(slug);
  };
  const unpick = (): void => {
    try {
      localStorage.removeItem(pickedKey);
    } catch {
      // ignore
    }
    setPicked(null);
  };

  const unread =
    client && !ui.open
      ? client.messages.filter((m) => m.direction === 'out' && m.id > client.readUpToMessageId).length
      : 0;
  const entry = client?.session?.entryPoint;
  const hours = client?.session?.hours;

  return (
    <>
      {ui.open && (
        <div class="panel" data-testid="fl-panel" role="dialog" aria-label={t.title}>
          <div class="head">
            <div>
              <b>{t.title}</b>
              {entry && <small>{locale === 'ru' ? entry.nameRu : entry.nameEn}</small>}
            </div>
            <button class="x" title={t.close} aria-label={t.close} onClick={() => props.controller.close()}>
              ×
            </button>
          </div>
          {!picked ? (
            <EntryPicker baseUrl={baseUrl} locale={locale} strings={t} onPick={pick} />
          ) : chat.errorCode ? (
            <div class="notice" role="alert">
              {chat.errorCode === 'CHAT_IDENTITY_INVALID' || chat.errorCode === 'CHAT_IDENTITY_EXPIRED'
                ? t.identityInvalid
                : t.connectFailed}{' '}
              <button onClick={chat.retry}>{t.retry}</button>
              {!props.options.entryPoint && <button onClick={unpick}>{t.pickEntry}</button>}
            </div>
          ) : client && preChat ? (
            <PreChatForm
              client={client}
              fields={preChat.fields}
              strings={t}
              onDone={() => preChatAnswered(undefined)}
            />
          ) : client && chat.started ? (
            <>
              {hours && !hours.open && <OutOfHoursNotice opensAt={hours.opensAt} locale={locale} />}
              <ChatPanel
                client={client}
                baseUrl={baseUrl}
                locale={locale}
                strings={t}
                operatorTyping={chat.operatorTyping}
              />
            </>
          ) : (
            <div class="list" />
          )}
        </div>
      )}
      <button
        class={ui.open ? 'launcher open' : 'launcher'}
        data-testid="fl-launcher"
        title={ui.open ? t.close : t.openChat}
        aria-label={ui.open ? t.close : t.openChat}
        aria-expanded={ui.open}
        onClick={() => (ui.open ? props.controller.close() : props.controller.open())}
      >
        {ui.open ? '×' : '💬'}
        {unread > 0 && <span class="badge">{unread}</span>}
      </button>
    </>
  );
}
