import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { errorText } from './error-text.ts';
import { useI18n } from './i18n-context.ts';

export interface LoadOptions<T> {
  /** For render tests: the list as already loaded; nothing is fetched then. */
  initial?: T | undefined;
  /** Gets the operator-facing text of a failed load. */
  onError: (message: string) => void;
  /** Runs after a load succeeded, before the list is set (e.g. to clear an earlier load's error). */
  onLoaded?: () => void;
}

/**
 * A list a screen loads when it opens and again whenever one of `deps` changes (the api, a reload counter);
 * an answer that comes after the screen closed or a newer load started is dropped. Returns the list (`null`
 * until the first answer) and its setter, for the screen's own changes.
 */
export function useLoadedList<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: LoadOptions<T>,
): [T | null, Dispatch<SetStateAction<T | null>>] {
  const { t } = useI18n();
  const { initial } = options;
  const [list, setList] = useState<T | null>(initial ?? null);

  useEffect(() => {
    if (initial !== undefined) return;
    let cancelled = false;
    load().then(
      (loaded) => {
        if (cancelled) return;
        options.onLoaded?.();
        setList(loaded);
      },
      (error: unknown) => {
        if (!cancelled) options.onError(errorText(error, t));
      },
    );
    return () => {
      cancelled = true;
    };
    // `load`, `options` and `t` are deliberately not dependencies: a new render or language must not reload the list.
  }, [initial, ...deps]);

  return [list, setList];
}

/**
 * A list a panel loads for itself: `useLoadedList` with the panel's error line (cleared by a load that
 * succeeds) and `reload`, which loads it again after a change.
 */
export function useReloadingList<T>(load: () => Promise<T>, api: unknown, initial: T | undefined) {
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [items] = useLoadedList(load, [api, version], {
    initial,
    onError: setError,
    onLoaded: () => setError(null),
  });
  return { items, error, setError, reload: () => setVersion((v) => v + 1) };
}
