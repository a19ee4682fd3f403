import { Locale } from '@frontline/shared';

const storageKey = 'frontline.workspace.locale';

/** The UI language: the saved choice, else the browser's language (Russian for `ru*`, English otherwise). */
export function loadLocale(): Locale {
  try {
    const saved = Locale.safeParse(globalThis.localStorage?.getItem(storageKey));
    if (saved.success) return saved.data;
  } catch {
    // localStorage may be unavailable (privacy mode); fall through to the browser language.
  }
  const lang = globalThis.navigator?.language ?? 'en';
  return lang.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** Remembers the operator's language choice on this machine. */
export function saveLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(storageKey, locale);
  } catch {
    // Not persisted; the choice still applies to this tab.
  }
}
