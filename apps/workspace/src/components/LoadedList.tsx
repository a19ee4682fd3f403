import type { ReactNode } from 'react';

/**
 * A loaded list's three states: the loading line until it comes (nothing once there is an error: the
 * screen's banner says why), the empty-state line when it has nothing, else the list as `children` renders it.
 */
export function LoadedList<T>(props: {
  items: T[] | null;
  /** Whether the screen shows an error (then no loading line). */
  failed: boolean;
  loadingText: string;
  emptyText: string;
  children: (items: T[]) => ReactNode;
}) {
  if (props.items === null)
    return props.failed ? null : <div className="empty-state">{props.loadingText}</div>;
  if (props.items.length === 0) return <div className="empty-state">{props.emptyText}</div>;
  return <>{props.children(props.items)}</>;
}
