import type { ReactNode } from 'react';

/**
 * A table row's buttons: Edit (or View), any extra ones, then Delete when `onDelete` is given (disabled, with
 * `blocked` as its title, while something keeps the row from being deleted).
 */
export function RowActions(props: {
  /** Test id prefix: `<id>-edit-<key>`, `<id>-delete-<key>`. */
  id: string;
  rowKey: number;
  editLabel: string;
  onEdit: () => void;
  deleteLabel: string;
  onDelete?: (() => void) | undefined;
  blocked?: string | null;
  children?: ReactNode;
}) {
  const blocked = props.blocked ?? null;
  return (
    <div className="canned-actions">
      <button
        className="btn"
        type="button"
        data-testid={`${props.id}-edit-${props.rowKey}`}
        onClick={props.onEdit}
      >
        {props.editLabel}
      </button>
      {props.children}
      {props.onDelete && (
        <button
          className="btn btn-danger-outline"
          type="button"
          data-testid={`${props.id}-delete-${props.rowKey}`}
          disabled={blocked !== null}
          title={blocked ?? undefined}
          onClick={props.onDelete}
        >
          {props.deleteLabel}
        </button>
      )}
    </div>
  );
}
