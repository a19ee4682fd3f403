import { createContext, useContext } from 'react';
import type { Locale } from '@frontline/shared';
import type { Translate } from './i18n.ts';

export interface I18n {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

export const I18nContext = createContext<I18n | null>(null);

/** The current UI language and its translate function. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs an <I18nContext.Provider> above it (see App.tsx)');
  return i18n;
}
