import type { SignedIdentity } from '@frontline/sdk';

/** The public `window.FrontlineWidget` API. */
export interface FrontlineWidgetApi {
  /** Signs the customer in with an identity signed by your backend (see docs/chat-protocol.md). */
  identify(identity: SignedIdentity): void;
  open(): void;
  close(): void;
}

export interface WidgetState {
  open: boolean;
  identity: SignedIdentity | null;
}

/**
 * Holds what the host asked for, so calls made before the UI mounted are not lost; the UI subscribes.
 */
export class WidgetController implements FrontlineWidgetApi {
  state: WidgetState = { open: false, identity: null };
  private listener: ((state: WidgetState) => void) | null = null;

  subscribe(listener: (state: WidgetState) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }

  identify(identity: SignedIdentity): void {
    if (!identity || typeof identity.id !== 'string' || typeof identity.hash !== 'string') {
      console.warn(
        '[frontline] identify() needs { id, hash } signed by your backend: see docs/chat-protocol.md',
      );
      return;
    }
    this.set({ identity });
  }

  open(): void {
    this.set({ open: true });
  }

  close(): void {
    this.set({ open: false });
  }

  set(patch: Partial<WidgetState>): void {
    this.state = { ...this.state, ...patch };
    this.listener?.(this.state);
  }
}
