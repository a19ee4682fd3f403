import { useEffect, useRef } from 'react';
import type { CaseHandle, ComposerHandle, HandleSlot } from './case-handle.ts';
import type { ReplyFocusIntent } from './reply-focus-intent.ts';
import { isTypingTarget, neighbourCase, shortcutFor, type ShortcutAction } from './shortcuts.ts';

export interface KeyboardFlowOptions {
  /** Shortcuts work on the inbox screen only. */
  enabled: boolean;
  /** The inbox list as shown, in order. */
  caseIds: readonly number[];
  openCaseId: number | null;
  open: (caseId: number) => void;
  caseHandle: HandleSlot<CaseHandle>;
  composer: HandleSlot<ComposerHandle>;
  /** Esc withdraws the focus a loading case's reply box would take. */
  replyFocus: ReplyFocusIntent;
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
}

/**
 * The workspace's keyboard flow (`shortcuts.ts`; the `?` overlay lists it): next/previous case, reply,
 * send, resolve, resolve-and-next, transfer, note, canned reply, search. Not while a modal dialog is open;
 * in a text field only the Ctrl/Alt shortcuts and Esc.
 */
export function useKeyboardFlow(options: KeyboardFlowOptions): void {
  const ref = useRef(options);
  useEffect(() => {
    ref.current = options;
  });

  useEffect(() => {
    const run = (action: ShortcutAction, target: EventTarget | null): boolean => {
      const o = ref.current;
      if (action === 'help') {
        o.setHelpOpen(!o.helpOpen);
        return true;
      }
      if (action === 'escape') {
        if (o.helpOpen) {
          o.setHelpOpen(false);
          return true;
        }
        if (isTypingTarget(target) && target instanceof HTMLElement) target.blur();
        o.replyFocus.drop();
        return false;
      }
      if (o.helpOpen) o.setHelpOpen(false);
      if (action === 'search') {
        const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
        input?.focus();
        input?.select();
        return input !== null;
      }
      if (!o.enabled) return false;
      switch (action) {
        case 'next':
        case 'previous': {
          const id = neighbourCase(o.caseIds, o.openCaseId, action === 'next' ? 1 : -1);
          if (id !== null) o.open(id);
          return true;
        }
        case 'focusReply':
          o.composer.current?.focus();
          return o.composer.current !== null;
        case 'send':
          o.composer.current?.send();
          return o.composer.current !== null;
        case 'note':
          o.composer.current?.note();
          return o.composer.current !== null;
        case 'canned':
          o.composer.current?.canned();
          return o.composer.current !== null;
        case 'transfer':
          o.caseHandle.current?.transfer();
          return o.caseHandle.current !== null;
        case 'resolve':
          void o.caseHandle.current?.resolve();
          return o.caseHandle.current !== null;
        case 'resolveNext': {
          const handle = o.caseHandle.current;
          if (!handle || o.openCaseId === null) return false;
          const current = o.openCaseId;
          // Chosen before resolving: a resolved case may leave the list.
          const next = neighbourCase(o.caseIds, current, 1) ?? neighbourCase(o.caseIds, current, -1);
          void handle.resolve().then((done) => {
            if (done && next !== null && ref.current.openCaseId === current) ref.current.open(next);
          });
          return true;
        }
      }
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (document.querySelector('dialog[open]')) return;
      const action = shortcutFor(e, isTypingTarget(e.target));
      if (action === null) return;
      // Handled: the key does not also type into the field it just focused.
      if (run(action, e.target)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
