/** A screen's or form's error banner; nothing while there is no error. */
export function ErrorAlert(props: { message: string | null; testId: string }) {
  if (!props.message) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid={props.testId}>
      {props.message}
    </div>
  );
}
