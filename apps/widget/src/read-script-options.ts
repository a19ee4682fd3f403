import { pickLocale } from './pick-locale.ts';
import type { WidgetLocale } from './strings.ts';

export interface WidgetOptions {
  baseUrl: string;
  /** Fixed by the host with `data-entry-point`; otherwise the customer picks one. */
  entryPoint: string | null;
  locale: WidgetLocale;
}

/**
 * Reads the loader `<script>` tag: `src` gives the server (the widget is served by it), `data-*` the options.
 * @example <script src="https://host/widget.js" data-entry-point="mnp" data-locale="ru" async></script>
 */
export function readScriptOptions(script: HTMLScriptElement | null, doc: Document): WidgetOptions {
  const src = script?.src || doc.baseURI;
  const data = script?.dataset ?? {};
  const baseUrl = (data.baseUrl || new URL('.', src).href).replace(/\/+$/, '');
  return {
    baseUrl,
    entryPoint: data.entryPoint?.trim() || null,
    locale: pickLocale(data.locale, doc.defaultView?.navigator.language ?? 'en'),
  };
}
