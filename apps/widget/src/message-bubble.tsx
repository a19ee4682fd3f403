import type { ChatMessage } from '@frontline/sdk';
import { safeUrl } from './safe-url.ts';
import type { Strings } from './strings.ts';

/**
 * One message. Text is rendered as a text node (never as HTML), so markup in it shows literally.
 */
export function MessageBubble(props: {
  message: ChatMessage;
  baseUrl: string;
  strings: Strings;
  locale: string;
}) {
  const { message: m, strings: t } = props;
  const own = m.direction === 'in';
  const time = new Date(m.createdAt);
  return (
    <div
      class={`msg ${own ? 'own' : 'op'}`}
      data-testid={own ? 'fl-message-in' : 'fl-message-out'}
      data-id={m.id}
    >
      {!own && <div class="author">{m.authorName || t.operator}</div>}
      {m.text && <div class="text">{m.text}</div>}
      {m.attachments.map((a) => {
        const href = safeUrl(a.url, props.baseUrl);
        if (!href) return <div class="file">📎 {a.filename}</div>;
        return (
          <a class="file" href={href} target="_blank" rel="noopener noreferrer">
            {a.contentType.startsWith('image/') ? <img src={href} alt={a.filename} /> : `📎 ${a.filename}`}
          </a>
        );
      })}
      <div class="meta">
        {isNaN(time.getTime())
          ? ''
          : time.toLocaleTimeString(props.locale, { hour: '2-digit', minute: '2-digit' })}
        {own && <StatusTick id={m.id} status={m.status} strings={t} />}
      </div>
    </div>
  );
}

function StatusTick(props: { id: number; status: ChatMessage['status']; strings: Strings }) {
  const { status, strings: t } = props;
  const read = status === 'read';
  const failed = status === 'failed';
  return (
    <span
      class={`tick${read ? ' read' : ''}${failed ? ' failed' : ''}`}
      data-testid={`fl-status-${props.id}`}
      data-status={status}
      title={read ? t.read : failed ? t.failed : t.sent}
    >
      {read ? '✓✓' : failed ? '!' : '✓'}
    </span>
  );
}
