import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldText {
  label: string;
  hint?: string;
  error?: string | undefined;
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
  const className = ['field', props.multiline ? 'field-wide' : null, error ? 'field-invalid' : null]
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
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The attributes meant for the input or text area itself. */
function own<P extends FieldText & { multiline?: boolean }>(props: P) {
  const { label: _label, hint: _hint, error: _error, multiline: _multiline, ...rest } = props;
  return rest;
}
