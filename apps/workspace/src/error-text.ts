import { ApiError } from './api-error.ts';
import { isMessageKey, type Translate } from './i18n.ts';

/** The operator-facing text for a failure: a translated text for known codes, else the server's message. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    if (isMessageKey(key)) return t(key);
    return t('error.generic', { message: error.message });
  }
  return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}
