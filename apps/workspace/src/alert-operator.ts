let audio: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  audio ??= new AudioContext();
  return audio;
}

/** Unlocks sound playback; call from a user gesture (browsers keep audio suspended until one). */
export function primeAudio(): void {
  const ctx = audioContext();
  if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
}

/** Asks for desktop-notification permission once (after login); a no-op where unsupported. */
export function requestNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => undefined);
}

function beep(): void {
  const ctx = audioContext();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  for (const [offset, freq] of [
    [0, 880],
    [0.16, 1320],
  ] as const) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.15);
  }
}

/**
 * Tells the operator something needs attention: a short two-tone beep (WebAudio, no asset files)
 * and a desktop notification when permitted — each unless switched off (`sound`, `desktop`). Clicking the
 * notification focuses the tab and calls `onClick`.
 */
export function alertOperator(options: {
  title: string;
  body: string;
  tag: string;
  onClick?: () => void;
  sound?: boolean;
  desktop?: boolean;
}): void {
  if (options.sound !== false) beep();
  if (options.desktop === false) return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(options.title, { body: options.body, tag: options.tag });
    n.onclick = () => {
      window.focus();
      options.onClick?.();
      n.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the beep is enough then.
  }
}
