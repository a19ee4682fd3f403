/** An identity token (JWT signed by the host's backend), or a function that fetches a fresh one. */
export type IdentityTokenSource = string | (() => string | Promise<string>);

/** The public `window.FrontlineWidget` API. */
export interface FrontlineWidgetApi {
  /**
   * Signs the customer in with an identity token your backend signed (a JWT: HS256 with the widget secret over
   * `sub`, `exp`, and the phone / e-mail / name it vouches for; see docs/chat-protocol.md). Pass a function that
   * fetches a fresh token from your backend when the chat may start long after the page loaded.
   */
  identify(identityToken: IdentityTokenSource): void;
  open(): void;
  close(): void;
}

export interface WidgetState {
  open: boolean;
  identity: IdentityTokenSource | null;
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

  identify(identityToken: IdentityTokenSource): void {
    if (typeof identityToken !== 'string' && typeof identityToken !== 'function') {
      console.warn(
        '[frontline] identify() needs the identity token (a JWT) your backend signed, or a function returning it: see docs/chat-protocol.md',
      );
      return;
    }
    this.set({ identity: identityToken });
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
