import { useState, type ReactNode } from 'react';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { AdminTable } from './AdminTable.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { LoadedList } from './LoadedList.tsx';
import { RowActions } from './RowActions.tsx';

/** What the panel gives its form: read-only for supervisors; Cancel closes it, a save closes it and reports. */
export interface CrudFormProps {
  readOnly: boolean;
  onCancel: () => void;
  onSaved: () => void;
}

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
  /** The loading line ("Loading…" unless given). */
  loadingText?: string;
  emptyText: string;
  columns: string[];
  cells: (item: T) => ReactNode[];
  canEdit: boolean;
  /** The form of an item, or of a new one (`null`), given the props that close it (see CrudFormProps). */
  form: (editing: T | null, formProps: CrudFormProps) => ReactNode;
  /** Deletes an item (the panel confirms first); absent: items are not deleted here. */
  onDelete?: (item: T) => Promise<unknown>;
  /** After an item was saved or deleted (e.g. to reload the list). */
  onChanged?: () => void;
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
  const formProps: CrudFormProps = {
    readOnly: !props.canEdit,
    onCancel: close,
    onSaved: () => {
      close();
      props.onChanged?.();
    },
  };

  const remove = async (item: T) => {
    setDeleting(null);
    setError(null);
    try {
      await props.onDelete?.(item);
      props.onChanged?.();
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
          {props.form(editing === 'new' ? null : editing, formProps)}
        </div>
      )}
      <ErrorAlert message={props.loadError ?? error} testId={`${props.id}-error`} />
      <LoadedList
        items={props.items}
        failed={Boolean(props.loadError)}
        loadingText={props.loadingText ?? t('admin.loading')}
        emptyText={props.emptyText}
      >
        {(list) => (
          <AdminTable testId={`${props.id}-table`} columns={props.columns}>
            {list.map((item) => (
              <tr key={item.id} data-testid={`${props.id}-row-${item.id}`}>
                {props.cells(item).map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
                <td>
                  <RowActions
                    id={props.id}
                    rowKey={item.id}
                    editLabel={props.canEdit ? t('admin.edit') : t('admin.view')}
                    onEdit={() => setEditing(item)}
                    deleteLabel={t('admin.delete')}
                    onDelete={props.canEdit && props.onDelete ? () => setDeleting(item) : undefined}
                    blocked={props.undeletable?.(item) ?? null}
                  >
                    {props.canEdit && props.actions?.(item)}
                  </RowActions>
                </td>
              </tr>
            ))}
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
