import type { WidgetLocale } from './strings.ts';

/**
 * The widget's locale: the host's `data-locale` when it is `ru`/`en`, else the browser language.
 * @example pickLocale(undefined, 'ru-RU') // 'ru'
 */
export function pickLocale(requested: string | undefined, browserLanguage: string): WidgetLocale {
  const lang = (requested || browserLanguage).toLowerCase();
  return lang.startsWith('ru') ? 'ru' : 'en';
}
