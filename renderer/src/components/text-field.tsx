import {
  useId,
  type ChangeEvent,
  type InputHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { FieldError } from './field-error';

interface FieldText {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** The box's class in place of a form's `field`, for a control laid out otherwise (filters). */
  fieldClass?: string;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { multiline?: false };
type AreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { multiline: true };
type TextFieldProps = FieldText & (InputProps | AreaProps);

/**
 * A labelled input (or, with `multiline`, a full-width text area) whose hint and error are
 * tied to it for assistive technology.
 */
export function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const { label, hint, error } = props;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const described = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  const className = [
    props.fieldClass ?? 'field',
    props.multiline ? 'field-wide' : null,
    error ? 'field-invalid' : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {props.multiline ? (
        <textarea {...described} {...own(props)} />
      ) : (
        <input {...described} {...own(props)} />
      )}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** The attributes meant for the input or text area itself. */
function own<P extends FieldText & { multiline?: boolean }>(props: P) {
  const {
    label: _label,
    hint: _hint,
    error: _error,
    multiline: _multiline,
    fieldClass: _fieldClass,
    ...rest
  } = props;
  return rest;
}

/**
 * Ties TextFields to the text values of a draft: `bind(key)` gives a field its name, value,
 * change handler (an edit of that one value) and error, so a form names its fields instead of
 * wiring each by hand. `prefix` names nested values as main reports them (`customer.email`).
 */
export function textBinder<K extends string>(
  draft: Readonly<Record<K, string>>,
  edit: (patch: Partial<Record<K, string>>) => void,
  errors: Partial<Record<string, string>> = {},
  prefix = '',
) {
  return (key: K) => ({
    name: prefix + key,
    value: draft[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      edit({ [key]: e.target.value } as Partial<Record<K, string>>),
    error: errors[prefix + key],
  });
}
