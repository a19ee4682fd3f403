import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Attachment, ChannelKind, ReplyChannel } from '@frontline/shared';
import type { Api, SendMessageParams } from '../api.ts';
import type { ComposerHandle, HandleSlot } from '../case-handle.ts';
import { useComposerHandle } from '../use-composer-handle.ts';
import { textCount } from '../channel-text-limits.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { newClientMsgId } from '../new-client-msg-id.ts';
import { useCannedReplyPicker } from './CannedReplyPicker.tsx';
import { ComposerCount } from './ComposerCount.tsx';
import { EmailFields } from './EmailFields.tsx';
import { emailFieldsOf, emptyEmailDraft } from '../email-fields.ts';
import { QuickReplyEditor } from './QuickReplyEditor.tsx';
import { ReplyChannelSelect } from './ReplyChannelSelect.tsx';

/**
 * Reply / internal-note composer. One `clientMsgId` per composed message (kept across retries,
 * renewed when the content changes), and a re-entrancy guard, so a double click never sends twice.
 * When the customer's channel shows buttons, a reply may carry quick-reply labels (chips). Next to Send,
 * the reply channel: the case's default, or another identity of the customer the operator picks.
 */
export function Composer(props: {
  api: Api;
  onSend: (message: SendMessageParams) => Promise<void>;
  /** The operator types (`note`: an internal note, which the customer is not told about). */
  onTyping: (note: boolean) => void;
  /** Free-form replies are refused by the channel now (reply window closed); internal notes still work. */
  replyClosed?: boolean;
  /** The customer's channel shows quick-reply buttons (`CaseDetail.buttons`). */
  buttonsAvailable?: boolean;
  /** Where a reply can go (`GET /cases/:id/reply-channels`); empty: no picker, the server's default. */
  replyChannels?: ReplyChannel[];
  /** The channel a reply goes to when the reply-channel list has not said (the case's last channel). */
  channelKind?: ChannelKind | null;
  /** Filled with what keyboard shortcuts do here (focus, send, note, canned reply). */
  handleRef?: HandleSlot<ComposerHandle>;
  /** Asked when the composer mounts: whether the reply box takes the focus (default: it does). */
  takeFocus?: () => boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(0);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [buttonsOpen, setButtonsOpen] = useState(false);
  const [labels, setLabels] = useState<string[]>([]);
  /** The identity the operator picked; null: the case's default. */
  const [identityId, setIdentityId] = useState<number | null>(null);
  const [emailDraft, setEmailDraft] = useState(emptyEmailDraft);
  const clientMsgId = useRef<string | null>(null);
  const inFlight = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const canned = useCannedReplyPicker({
    api: props.api,
    text,
    textarea,
    onInsert: (next) => {
      setText(next);
      contentChanged();
    },
  });

  const channels = props.replyChannels ?? [];
  const picked = channels.find((c) => c.identityId === identityId) ?? null;
  // A pick the refreshed list no longer offers (another case, the channel went away): back to the default.
  useEffect(() => {
    if (identityId !== null && !(picked?.available ?? false)) setIdentityId(null);
  }, [identityId, picked]);
  const target = picked ?? channels.find((c) => c.default) ?? null;
  const replyBlocked = !note && (target ? !target.available : props.replyClosed === true);
  const kind = note ? null : (target?.channelKind ?? props.channelKind ?? null);
  const tooLong = textCount(text, kind).over;
  const emailFields = kind === 'email' ? emailFieldsOf(emailDraft) : { invalid: null };
  const buttonsShown = props.buttonsAvailable === true && !note && buttonsOpen;
  const withButtons = buttonsShown && labels.length > 0;
  const buttonsNeedText = withButtons && text.trim().length === 0;
  const canSend =
    !sending &&
    !replyBlocked &&
    !buttonsNeedText &&
    !tooLong &&
    emailFields.invalid === null &&
    uploading === 0 &&
    (text.trim().length > 0 || attachments.length > 0);

  const contentChanged = () => {
    clientMsgId.current = null;
    setError(null);
  };

  const send = async () => {
    if (inFlight.current || !canSend) return;
    inFlight.current = true;
    setSending(true);
    setError(null);
    clientMsgId.current ??= newClientMsgId();
    try {
      await props.onSend({
        clientMsgId: clientMsgId.current,
        text,
        attachmentIds: attachments.map((a) => a.id),
        note,
        ...(withButtons ? { buttons: labels } : {}),
        ...(!note && picked ? { identityId: picked.identityId } : {}),
        ...(!note && emailFields.email ? { email: emailFields.email } : {}),
      });
      clientMsgId.current = null;
      setText('');
      setAttachments([]);
      setLabels([]);
      setEmailDraft(emptyEmailDraft);
      setButtonsOpen(false);
      // The server remembers the pick: the refreshed list shows it as the default.
      setIdentityId(null);
      textarea.current?.focus();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (canned.onKeyDown(e)) return;
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return;
    // Ctrl+Enter always sends; a plain Enter sends a chat reply but makes a new line in an e-mail.
    if (!(e.ctrlKey || e.metaKey) && kind === 'email') return;
    e.preventDefault();
    void send();
  };

  useComposerHandle(props.handleRef, {
    textarea,
    takeFocus: props.takeFocus ?? (() => true),
    send,
    startNote: () => {
      setNote(true);
      contentChanged();
    },
    setText: (next) => {
      setText(next);
      contentChanged();
    },
    syncCanned: canned.sync,
  });

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    for (const file of Array.from(files)) {
      setUploading((n) => n + 1);
      try {
        const attachment = await props.api.uploadAttachment(file);
        contentChanged();
        setAttachments((list) => [...list, attachment]);
      } catch (err) {
        setError(errorText(err, t));
      } finally {
        setUploading((n) => n - 1);
      }
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <div className={`composer${note ? ' composer-note' : ''}`}>
      <div className="composer-modes">
        <button
          type="button"
          className={`mode${note ? '' : ' mode-active'}`}
          aria-pressed={!note}
          onClick={() => {
            setNote(false);
            contentChanged();
          }}
        >
          {t('composer.reply')}
        </button>
        <button
          type="button"
          className={`mode${note ? ' mode-active mode-note' : ''}`}
          aria-pressed={note}
          data-testid="composer-note-toggle"
          onClick={() => {
            setNote((v) => !v);
            contentChanged();
          }}
        >
          {t('composer.note')}
        </button>
        {props.buttonsAvailable === true && !note && (
          <button
            type="button"
            className={`mode${buttonsOpen ? ' mode-active' : ''}`}
            aria-pressed={buttonsOpen}
            title={t('composer.buttonsHint')}
            data-testid="composer-buttons-toggle"
            onClick={() => {
              setButtonsOpen((v) => !v);
              contentChanged();
            }}
          >
            {t('composer.buttons')}
            {labels.length > 0 ? ` (${labels.length})` : ''}
          </button>
        )}
        <span className="composer-hint">
          {kind === 'email' ? t('screen.email.hint') : t('composer.hint')}
        </span>
        <ComposerCount text={text} kind={kind} />
      </div>
      {buttonsShown && (
        <QuickReplyEditor
          labels={labels}
          needsText={buttonsNeedText}
          onChange={(next) => {
            contentChanged();
            setLabels(next);
          }}
        />
      )}
      {attachments.length > 0 && (
        <ul className="pending-attachments">
          {attachments.map((a) => (
            <li key={a.id} className="chip">
              📎 {a.filename}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('composer.removeAttachment')}
                onClick={() => {
                  contentChanged();
                  setAttachments((list) => list.filter((x) => x.id !== a.id));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div className="alert alert-error composer-alert" role="alert">
          {error}
        </div>
      )}
      {kind === 'email' && (
        <EmailFields
          value={emailDraft}
          invalid={emailFields.invalid}
          onChange={(next) => {
            setEmailDraft(next);
            contentChanged();
          }}
        />
      )}
      {canned.picker}
      <div className="composer-row">
        <textarea
          ref={textarea}
          {...canned.textareaProps}
          className="composer-input"
          data-testid="composer-input"
          rows={3}
          value={text}
          placeholder={
            note
              ? t('composer.placeholderNote')
              : replyBlocked
                ? t('composer.placeholderReplyClosed')
                : t('composer.placeholderReply')
          }
          onChange={(e) => {
            setText(e.target.value);
            canned.sync(e.target);
            contentChanged();
            if (e.target.value) props.onTyping(note);
          }}
          onKeyDown={onKeyDown}
        />
        <div className="composer-buttons">
          {!note && (
            <ReplyChannelSelect
              channels={channels}
              value={identityId}
              onChange={(id) => {
                setIdentityId(id);
                contentChanged();
              }}
            />
          )}
          <input ref={fileInput} type="file" multiple hidden onChange={(e) => void upload(e.target.files)} />
          <button
            type="button"
            className="btn btn-icon"
            title={t('composer.attach')}
            aria-label={t('composer.attach')}
            disabled={uploading > 0}
            onClick={() => fileInput.current?.click()}
          >
            {uploading > 0 ? (
              '…'
            ) : (
              <svg
                width="16"
                height="16"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                aria-hidden="true"
              >
                <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
              </svg>
            )}
          </button>
          <button
            type="button"
            className={`btn ${note ? 'btn-note' : 'btn-primary'}`}
            data-testid="composer-send"
            disabled={!canSend}
            onClick={() => void send()}
          >
            {sending ? t('composer.sending') : note ? t('composer.addNote') : t('composer.send')}
          </button>
        </div>
      </div>
      {uploading > 0 && <div className="composer-status">{t('composer.uploading')}</div>}
    </div>
  );
}
