import type { RefObject } from 'react';

/** What keyboard shortcuts do to the composer of the open case. */
export interface ComposerHandle {
  focus(): void;
  /** Sends what is composed (as the Send button; nothing when it cannot be sent). */
  send(): void;
  /** Switches to an internal note and focuses it. */
  note(): void;
  /** Focuses the reply box and types `/`, which opens the canned-reply list. */
  canned(): void;
}

/** What keyboard shortcuts do to the open case. */
export interface CaseHandle {
  /** Resolves the case; true when it was resolved. */
  resolve(): Promise<boolean>;
  /** Opens the transfer dialog. */
  transfer(): void;
}

/** A slot the open case (or its composer) fills with its handle while it is mounted. */
export type HandleSlot<T> = RefObject<T | null>;
