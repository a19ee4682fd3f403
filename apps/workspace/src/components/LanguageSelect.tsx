import { Locale } from '@frontline/shared';
import { useI18n } from '../i18n-context.ts';

/** The RU/EN switch (persisted by the i18n provider). */
export function LanguageSelect() {
  const { locale, setLocale, t } = useI18n();
  return (
    <select
      className="select select-compact"
      data-testid="lang-switch"
      aria-label={t('top.language')}
      value={locale}
      onChange={(e) => {
        const next = Locale.safeParse(e.target.value);
        if (next.success) setLocale(next.data);
      }}
    >
      <option value="ru">RU</option>
      <option value="en">EN</option>
    </select>
  );
}
