import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { CannedReply } from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fillCannedReply, type ReplyVariableValues } from '../fill-canned-reply.ts';
import { useI18n } from '../i18n-context.ts';
import { useCaseReplyContext } from '../reply-context.ts';
import { matchCannedReplies, slashQueryAt } from '../slash-query.ts';

type PickerApi = Pick<Api, 'listCannedReplies' | 'countCannedReplyUse'>;

/** How many matches the list shows; typing more of the shortcut narrows it. */
const shownMax = 8;
const listId = 'canned-reply-picker';
const optionId = (reply: CannedReply) => `canned-reply-option-${reply.id}`;

/** The `/` list as shown: loading, failed, no match, or the matches with one active. */
export function CannedReplyPicker(props: {
  query: string;
  replies: CannedReply[] | null;
  error: string | null;
  active: number;
  variables: ReplyVariableValues;
  onPick: (reply: CannedReply) => void;
}) {
  const { t } = useI18n();
  const { replies, error } = props;
  return (
    <div className="canned-picker" data-testid="canned-picker">
      {error ? (
        <div className="canned-picker-note" role="alert">
          {error}
        </div>
      ) : replies === null ? (
        <div className="canned-picker-note">{t('canned.picker.loading')}</div>
      ) : replies.length === 0 ? (
        <div className="canned-picker-note">{t('canned.picker.none', { query: props.query })}</div>
      ) : (
        <ul id={listId} role="listbox" aria-label={t('canned.picker.label')}>
          {replies.map((reply, i) => (
            <li
              key={reply.id}
              id={optionId(reply)}
              role="option"
              aria-selected={i === props.active}
              className={`canned-option${i === props.active ? ' canned-option-active' : ''}`}
              data-testid={`canned-option-${reply.shortcut}`}
              // Mouse down, not click: the textarea keeps the focus (and the caret) while picking.
              onMouseDown={(e) => {
                e.preventDefault();
                props.onPick(reply);
              }}
            >
              <span className="canned-option-head">
                <code>/{reply.shortcut}</code>
                <b>{reply.title}</b>
                <span className="chip chip-small">{reply.language}</span>
                {reply.scope === 'shared' && (
                  <span className="chip chip-small">{t('canned.scope.shared')}</span>
                )}
              </span>
              <span className="canned-option-body">{fillCannedReply(reply.body, props.variables)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="canned-picker-hint">{t('canned.picker.hint')}</div>
    </div>
  );
}

/**
 * The composer's `/` picker: typing `/` at the start of a word lists the canned replies of the case's queue
 * and my own (loaded once, on the first `/`), narrowed by what follows; ↑/↓ choose, Enter or Tab insert
 * (variables filled, the use counted), Esc closes it for this word. The inserted text is only a suggestion:
 * it lands in the textarea to edit before sending.
 */
export function useCannedReplyPicker(options: {
  api: PickerApi;
  text: string;
  textarea: RefObject<HTMLTextAreaElement | null>;
  /** The composer's whole new text after an insert. */
  onInsert: (text: string) => void;
}): {
  /** Call first in the textarea's onKeyDown: true when the picker used the key. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Call in the textarea's onChange: follows the caret as the text changes. */
  sync: (textarea: HTMLTextAreaElement) => void;
  /** Spread on the textarea: follows the caret, points assistive technology at the active option. */
  textareaProps: {
    onSelect: (e: { currentTarget: HTMLTextAreaElement }) => void;
    'aria-controls'?: string;
    'aria-activedescendant'?: string;
  };
  picker: ReactNode;
} {
  const { api, text } = options;
  const { t } = useI18n();
  const context = useCaseReplyContext();
  const variables = context?.variables ?? {};
  const [caret, setCaret] = useState(0);
  const [replies, setReplies] = useState<CannedReply[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selection, setSelection] = useState({ query: '', index: 0 });
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const loading = useRef(false);
  const caretAfterInsert = useRef<number | null>(null);

  const query = slashQueryAt(text, Math.min(caret, text.length));
  const open = query !== null && dismissedAt !== query.start;
  const matches = open && replies ? matchCannedReplies(replies, query.query).slice(0, shownMax) : [];
  const active = selection.query === query?.query ? Math.min(selection.index, matches.length - 1) : 0;
  const queueId = context?.queueId;

  useEffect(() => {
    if (!open || replies !== null || loading.current) return;
    loading.current = true;
    setError(null);
    api
      .listCannedReplies(queueId === undefined ? {} : { queueId })
      .then(setReplies, (e: unknown) => setError(errorText(e, t)))
      .finally(() => {
        loading.current = false;
      });
    // Loaded once per composer (per case): `t` and the list itself do not reload it.
  }, [api, open, queueId]);

  // After an insert, the caret goes to the end of the inserted text.
  useLayoutEffect(() => {
    const at = caretAfterInsert.current;
    const el = options.textarea.current;
    if (at === null || !el) return;
    caretAfterInsert.current = null;
    el.focus();
    el.setSelectionRange(at, at);
  }, [text, options.textarea]);

  const insert = (reply: CannedReply) => {
    if (!query) return;
    const filled = fillCannedReply(reply.body, variables);
    const at = query.start + filled.length;
    caretAfterInsert.current = at;
    setCaret(at);
    options.onInsert(text.slice(0, query.start) + filled + text.slice(query.end));
    api.countCannedReplyUse(reply.id).catch(() => undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || !query || e.nativeEvent.isComposing) return false;
    const chosen = matches[active];
    const step = (by: number) => {
      e.preventDefault();
      if (matches.length > 0) {
        const index = (active + by + matches.length) % matches.length;
        setSelection({ query: query.query, index });
      }
      return true;
    };
    if (e.key === 'ArrowDown') return step(1);
    if (e.key === 'ArrowUp') return step(-1);
    if (e.key === 'Escape') {
      e.preventDefault();
      setDismissedAt(query.start);
      return true;
    }
    if (e.key === 'Tab' && !chosen) return false;
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      // Enter never sends a half-typed `/word`: it inserts the active reply, or closes an empty list.
      e.preventDefault();
      if (chosen) insert(chosen);
      else if (replies !== null) setDismissedAt(query.start);
      return true;
    }
    return false;
  };

  const sync = (textarea: HTMLTextAreaElement) => {
    const at = textarea.selectionStart;
    setCaret(at);
    if (slashQueryAt(textarea.value, at) === null) setDismissedAt(null);
  };

  const activeReply = matches[active];
  return {
    onKeyDown,
    sync,
    textareaProps: {
      onSelect: (e) => sync(e.currentTarget),
      ...(open && matches.length > 0 ? { 'aria-controls': listId } : {}),
      ...(open && activeReply ? { 'aria-activedescendant': optionId(activeReply) } : {}),
    },
    picker:
      open && query ? (
        <CannedReplyPicker
          query={query.query}
          replies={replies === null ? null : matches}
          error={error}
          active={active}
          variables={variables}
          onPick={insert}
        />
      ) : null,
  };
}
