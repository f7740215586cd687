import { useEffect, type RefObject } from 'react';

/**
 * After a failed submit, moves focus (and so the scroll position) to the first
 * field marked invalid: on a long form the message may be out of view.
 */
export function useFocusFirstInvalid(
  form: RefObject<HTMLFormElement | null>,
  error: unknown,
): void {
  useEffect(() => {
    if (!error) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!invalid) return;
    invalid.focus({ preventScroll: true });
    // Centre the whole field so its label and message are in view, not just the input.
    (invalid.closest('.field') ?? invalid).scrollIntoView({ block: 'center' });
  }, [form, error]);
}
