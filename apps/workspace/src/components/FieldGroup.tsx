import { channelKinds, type ChannelKind } from '@frontline/shared';
import type { ReactNode } from 'react';
import { channelKindLabel } from '../channel-labels.ts';
import { useI18n } from '../i18n-context.ts';
import { AdminField } from './AdminField.tsx';

/** A problem line under a field that has none of its own (a select, a group). */
export function FieldProblem(props: { text: string | null }) {
  return props.text ? <span className="field-problem">{props.text}</span> : null;
}

/** A form's wide group of fields under a legend: its hint, the fields in a grid, the group's problem. */
export function FieldGroup(props: {
  legend: string;
  hint?: string;
  /** The grid's class ("form-grid"). */
  grid?: string;
  testId?: string;
  problem?: string | null;
  children: ReactNode;
}) {
  return (
    <fieldset className="field field-wide" data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.hint && <span className="field-hint">{props.hint}</span>}
      <div className={props.grid ?? 'form-grid'}>{props.children}</div>
      {props.problem !== undefined && <FieldProblem text={props.problem} />}
    </fieldset>
  );
}

/** A whole number per channel kind (limits, weights): `<testId>-<kind>`, problems at `<problemAt>.<kind>`. */
export function ChannelNumbersField(props: {
  legend: string;
  hint: string;
  testId: string;
  placeholder: string;
  values: Record<ChannelKind, string>;
  problem: (name: string) => string | null;
  problemAt: string;
  onChange: (values: Record<ChannelKind, string>) => void;
}) {
  const { t } = useI18n();
  return (
    <FieldGroup legend={props.legend} hint={props.hint}>
      {channelKinds.map((kind) => (
        <AdminField
          key={kind}
          label={channelKindLabel(kind, t)}
          testId={`${props.testId}-${kind}`}
          value={props.values[kind]}
          inputMode="numeric"
          placeholder={props.placeholder}
          problem={props.problem(`${props.problemAt}.${kind}`)}
          onChange={(value) => props.onChange({ ...props.values, [kind]: value })}
        />
      ))}
    </FieldGroup>
  );
}
