import type { ReactNode } from 'react';
import { FieldProblem } from './FieldGroup.tsx';

/** A labelled drop-down in a form; the options come as children, the chosen value as a string. */
export function SelectField(props: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        className="select"
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.children}
      </select>
    </label>
  );
}

/** A SelectField with the problem of its value under it. */
export function SelectWithProblem(props: Parameters<typeof SelectField>[0] & { problem: string | null }) {
  const { problem, ...select } = props;
  return (
    <div>
      <SelectField {...select} />
      <FieldProblem text={problem} />
    </div>
  );
}
