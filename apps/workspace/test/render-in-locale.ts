import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Locale } from '@frontline/shared';
import { I18nContext } from '../src/i18n-context.ts';
import { translate } from '../src/i18n.ts';

/** Renders `node` to static HTML inside the workspace's i18n context for `locale`, as the app shows it. */
export function renderInLocale(node: ReactNode, locale: Locale = 'en'): string {
  const value = {
    locale,
    t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
      translate(locale, key, vars),
    setLocale: () => undefined,
  };
  return renderToStaticMarkup(createElement(I18nContext.Provider, { value }, node));
}
