import { useId, type ReactNode } from 'react';
import { FieldError } from './field-error';

interface SelectFieldProps<V extends string> {
  label: string;
  name: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange(value: V): void;
  error?: string | undefined;
  disabled?: boolean;
  /** The box's class in place of a form's `field`, for a control laid out otherwise (filters). */
  fieldClass?: string;
}

export function SelectField<V extends string>(props: SelectFieldProps<V>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div
      className={[props.fieldClass ?? 'field', props.error ? 'field-invalid' : null]
        .filter(Boolean)
        .join(' ')}
    >
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => {
          const picked = props.options.find((o) => o.value === e.target.value);
          if (picked) props.onChange(picked.value);
        }}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} error={props.error} />
    </div>
  );
}

interface CheckboxProps {
  label: string;
  name: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}

export function Checkbox({ label, name, checked, onChange, disabled }: CheckboxProps) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

/** A group of checkboxes with one legend and one error for the whole group. */
export function CheckboxGroup(props: {
  legend: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset
      className={props.error ? 'field fieldset field-invalid' : 'field fieldset'}
      aria-describedby={props.error ? errorId : undefined}
    >
      <legend>{props.legend}</legend>
      {props.children}
      <FieldError id={errorId} error={props.error} />
    </fieldset>
  );
}
