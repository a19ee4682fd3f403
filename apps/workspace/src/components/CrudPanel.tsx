import { useState, type ReactNode } from 'react';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { AdminTable } from './AdminTable.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { LoadedList } from './LoadedList.tsx';

/**
 * One list of the routing administration (skills, queues, …): its heading, a New button and Edit / Delete per
 * row for admins (View for supervisors, whose form is read-only), the form of the row being edited, and a
 * confirmation before a delete.
 */
export function CrudPanel<T extends { id: number }>(props: {
  /** Test id prefix: `<id>-panel`, `<id>-new`, `<id>-row-<n>`, `<id>-edit-<n>`, `<id>-delete-<n>`. */
  id: string;
  title: string;
  intro: string;
  newLabel?: string;
  items: T[] | null;
  loadError: string | null;
  loadingText: string;
  emptyText: string;
  columns: string[];
  cells: (item: T) => ReactNode[];
  canEdit: boolean;
  /** The form of an item, or of a new one (`null`); `close` ends the editing. */
  form: (editing: T | null, close: () => void) => ReactNode;
  /** Deletes an item (the panel confirms first); absent: items are not deleted here. */
  onDelete?: (item: T) => Promise<void>;
  /** Why an item cannot be deleted now (the button is disabled with this title), or null. */
  undeletable?: (item: T) => string | null;
  deleteBody?: (item: T) => string;
  /** Extra row buttons (admins only). */
  actions?: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => setEditing(null);

  const remove = async (item: T) => {
    setDeleting(null);
    setError(null);
    try {
      await props.onDelete?.(item);
      if (editing !== null && editing !== 'new' && editing.id === item.id) close();
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <section className="admin-panel" data-testid={`${props.id}-panel`}>
      <div className="channels-head">
        <div>
          <h3>{props.title}</h3>
          <p className="muted">{props.intro}</p>
        </div>
        {props.canEdit && props.newLabel && (
          <button
            className="btn btn-primary"
            type="button"
            data-testid={`${props.id}-new`}
            onClick={() => setEditing('new')}
          >
            {props.newLabel}
          </button>
        )}
      </div>
      {editing !== null && (
        <div key={editing === 'new' ? 'new' : editing.id}>
          {props.form(editing === 'new' ? null : editing, close)}
        </div>
      )}
      <ErrorAlert message={props.loadError ?? error} testId={`${props.id}-error`} />
      <LoadedList
        items={props.items}
        failed={Boolean(props.loadError)}
        loadingText={props.loadingText}
        emptyText={props.emptyText}
      >
        {(list) => (
          <AdminTable testId={`${props.id}-table`} columns={props.columns}>
            {list.map((item) => {
              const blocked = props.undeletable?.(item) ?? null;
              return (
                <tr key={item.id} data-testid={`${props.id}-row-${item.id}`}>
                  {props.cells(item).map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                  <td>
                    <div className="canned-actions">
                      <button
                        className="btn"
                        type="button"
                        data-testid={`${props.id}-edit-${item.id}`}
                        onClick={() => setEditing(item)}
                      >
                        {props.canEdit ? t('admin.edit') : t('admin.view')}
                      </button>
                      {props.canEdit && props.actions?.(item)}
                      {props.canEdit && props.onDelete && (
                        <button
                          className="btn btn-danger-outline"
                          type="button"
                          data-testid={`${props.id}-delete-${item.id}`}
                          disabled={blocked !== null}
                          title={blocked ?? undefined}
                          onClick={() => setDeleting(item)}
                        >
                          {t('admin.delete')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </AdminTable>
        )}
      </LoadedList>
      {deleting && (
        <ConfirmDialog
          title={t('admin.deleteTitle')}
          body={props.deleteBody?.(deleting) ?? ''}
          confirmLabel={t('admin.delete')}
          cancelLabel={t('admin.cancel')}
          danger
          testId={`${props.id}-delete-dialog`}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        />
      )}
    </section>
  );
}
