import { useEffect, useRef, type RefObject } from 'react';
import type { ComposerHandle, HandleSlot } from './case-handle.ts';

/**
 * Fills `slot` with what keyboard shortcuts do to a composer (focus, send, note, canned reply), and focuses
 * the reply box when the composer mounts (a case opens) unless the operator has left it meanwhile.
 */
export function useComposerHandle(
  slot: HandleSlot<ComposerHandle> | undefined,
  parts: {
    textarea: RefObject<HTMLTextAreaElement | null>;
    /** Asked once on mount (`reply-focus-intent.ts`). */
    takeFocus: () => boolean;
    send: () => Promise<void>;
    startNote: () => void;
    setText: (text: string) => void;
    /** The canned-reply picker follows the caret (opens on a `/` at the start of a word). */
    syncCanned: (textarea: HTMLTextAreaElement) => void;
  },
): void {
  const latest = useRef(parts);
  useEffect(() => {
    latest.current = parts;
  });

  useEffect(() => {
    if (parts.takeFocus()) parts.textarea.current?.focus();
    // Once per composer: it mounts per case.
  }, []);

  useEffect(() => {
    if (!slot) return;
    const handle: ComposerHandle = {
      focus: () => latest.current.textarea.current?.focus(),
      send: () => void latest.current.send(),
      note: () => {
        latest.current.startNote();
        latest.current.textarea.current?.focus();
      },
      canned: () => {
        const el = latest.current.textarea.current;
        if (!el) return;
        el.focus();
        const at = el.selectionStart;
        const before = el.value.slice(0, at);
        const insert = before === '' || /\s$/.test(before) ? '/' : ' /';
        latest.current.setText(before + insert + el.value.slice(el.selectionEnd));
        const caret = at + insert.length;
        requestAnimationFrame(() => {
          el.setSelectionRange(caret, caret);
          latest.current.syncCanned(el);
        });
      },
    };
    slot.current = handle;
    return () => {
      if (slot.current === handle) slot.current = null;
    };
  }, [slot]);
}
