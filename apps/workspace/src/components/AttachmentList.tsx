import type { Attachment } from '@frontline/shared';
import { safeUrl } from '../safe-url.ts';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Attachments as links; images as thumbnails, audio (voice notes) with a player. Unsafe URLs are shown without a link. */
export function AttachmentList(props: { attachments: Attachment[] }) {
  if (props.attachments.length === 0) return null;
  return (
    <ul className="attachments">
      {props.attachments.map((a) => {
        const url = safeUrl(a.url);
        const isImage = a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml';
        // Voice notes (audio/ogg; codecs=opus …) play in place; the link still downloads the file.
        const isAudio = a.contentType.toLowerCase().startsWith('audio/');
        const label = `${a.filename} · ${formatSize(a.size)}`;
        if (!url)
          return (
            <li key={a.id} className="attachment">
              📎 {label}
            </li>
          );
        if (isAudio)
          return (
            <li key={a.id} className="attachment attachment-audio">
              <audio controls preload="none" src={url} data-testid="attachment-audio">
                <track kind="captions" />
              </audio>
              <a href={url} target="_blank" rel="noopener noreferrer" title={label}>
                📎 {label}
              </a>
            </li>
          );
        return (
          <li key={a.id} className="attachment">
            <a href={url} target="_blank" rel="noopener noreferrer" title={label}>
              {isImage ? (
                <img className="thumb" src={url} alt={a.filename} loading="lazy" />
              ) : (
                <>📎 {label}</>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
