import { useState } from 'react';
import { useAdminForm } from './use-admin-form.ts';

/**
 * An admin form's draft and sending state: `set` changes some fields, `bind` gives a field's value, change and
 * problem for an AdminField (the problem of `problemName`, the field's own name unless given: the server's
 * problems may name the API's field).
 */
export function useDraftForm<D extends object>(initial: D | (() => D)) {
  const form = useAdminForm();
  const [draft, setDraft] = useState<D>(initial);
  const set = (change: Partial<D>) => setDraft((d) => ({ ...d, ...change }));
  const bind = <K extends keyof D & string>(key: K, problemName: string = key) => ({
    value: draft[key],
    onChange: (value: D[K]) => {
      const change: Partial<D> = {};
      change[key] = value;
      set(change);
    },
    problem: form.problem(problemName),
  });
  return { form, draft, set, setDraft, bind };
}

/** Sends a form's request: an update of the item being edited, else a create; then `onSaved`. */
export function saveItem<R>(
  props: { editing: { id: number } | null; onSaved: () => void },
  update: (id: number, request: R) => Promise<unknown>,
  create: (request: R) => Promise<unknown>,
) {
  return async (request: R) => {
    if (props.editing) await update(props.editing.id, request);
    else await create(request);
    props.onSaved();
  };
}
