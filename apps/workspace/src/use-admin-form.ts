import { useState } from 'react';
import { adminFormError, problemAt, type AdminFormError } from './admin-form-error.ts';
import type { Built } from './admin-drafts.ts';
import { useI18n } from './i18n-context.ts';

/** An admin form's sending state: busy, the banner, each field's problem (the form's own or the server's). */
export interface AdminForm {
  busy: boolean;
  banner: string | null;
  /** The problem of field `name` (and of its parts: `weekly.mon` has `weekly.mon.0`), or null. */
  problem: (name: string) => string | null;
  /** Sends a built request with `send`; a local problem or a refusal stays on the form, field by field. */
  run: <T>(built: Built<T>, send: (request: T) => Promise<void>) => Promise<void>;
}

export function useAdminForm(): AdminForm {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AdminFormError | null>(null);

  const run = async <T>(built: Built<T>, send: (request: T) => Promise<void>) => {
    if (busy) return;
    if (!built.ok) {
      const fields = Object.fromEntries(Object.entries(built.fields).map(([path, key]) => [path, t(key)]));
      setError({ banner: t('admin.problem.banner'), fields });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send(built.request);
    } catch (e) {
      setError(adminFormError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    banner: error?.banner ?? null,
    problem: (name) => (error ? problemAt(error.fields, name) : null),
    run,
  };
}
