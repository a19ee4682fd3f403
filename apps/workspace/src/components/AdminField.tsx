/** A labelled text or number input (or text area) of an admin form, with its hint and its problem. */
export function AdminField(props: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  problem: string | null;
  hint?: string;
  placeholder?: string;
  multiline?: boolean;
  /** Lines of a multi-line field (3). */
  rows?: number;
  mono?: boolean;
  wide?: boolean;
  inputMode?: 'numeric' | 'decimal' | 'text';
  list?: string;
}) {
  const common = {
    className: `input${props.mono ? ' input-mono' : ''}`,
    'data-testid': props.testId,
    value: props.value,
    placeholder: props.placeholder,
    'aria-invalid': props.problem ? true : undefined,
  } as const;
  return (
    <label className={`field${props.wide ? ' field-wide' : ''}`}>
      <span>{props.label}</span>
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          inputMode={props.inputMode}
          list={props.list}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      {props.hint && <span className="field-hint">{props.hint}</span>}
      {props.problem && (
        <span className="field-problem" data-testid={`${props.testId}-problem`}>
          {props.problem}
        </span>
      )}
    </label>
  );
}
