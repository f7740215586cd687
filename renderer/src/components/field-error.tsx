/**
 * A field's error under it, with the id its control points at (aria-describedby) so assistive
 * technology reads it with the field; nothing while there is no error.
 */
export function FieldError({ id, error }: { id?: string; error: string | null | undefined }) {
  return error ? (
    <p className="field-error" id={id}>
      {error}
    </p>
  ) : null;
}
