import { useEffect, useRef } from 'react';

/** A modal yes/no question (native `<dialog>`; Escape cancels). */
export function ConfirmDialog(props: {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  testId?: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="confirm-title"
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        <h3 id="confirm-title">{props.title}</h3>
        <p className="dialog-body">{props.body}</p>
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={props.onCancel} data-testid="confirm-cancel">
            {props.cancelLabel}
          </button>
          <button
            className={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
            type="submit"
            data-testid="confirm-ok"
          >
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
