/**
 * A copy of `set` with `item` in it (`present`) or not; the screens keep their busy ids and choices in such sets.
 * @example withMember(new Set([1]), 2, true) // → Set {1, 2}
 */
export function withMember<T>(set: ReadonlySet<T>, item: T, present: boolean): ReadonlySet<T> {
  const next = new Set(set);
  if (present) next.add(item);
  else next.delete(item);
  return next;
}
