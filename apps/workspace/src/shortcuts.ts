/** What a workspace keyboard shortcut does. */
export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'focusReply'
  | 'send'
  | 'resolve'
  | 'resolveNext'
  | 'transfer'
  | 'note'
  | 'canned'
  | 'search'
  | 'help'
  | 'escape';

/** The slice of a KeyboardEvent the map reads. */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The shortcuts in the order the `?` overlay lists them, with the keys shown for each. */
export const shortcutList: ReadonlyArray<{ action: ShortcutAction; keys: string[] }> = [
  { action: 'next', keys: ['j', 'Alt+↓'] },
  { action: 'previous', keys: ['k', 'Alt+↑'] },
  { action: 'focusReply', keys: ['r'] },
  { action: 'send', keys: ['Ctrl+Enter'] },
  { action: 'resolve', keys: ['Alt+R'] },
  { action: 'resolveNext', keys: ['Alt+Shift+R'] },
  { action: 'transfer', keys: ['t'] },
  { action: 'note', keys: ['n'] },
  { action: 'canned', keys: ['c', 'Alt+/'] },
  { action: 'search', keys: ['/', 'Ctrl+K'] },
  { action: 'help', keys: ['?'] },
  { action: 'escape', keys: ['Esc'] },
];

/**
 * The action of a key press, or null. `typing`: the focus is in a text field — then only the Ctrl/Alt
 * shortcuts (and Esc) work, so letters go into the field.
 * @example shortcutFor({ key: 'j', code: 'KeyJ', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false }, false) // → 'next'
 */
export function shortcutFor(e: KeyLike, typing: boolean): ShortcutAction | null {
  const ctrl = e.ctrlKey || e.metaKey;
  if (e.key === 'Escape') return 'escape';
  if (ctrl && !e.altKey) {
    if (e.key === 'Enter') return 'send';
    if (e.code === 'KeyK' || e.key.toLowerCase() === 'k') return 'search';
    return null;
  }
  if (e.altKey && !ctrl) {
    // `code`: with Alt held, macOS turns letters into other characters.
    if (e.code === 'KeyR') return e.shiftKey ? 'resolveNext' : 'resolve';
    if (e.key === 'ArrowDown') return 'next';
    if (e.key === 'ArrowUp') return 'previous';
    if (e.code === 'Slash') return 'canned';
    return null;
  }
  if (typing || ctrl || e.altKey) return null;
  if (e.key === '?') return 'help';
  if (e.key === '/') return 'search';
  if (e.shiftKey) return null;
  // By the physical key (`code`), so the letters work on a Russian layout too.
  return letterActions[e.code] ?? null;
}

const letterActions: Record<string, ShortcutAction> = {
  KeyJ: 'next',
  KeyK: 'previous',
  KeyR: 'focusReply',
  KeyT: 'transfer',
  KeyN: 'note',
  KeyC: 'canned',
};

/** Whether a key press lands in a text field (input, textarea, select, contenteditable). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit'].includes(type);
  }
  return el.isContentEditable;
}

/** The case before or after `current` in `ids` (the first one when none is open); null at the ends. */
export function neighbourCase(ids: readonly number[], current: number | null, step: 1 | -1): number | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return step === 1 ? (ids[0] ?? null) : (ids.at(-1) ?? null);
  return ids[at + step] ?? null;
}
